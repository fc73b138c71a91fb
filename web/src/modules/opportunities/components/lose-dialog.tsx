import { useState, type FormEvent } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';

type LoseDialogProps = {
  open: boolean;
  dealName: string;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
};

export function LoseDialog({ open, dealName, busy, error, onCancel, onConfirm }: LoseDialogProps) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = reason.trim() === '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missing) return;
    onConfirm(reason.trim());
  };

  const close = () => {
    setReason('');
    setTouched(false);
    onCancel();
  };

  return (
    <Dialog open={open} title={`Mark "${dealName}" lost`} onClose={close}>
      <form onSubmit={submit} className="stack" noValidate>
        <p className="muted">Sequences stop and the deal is kept for reactivation.</p>
        <label className="label" htmlFor="lose-reason">
          Reason (required)
        </label>
        <textarea
          id="lose-reason"
          className="input"
          rows={3}
          required
          autoFocus
          value={reason}
          aria-invalid={touched && missing}
          aria-describedby={touched && missing ? 'lose-reason-error' : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
        {touched && missing ? (
          <p id="lose-reason-error" className="field-error">
            Say why the deal was lost.
          </p>
        ) : null}
        <ErrorMessage error={error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy}>
            {busy ? 'Marking lost…' : 'Mark lost'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
