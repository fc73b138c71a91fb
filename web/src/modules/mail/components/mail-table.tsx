import { formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { transportLabel, type MailSummary } from '../api/mail.api.ts';
import { MailStatusBadge } from './mail-status-badge.tsx';

export function MailTable({ mail, timeZone }: { mail: MailSummary[]; timeZone: string }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Subject</th>
          <th scope="col">To</th>
          <th scope="col">Document</th>
          <th scope="col">Status</th>
          <th scope="col">Sent by</th>
          <th scope="col">Sent</th>
        </tr>
      </thead>
      <tbody>
        {mail.map((m) => (
          <tr key={m.id} data-testid="mail-row">
            <td>
              <Link to={`/mail/${encodeURIComponent(m.id)}`}>{m.subject}</Link>
              {m.attachment ? <div className="muted small">Attachment: {m.attachment.name}</div> : null}
            </td>
            <td className="mail-to">{m.to}</td>
            <td>
              {m.document ? (
                <>
                  <Link to={`/opportunities/${encodeURIComponent(m.document.opportunityId)}`}>{m.document.opportunityName}</Link>
                  <div className="muted small">
                    {m.document.number}
                    {m.document.revision > 1 ? `, revision ${m.document.revision}` : ''}
                  </div>
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td>
              <MailStatusBadge status={m.status} />
              {m.error ? (
                <div className="cell-error small" title={m.error}>
                  {m.error}
                </div>
              ) : null}
            </td>
            <td>{m.status === 'queued' ? <span className="muted">—</span> : transportLabel(m.transport)}</td>
            <td className="nowrap">
              {m.sentAt ? (
                <time dateTime={m.sentAt}>{formatDateTime(m.sentAt, timeZone)}</time>
              ) : (
                <span className="muted">Queued {formatDateTime(m.createdAt, timeZone)}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
