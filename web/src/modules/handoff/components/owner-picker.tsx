// Gives a risk, a promise or a kickoff task its owner; saved as soon as a person is chosen.
import { useId } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { UserSelect } from '../../users/components/user-select.tsx';
import { updateItem, type BriefItem } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';

type OwnerPickerProps = { item: BriefItem; label: string; emptyLabel: string; invalid?: boolean };

export function OwnerPicker({ item, label, emptyLabel, invalid }: OwnerPickerProps) {
  const id = useId();
  const { brief, onBrief, mayWrite, people } = useBriefContext();
  const action = useBriefAction(onBrief);
  if (!mayWrite || item.dismissed || item.withdrawn) {
    return <span className="small">{item.owner ? `Owner: ${item.owner.name}` : <span className="warning-text">No owner</span>}</span>;
  }
  return (
    <div className="owner-picker">
      <div className="inline-field">
        <label className="label" htmlFor={id}>
          {label}
        </label>
        <UserSelect
          id={id}
          className="input input-compact"
          people={people}
          value={item.owner?.id ?? ''}
          current={item.owner}
          emptyLabel={emptyLabel}
          disabled={action.pending}
          invalid={invalid}
          onChange={(ownerId) => void action.run(() => updateItem(brief.id, item.id, { ownerId: ownerId || null }))}
        />
        <span className="muted small" role="status" aria-live="polite">
          {action.pending ? 'Saving…' : ''}
        </span>
      </div>
      <ErrorMessage error={action.error} />
    </div>
  );
}
