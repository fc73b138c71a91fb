import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import type { ApiToken } from '../api/tokens.api.ts';

type RevokeTokenDialogProps = {
  token: ApiToken | null;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (token: ApiToken) => void;
};

export function RevokeTokenDialog({ token, busy, error, onCancel, onConfirm }: RevokeTokenDialogProps) {
  return (
    <Dialog open={token !== null} title={token ? `Revoke "${token.name}"?` : 'Revoke the token?'} onClose={onCancel}>
      {token ? (
        <div className="stack">
          <p>
            Anything using the token <code className="code">{token.prefix}…</code> gets <strong>401 Unauthorized</strong> from its next request. This cannot be
            undone.
          </p>
          <ErrorMessage error={error} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onCancel} autoFocus>
              Cancel
            </button>
            <button type="button" className="button button-danger" disabled={busy} onClick={() => onConfirm(token)}>
              {busy ? 'Revoking…' : 'Revoke token'}
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
