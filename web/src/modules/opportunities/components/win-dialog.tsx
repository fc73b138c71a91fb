// Asks before a deal dropped on a won column is marked won: winning starts the handoff and cannot be undone silently.
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';

type WinDialogProps = {
  open: boolean;
  dealName: string;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: () => void;
};

export function WinDialog({ open, dealName, busy, error, onCancel, onConfirm }: WinDialogProps) {
  return (
    <Dialog open={open} title={`Mark "${dealName}" won`} onClose={onCancel}>
      <div className="stack">
        <p className="muted">The account becomes an active client, its nurture sequences stop and the rules start the delivery handoff.</p>
        <ErrorMessage error={error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button-success" disabled={busy} autoFocus onClick={onConfirm}>
            {busy ? 'Marking won…' : 'Mark won'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
