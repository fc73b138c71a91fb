// Asks why a deal is lost: a reason from the workspace's list (a note with "Other"), or free text when there is no list.
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import { useLossReasons } from '../../loss-reasons/hooks/use-loss-reasons.ts';
import type { LoseBody } from '../api/opportunities.api.ts';

type LoseDialogProps = {
  open: boolean;
  dealName: string;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (body: LoseBody) => void;
};

export function LoseDialog({ open, dealName, busy, error, onCancel, onConfirm }: LoseDialogProps) {
  const reasons = useLossReasons(open);
  const [reasonId, setReasonId] = useState('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const active = (reasons.data ?? []).filter((r) => !r.archived);
  const hasList = active.length > 0;
  const chosen = active.find((r) => r.id === reasonId);
  const noteRequired = !hasList || chosen?.key === 'other';
  const missingReason = hasList && !chosen;
  const missingNote = noteRequired && note.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missingReason || missingNote) return;
    const text = note.trim();
    onConfirm(hasList ? { lossReasonId: reasonId, ...(text && { lossNote: text }) } : { reason: text });
  };

  const close = () => {
    setReasonId('');
    setNote('');
    setTouched(false);
    onCancel();
  };

  return (
    <Dialog open={open} title={`Mark "${dealName}" lost`} onClose={close}>
      <form onSubmit={submit} className="stack" noValidate>
        <p className="muted">Sequences stop and the deal is kept for reactivation.</p>
        {reasons.loading && !reasons.data ? <Loading label="Loading the loss reasons…" /> : null}
        <ErrorMessage error={reasons.error} onRetry={() => void reasons.reload()} />
        {hasList ? (
          <>
            <label className="label" htmlFor="lose-reason-id">
              Reason (required)
            </label>
            <select
              id="lose-reason-id"
              className="input"
              required
              autoFocus
              value={reasonId}
              aria-invalid={touched && missingReason}
              aria-describedby={touched && missingReason ? 'lose-reason-id-error' : undefined}
              onChange={(event) => setReasonId(event.target.value)}
            >
              <option value="">Choose a reason…</option>
              {active.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
            {touched && missingReason ? (
              <p id="lose-reason-id-error" className="field-error">
                Choose why the deal was lost.
              </p>
            ) : null}
          </>
        ) : null}
        {reasons.data ? (
          <>
            <label className="label" htmlFor="lose-note">
              {hasList ? (noteRequired ? 'Note (required with “Other”)' : 'Note (optional)') : 'Reason (required)'}
            </label>
            <textarea
              id="lose-note"
              className="input"
              rows={3}
              required={noteRequired}
              autoFocus={!hasList}
              value={note}
              aria-invalid={touched && missingNote}
              aria-describedby={touched && missingNote ? 'lose-note-error' : undefined}
              onChange={(event) => setNote(event.target.value)}
            />
            {touched && missingNote ? (
              <p id="lose-note-error" className="field-error">
                {hasList ? 'Say what the other reason was.' : 'Say why the deal was lost.'}
              </p>
            ) : null}
          </>
        ) : null}
        <ErrorMessage error={error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy || !reasons.data}>
            {busy ? 'Marking lost…' : 'Mark lost'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
