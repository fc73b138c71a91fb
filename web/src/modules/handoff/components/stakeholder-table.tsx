// The customer's people as a table: name and title, authority and whether they took part (both editable), and a warning
// for a sponsor or decision maker who has not been engaged.
import { Fragment, useId } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { authorities, authorityLabels, updateItem, type Authority, type BriefItem } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';
import { EditedMarker, itemLabel } from './brief-item.tsx';
import { EvidenceChips } from './evidence-chips.tsx';
import { ConfidenceMark } from './confidence-mark.tsx';
import { useItemControls } from './item-controls.tsx';

const columns = 4;

/** A sponsor or decision maker nobody has heard from yet: the kickoff needs them. */
export const needsEngaging = (item: BriefItem): boolean =>
  Boolean(item.stakeholder && !item.stakeholder.engaged && ['sponsor', 'decision_maker'].includes(item.stakeholder.authority));

function StakeholderRow({ item }: { item: BriefItem }) {
  const id = useId();
  const { brief, onBrief, mayWrite } = useBriefContext();
  const action = useBriefAction(onBrief);
  const controls = useItemControls(item, itemLabel(item), { edits: 'title' });
  const person = item.stakeholder ?? { name: item.text, title: null, authority: 'unknown' as Authority, engaged: false };
  const warn = needsEngaging(item);

  return (
    <Fragment>
      <tr data-testid="stakeholder-row" className={warn || item.needsConfirmation ? 'row-attention' : undefined}>
        <th scope="row" className="stakeholder-name">
          {person.name}
          {person.title ? <div className="muted small">{person.title}</div> : null}
          <EditedMarker item={item} />
          <div>
            <ConfidenceMark item={item} />
          </div>
          <EvidenceChips evidence={item.evidence} itemText={person.name} />
        </th>
        <td>
          {mayWrite ? (
            <>
              <label className="visually-hidden" htmlFor={`${id}-authority`}>
                Authority of {person.name}
              </label>
              <select
                id={`${id}-authority`}
                className="input input-compact"
                value={person.authority}
                disabled={action.pending}
                onChange={(event) => void action.run(() => updateItem(brief.id, item.id, { authority: event.target.value as Authority }))}
              >
                {authorities.map((a) => (
                  <option key={a} value={a}>
                    {authorityLabels[a]}
                  </option>
                ))}
              </select>
            </>
          ) : (
            authorityLabels[person.authority]
          )}
        </td>
        <td>
          <div className="engaged-cell">
            {mayWrite ? (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={person.engaged}
                  disabled={action.pending}
                  onChange={(event) => void action.run(() => updateItem(brief.id, item.id, { engaged: event.target.checked }))}
                />
                {person.engaged ? 'Yes' : 'No'}
                <span className="visually-hidden">, {person.name} took part</span>
              </label>
            ) : (
              <span>{person.engaged ? 'Yes' : 'No'}</span>
            )}
            {warn ? (
              <Badge tone="amber" title={`A ${authorityLabels[person.authority].toLowerCase()} who has not taken part yet`}>
                Not engaged
              </Badge>
            ) : null}
          </div>
        </td>
        <td className="cell-actions">{controls.actions}</td>
      </tr>
      {controls.panel || action.error ? (
        <tr className="row-panel">
          <td colSpan={columns}>
            {controls.panel}
            <ErrorMessage error={action.error} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

export function StakeholderTable({ items }: { items: BriefItem[] }) {
  return (
    <table className="table stakeholder-table">
      <caption className="visually-hidden">The customer's stakeholders</caption>
      <thead>
        <tr>
          <th scope="col">Name and title</th>
          <th scope="col">Authority</th>
          <th scope="col">Engaged</th>
          <th scope="col">
            <span className="visually-hidden">Changes</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <StakeholderRow key={item.id} item={item} />
        ))}
      </tbody>
    </table>
  );
}
