import { EmptyState } from '../../../ui/feedback.tsx';
import { humanize } from '../../../ui/format.ts';
import type { Contact } from '../api/accounts.api.ts';

export function ContactTable({ contacts }: { contacts: Contact[] }) {
  if (contacts.length === 0) return <EmptyState title="No contacts" />;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Title</th>
          <th scope="col">Buying role</th>
          <th scope="col">E-mail</th>
          <th scope="col">Phone</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((c) => (
          <tr key={c.id}>
            <td>
              {c.firstName} {c.lastName}
            </td>
            <td>{c.title ?? '—'}</td>
            <td>{humanize(c.buyingRole)}</td>
            <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</td>
            <td>{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
