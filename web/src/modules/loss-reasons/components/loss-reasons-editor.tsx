// The workspace's loss reasons in settings: add one, rename it, move it up or down, archive or restore it.
// Archived reasons stay on the losses that recorded them; the lose dialog no longer offers them.
import { useState, type FormEvent } from 'react';
import { EmptyState, ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import { createLossReason, listLossReasons, updateLossReason, type LossReason, type LossReasonPatch } from '../api/loss-reasons.api.ts';

function ReasonRow({
  reason,
  index,
  count,
  busy,
  onChange,
}: {
  reason: LossReason;
  index: number;
  count: number;
  busy: boolean;
  onChange: (patch: LossReasonPatch) => void;
}) {
  const [label, setLabel] = useState(reason.label);
  const changed = label.trim() !== reason.label;
  return (
    <tr className={reason.archived ? 'muted' : undefined}>
      <td>
        <form
          className="loss-reason-label"
          onSubmit={(e) => {
            e.preventDefault();
            if (changed && label.trim()) onChange({ label: label.trim() });
          }}
        >
          <input className="input" aria-label={`Label of ${reason.label}`} value={label} maxLength={120} required onChange={(e) => setLabel(e.target.value)} />
          {changed ? (
            <button type="submit" className="button button-small" disabled={busy || !label.trim()}>
              Rename
            </button>
          ) : null}
        </form>
      </td>
      <td>
        <code className="code">{reason.key}</code>
        {reason.key === 'other' ? <span className="muted small"> asks for a note</span> : null}
      </td>
      <td>{reason.archived ? 'Archived' : 'Offered'}</td>
      <td className="actions">
        <button
          type="button"
          className="button button-small"
          aria-label={`Move ${reason.label} up`}
          disabled={busy || index === 0}
          onClick={() => onChange({ position: index })}
        >
          ↑
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label={`Move ${reason.label} down`}
          disabled={busy || index === count - 1}
          onClick={() => onChange({ position: index + 2 })}
        >
          ↓
        </button>
        <button type="button" className="button button-small" disabled={busy} onClick={() => onChange({ archived: !reason.archived })}>
          {reason.archived ? `Restore` : `Archive`}
          <span className="visually-hidden"> {reason.label}</span>
        </button>
      </td>
    </tr>
  );
}

export function LossReasonsEditor() {
  const reasons = useResource(() => listLossReasons(), []);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await reasons.reload();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) return;
    if (await act(() => createLossReason({ label: label.trim() }))) setLabel('');
  };

  const list = reasons.data ?? [];
  return (
    <div className="stack">
      {reasons.error ? <ErrorMessage error={reasons.error} onRetry={() => void reasons.reload()} /> : null}
      {!reasons.data && reasons.loading ? <Loading label="Loading the loss reasons…" /> : null}
      {reasons.data && list.length === 0 ? (
        <EmptyState title="No loss reasons yet">Deals are lost with a free-text reason until you add the first one.</EmptyState>
      ) : null}
      {list.length > 0 ? (
        <table className="table loss-reasons" aria-label="Loss reasons">
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Order and archive</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((r, index) => (
              <ReasonRow
                key={`${r.id}-${r.label}`}
                reason={r}
                index={index}
                count={list.length}
                busy={busy}
                onChange={(patch) => void act(() => updateLossReason(r.id, patch))}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      <ErrorMessage error={error} />
      <form className="form-row" onSubmit={(e) => void add(e)} aria-label="New loss reason">
        <label className="field" htmlFor="new-loss-reason">
          <span>New reason</span>
          <input
            id="new-loss-reason"
            className="input"
            value={label}
            maxLength={120}
            placeholder="e.g. Lost to in-house build"
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={busy || !label.trim()}>
          Add reason
        </button>
      </form>
    </div>
  );
}
