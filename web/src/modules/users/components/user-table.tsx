import { Badge } from '../../../ui/badge.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { WorkspaceUser } from '../api/users.api.ts';
import { RoleBadge } from './role-badge.tsx';

export function UserTable({ users, timeZone, highlightIds }: { users: WorkspaceUser[]; timeZone: string; highlightIds?: ReadonlySet<string> }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">E-mail</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Added</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u.id} className={highlightIds?.has(u.id) ? 'row-new' : undefined}>
            <td>
              {u.name}
              {highlightIds?.has(u.id) ? <span className="tag tag-green">New</span> : null}
            </td>
            <td>{u.email}</td>
            <td>
              <RoleBadge role={u.role} />
            </td>
            <td>{u.active ? <Badge tone="green">active</Badge> : <Badge tone="grey">inactive</Badge>}</td>
            <td>
              <time dateTime={u.createdAt}>{formatDateTime(u.createdAt, timeZone)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
