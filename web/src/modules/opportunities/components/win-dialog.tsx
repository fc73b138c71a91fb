// Asks before a deal is marked won (from the deal page or a drop on the won column): winning starts the handoff and
// cannot be undone silently. When the pipeline requires fields the deal leaves empty, it lists them with a way to fill them.
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { ApiError } from '../../../ui/http.ts';
import { Link } from '../../../ui/router.tsx';
import type { DealField } from '../../../../../src/domain/opportunity.ts';

type WinDialogProps = {
  open: boolean;
  dealName: string;
  /** The deal, for the link to its fields; leave out on the deal page itself (onEditFields is used instead). */
  opportunityId?: string | undefined;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: () => void;
  /** On the deal page: close the dialog and go to the deal's fields. */
  onEditFields?: (() => void) | undefined;
};

/** The fields a 409 opportunity.missing_fields names, or null for any other error. */
export function missingFieldsOf(error: unknown): DealField[] | null {
  if (!(error instanceof ApiError) || error.code !== 'opportunity.missing_fields') return null;
  const missing = error.details.missing;
  return Array.isArray(missing) ? (missing as DealField[]) : [];
}

export function WinDialog({ open, dealName, opportunityId, busy, error, onCancel, onConfirm, onEditFields }: WinDialogProps) {
  const missing = missingFieldsOf(error);
  return (
    <Dialog open={open} title={`Mark "${dealName}" won`} onClose={onCancel}>
      <div className="stack">
        <p className="muted">The account becomes an active client, its nurture sequences stop and the rules start the delivery handoff.</p>
        {missing ? (
          <div className="error" role="alert">
            <p>
              <strong>This pipeline needs these fields before a deal is won:</strong>
            </p>
            <ul>
              {missing.map((f) => (
                <li key={f.key}>{f.label}</li>
              ))}
            </ul>
            {onEditFields ? (
              <button type="button" className="button button-small" onClick={onEditFields}>
                Fill them in
              </button>
            ) : opportunityId ? (
              <Link to={`/opportunities/${encodeURIComponent(opportunityId)}`}>Open the deal to fill them in</Link>
            ) : null}
          </div>
        ) : (
          <ErrorMessage error={error} />
        )}
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
