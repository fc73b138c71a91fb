import { Link } from '../../../ui/router.tsx';
import type { Account } from '../api/accounts.api.ts';
import { AccountStatusBadge } from './account-status-badge.tsx';

export function AccountTable({ accounts }: { accounts: Account[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Status</th>
          <th scope="col">Industry</th>
          <th scope="col">Owner</th>
          <th scope="col">CSM</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <td>
              <Link to={`/accounts/${encodeURIComponent(a.id)}`}>{a.name}</Link>
              {a.domain ? <div className="muted small">{a.domain}</div> : null}
            </td>
            <td>
              <AccountStatusBadge status={a.status} />
            </td>
            <td>{a.industry ?? '—'}</td>
            <td>{a.ownerName ?? '—'}</td>
            <td>{a.csmName ?? <span className="muted">None</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
