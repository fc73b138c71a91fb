// The mailbox: what the workspace e-mailed (client documents with their PDF, rule notifications), newest first.
import { useEffect } from 'react';
import { listMail, mailStatuses, type MailStatus } from '../modules/mail/api/mail.api.ts';
import { MailTable } from '../modules/mail/components/mail-table.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;
const filters: { value: MailStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'queued', label: 'Queued' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
];

export function MailboxPage() {
  useTitle('Mailbox');
  const { workspace } = useSession();
  const location = useLocation();
  const statusParam = location.search.get('status') ?? '';
  const status = (mailStatuses as readonly string[]).includes(statusParam) ? (statusParam as MailStatus) : '';
  const q = location.search.get('q') ?? '';
  const mail = usePagedList((cursor) => listMail({ status, q, limit: pageSize, cursor }), [status, q]);

  useEffect(() => {
    mail.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list object is new on every render)
  }, [status, q]);

  const refresh = () => {
    mail.reset();
    void mail.reload();
  };

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Mailbox</h1>
          <p className="muted">
            E-mail the workspace sent: client documents with their PDF, and rule notifications. Without an SMTP server it goes to the mail folder.
          </p>
        </div>
        <div className="button-row">
          <div className="segmented" role="group" aria-label="Show mail">
            {filters.map((f) => (
              <button
                key={f.value || 'all'}
                type="button"
                className="button button-small"
                aria-pressed={status === f.value}
                onClick={() => navigate(withQuery('/mail', { status: f.value, q }), { replace: true })}
              >
                {f.label}
              </button>
            ))}
          </div>
          <form
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              const value = String(new FormData(e.currentTarget).get('q') ?? '').trim();
              navigate(withQuery('/mail', { status, q: value }), { replace: true });
            }}
          >
            <input className="input" name="q" type="search" aria-label="Search mail" defaultValue={q} placeholder="Search subject or address" key={q} />
          </form>
          <button type="button" className="button button-small" disabled={mail.loading} onClick={refresh}>
            {mail.loading && mail.loaded ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {mail.error ? <ErrorMessage error={mail.error} onRetry={refresh} /> : null}
      {!mail.loaded && mail.loading ? <Loading label="Loading mail…" /> : null}
      {mail.loaded && mail.items.length === 0 ? (
        <EmptyState title={status || q ? 'No mail matches' : 'No mail yet'}>
          {status || q ? (
            <p>Try another filter.</p>
          ) : (
            <p>When a client document is sent, or a rule e-mails someone, the message shows here with its delivery.</p>
          )}
        </EmptyState>
      ) : null}
      {mail.items.length > 0 ? (
        <div aria-busy={mail.loading}>
          <MailTable mail={mail.items} timeZone={workspace.timeZone} />
        </div>
      ) : null}
      <LoadMore list={mail} />
    </main>
  );
}
