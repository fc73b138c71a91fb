// One message of the mailbox: where it went, how and when, the document it carried (with the PDF) and its body.
import { attachmentUrl, getMail, transportLabel } from '../modules/mail/api/mail.api.ts';
import { MailStatusBadge } from '../modules/mail/components/mail-status-badge.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function MailPage({ id }: { id: string }) {
  const { workspace } = useSession();
  const mail = useResource(() => getMail(id), [id]);
  useTitle(mail.data ? `${mail.data.subject} · Mailbox` : 'Mail');

  if (mail.error && !mail.data) {
    const missing = mail.error instanceof ApiError && mail.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/mail">← Mailbox</Link>
        </p>
        {missing ? <h1>Message not found</h1> : null}
        <ErrorMessage error={mail.error} onRetry={missing ? undefined : () => void mail.reload()} />
      </main>
    );
  }
  const m = mail.data;
  if (!m) {
    return (
      <main className="page">
        <Loading label="Loading the message…" />
      </main>
    );
  }

  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/mail">Mailbox</Link> <span aria-hidden="true">/</span> <span>{m.subject}</span>
      </p>
      <div className="page-header">
        <div>
          <h1>{m.subject}</h1>
          <p className="headline">
            <MailStatusBadge status={m.status} />
            <span className="muted">To {m.to}</span>
          </p>
        </div>
        {m.attachment ? (
          <div className="close-actions">
            <a className="button button-small" href={attachmentUrl(m.id)} download={m.attachment.name}>
              Download the PDF
            </a>
          </div>
        ) : null}
      </div>

      <Section title="Delivery">
        <dl className="fields">
          <Field label="To" value={m.to} />
          <Field label="Status" value={<MailStatusBadge status={m.status} />} />
          <Field label="Sent by" value={transportLabel(m.transport)} />
          <Field label="Queued" value={formatDateTime(m.createdAt, workspace.timeZone, { seconds: true })} />
          <Field label="Sent" value={m.sentAt ? formatDateTime(m.sentAt, workspace.timeZone, { seconds: true }) : 'Not yet'} />
          <Field
            label="Document"
            value={
              m.document ? (
                <>
                  <Link to={`/opportunities/${encodeURIComponent(m.document.opportunityId)}`}>{m.document.opportunityName}</Link>: {m.document.title}
                  {m.document.revision > 1 ? ` (revision ${m.document.revision})` : ''}
                </>
              ) : (
                'None'
              )
            }
          />
          <Field label="Attachment" value={m.attachment ? <a href={attachmentUrl(m.id)}>{m.attachment.name}</a> : 'None'} />
          {m.originRunId ? <Field label="Rule run" value={<Link to={`/runs/${encodeURIComponent(m.originRunId)}`}>The run that sent it</Link>} /> : null}
        </dl>
        {m.error ? (
          <div className="stack-small last-error">
            <h3>Error</h3>
            <pre className="pre pre-error">{m.error}</pre>
          </div>
        ) : null}
      </Section>

      <Section title="Message">
        <pre className="pre mail-body" data-testid="mail-body">
          {m.body}
        </pre>
      </Section>
    </main>
  );
}
