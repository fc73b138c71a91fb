// Where the sales notes and the signed scope disagree, side by side with both quotes, how sure the comparison is, "Confirm"
// for a weak one, and "Settle" with a resolution and a note.
import { useId, useState, type FormEvent } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { formatDateTime, humanize } from '../../../ui/format.ts';
import { confirmConflict, resolveConflict, type Conflict, type ConflictResolution, type ConflictResolutionBody, type Evidence } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { sourceTitleOf, useBriefContext } from '../hooks/use-brief-context.tsx';
import { resolutionLabels } from './brief-badges.tsx';
import { ConflictConfidenceMark } from './confidence-mark.tsx';

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const resolutions = Object.keys(resolutionLabels) as ConflictResolution[];

/** What the form says is missing, per field of the request. */
type Problems = Partial<Record<keyof ConflictResolutionBody, string>>;

function Side({ heading, evidence }: { heading: string; evidence: Evidence }) {
  const { brief, showEvidence } = useBriefContext();
  const title = sourceTitleOf(brief, evidence.sourceId);
  return (
    <div className="conflict-side">
      <h4 className="conflict-side-heading">{heading}</h4>
      <blockquote className="conflict-quote">{evidence.quote}</blockquote>
      <button type="button" className="link-button small" onClick={() => showEvidence(evidence)}>
        Show in “{title}”
      </button>
    </div>
  );
}

function SettleForm({ conflict }: { conflict: Conflict }) {
  const id = useId();
  const { brief, onBrief } = useBriefContext();
  const [resolution, setResolution] = useState<ConflictResolution | ''>('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Problems>({});
  const action = useBriefAction(onBrief);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Problems = {};
    if (!resolution) found.resolution = 'Choose how it was settled.';
    if (!note.trim()) found.note = 'Say who agreed what with the customer.';
    setLocal(found);
    if (found.resolution || found.note) {
      event.currentTarget.querySelector<HTMLElement>(`#${CSS.escape(`${id}-${found.resolution ? 'resolution' : 'note'}`)}`)?.focus();
      return;
    }
    await action.run(() => resolveConflict(brief.id, conflict.id, { resolution: resolution as ConflictResolution, note: note.trim() }));
  };
  const server = splitFieldErrors(action.error, ['resolution', 'note']);
  const resolutionError = local.resolution ?? (server.byField.resolution ? fieldSentence('The resolution', server.byField.resolution) : undefined);
  const noteError = local.note ?? (server.byField.note ? fieldSentence('The note', server.byField.note) : undefined);

  return (
    <form className="settle-form" onSubmit={submit} noValidate aria-label={`Settle: ${conflict.summary}`}>
      <div className="form-row">
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-resolution`}>
            Resolution
          </label>
          <select
            id={`${id}-resolution`}
            className="input"
            value={resolution}
            aria-invalid={Boolean(resolutionError)}
            aria-describedby={resolutionError ? `${id}-resolution-error` : undefined}
            onChange={(event) => setResolution(event.target.value as ConflictResolution)}
          >
            <option value="">Choose…</option>
            {resolutions.map((r) => (
              <option key={r} value={r}>
                {resolutionLabels[r]}
              </option>
            ))}
          </select>
          {resolutionError ? (
            <p id={`${id}-resolution-error`} className="field-error">
              {resolutionError}
            </p>
          ) : null}
        </div>
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-note`}>
            Note (required)
          </label>
          <textarea
            id={`${id}-note`}
            className="input"
            rows={2}
            value={note}
            aria-invalid={Boolean(noteError)}
            aria-describedby={noteError ? `${id}-note-error` : undefined}
            onChange={(event) => setNote(event.target.value)}
          />
          {noteError ? (
            <p id={`${id}-note-error`} className="field-error">
              {noteError}
            </p>
          ) : null}
        </div>
      </div>
      <ErrorMessage error={server.rest} />
      <div>
        <button type="submit" className="button button-primary button-small" disabled={action.pending}>
          {action.pending ? 'Settling…' : 'Settle'}
        </button>
      </div>
    </form>
  );
}

/** "Confirm" on a weak conflict: the AE says it is real, and it pauses the handoff until it is settled. */
function ConfirmButton({ conflict }: { conflict: Conflict }) {
  const { brief, onBrief } = useBriefContext();
  const action = useBriefAction(onBrief);
  return (
    <>
      <div className="conflict-confirm">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={action.pending}
          onClick={() => void action.run(() => confirmConflict(brief.id, conflict.id))}
        >
          {action.pending ? 'Confirming…' : 'Confirm'}
          <span className="visually-hidden"> conflict: {conflict.summary}</span>
        </button>
        <span className="muted small">Confirmed, it pauses the handoff until it is settled.</span>
      </div>
      <ErrorMessage error={action.error} />
    </>
  );
}

function ConflictCard({ conflict }: { conflict: Conflict }) {
  const { mayWrite, timeZone } = useBriefContext();
  const open = conflict.status === 'open';
  const weak = open && conflict.needsConfirmation;
  return (
    <li className={`conflict${open ? (weak ? ' conflict-to-confirm' : ' conflict-open') : ''}`} data-testid="conflict">
      <div className="conflict-head">
        <span className="tag">{humanize(conflict.kind)}</span>
        <h3 className="conflict-summary">{conflict.summary}</h3>
        {open ? <Badge tone={weak ? 'amber' : 'red'}>Open</Badge> : <Badge tone="green">Settled</Badge>}
      </div>
      <div className="conflict-meta">
        <ConflictConfidenceMark conflict={conflict} />
        {weak ? (
          <span className="muted small" data-testid="conflict-basis">
            {conflict.confidenceBasis ? `${upperFirst(conflict.confidenceBasis)}: it` : 'It'} does not pause the handoff until the AE confirms it.
          </span>
        ) : null}
      </div>
      <div className="conflict-sides">
        <Side heading="The sales notes say" evidence={conflict.notes} />
        <Side heading="The signed scope says" evidence={conflict.scope} />
      </div>
      {weak && mayWrite ? <ConfirmButton conflict={conflict} /> : null}
      {open ? (
        mayWrite ? (
          <SettleForm conflict={conflict} />
        ) : null
      ) : (
        <p className="small">
          <strong>{conflict.resolution ? resolutionLabels[conflict.resolution] : 'Settled'}</strong>
          {conflict.note ? `: ${conflict.note}` : ''}
          <span className="muted">
            {' '}
            — {conflict.resolvedBy ?? 'someone'}, {formatDateTime(conflict.resolvedAt, timeZone)}
          </span>
        </p>
      )}
    </li>
  );
}

export function ConflictList({ conflicts }: { conflicts: Conflict[] }) {
  const open = conflicts.filter((c) => c.status === 'open');
  const settled = conflicts.filter((c) => c.status !== 'open');
  return (
    <div className="conflicts">
      {open.length ? (
        <ul className="conflict-list">
          {open.map((c) => (
            <ConflictCard key={c.id} conflict={c} />
          ))}
        </ul>
      ) : null}
      {settled.length ? (
        <details className="inactive-group">
          <summary>
            {settled.length} settled {settled.length === 1 ? 'conflict' : 'conflicts'}
          </summary>
          <ul className="conflict-list">
            {settled.map((c) => (
              <ConflictCard key={c.id} conflict={c} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
