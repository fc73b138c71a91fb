import { Badge } from '../../../ui/badge.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { RoleBadge } from '../../users/components/role-badge.tsx';
import type { ApiToken } from '../api/tokens.api.ts';

type TokenTableProps = {
  tokens: ApiToken[];
  timeZone: string;
  onRevoke: (token: ApiToken) => void;
};

export function TokenTable({ tokens, timeZone, onRevoke }: TokenTableProps) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Prefix</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} className={t.revokedAt ? 'row-muted' : undefined}>
            <td>{t.name}</td>
            <td>
              <RoleBadge role={t.role} />
            </td>
            <td>
              <code className="code">{t.prefix}…</code>
            </td>
            <td>
              <time dateTime={t.createdAt}>{formatDateTime(t.createdAt, timeZone)}</time>
            </td>
            <td>{t.lastUsedAt ? <time dateTime={t.lastUsedAt}>{formatDateTime(t.lastUsedAt, timeZone)}</time> : <span className="muted">Never</span>}</td>
            <td>
              {t.revokedAt ? (
                <span>
                  <Badge tone="red">revoked</Badge>
                  <div className="muted small">
                    <time dateTime={t.revokedAt}>{formatDateTime(t.revokedAt, timeZone)}</time>
                  </div>
                </span>
              ) : (
                <Badge tone="green">active</Badge>
              )}
            </td>
            <td className="cell-actions">
              {t.revokedAt ? null : (
                <button type="button" className="button button-small button-danger-outline" onClick={() => onRevoke(t)} aria-label={`Revoke "${t.name}"`}>
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
