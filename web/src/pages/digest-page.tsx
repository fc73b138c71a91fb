// The operations digest in the app: a day's sections (new wins, handoffs waiting, overdue tasks, clients without a
// project, approvals past their SLA, health changes), each line a link to its record; another day from the date
// picker (kept in the address: /digest?date=); "Send now" for those who run the team.
import { useState } from 'react';
import { getDigest, sendDigest, type DigestSent } from '../modules/digest/api/digest.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { dateIn } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

export function DigestPage() {
  useTitle('Operations digest');
  const { user, workspace } = useSession();
  const location = useLocation();
  const today = dateIn(workspace.timeZone);
  const asked = location.search.get('date') ?? '';
  const date = isDate(asked) ? asked : today;
  const digest = useResource(() => getDigest(date), [date]);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<DigestSent | null>(null);
  const [sendError, setSendError] = useState<unknown>(null);
  const maySend = can(user.role, 'team.manage');

  const send = async () => {
    setSending(true);
    setSendError(null);
    setSent(null);
    try {
      setSent(await sendDigest({ date }));
    } catch (caught) {
      setSendError(caught);
    } finally {
      setSending(false);
    }
  };

  const lines = digest.data?.sections.reduce((n, s) => n + s.lines.length, 0) ?? 0;
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Operations digest</h1>
          <p className="muted small">
            What needs attention after the handoff, day by day. <Link to="/dashboard">Open the delivery dashboard</Link>
          </p>
        </div>
        <div className="filters">
          <div className="form-cell">
            <label className="label" htmlFor="digest-date">
              Day
            </label>
            <input
              id="digest-date"
              type="date"
              className="input"
              value={date}
              max={today}
              onChange={(e) => {
                setSent(null);
                navigate(withQuery('/digest', { date: e.target.value && e.target.value !== today ? e.target.value : undefined }), { replace: true });
              }}
            />
          </div>
          {maySend ? (
            <button type="button" className="button button-primary" disabled={sending || !digest.data} onClick={() => void send()}>
              {sending ? 'Sending…' : 'Send now'}
            </button>
          ) : null}
        </div>
      </div>
      {sent ? (
        <p className="notice" role="status" data-testid="digest-sent">
          {sent.alreadySent
            ? `The digest of ${sent.date} had gone out already: nobody received it twice.`
            : `Sent the digest of ${sent.date} to ${sent.recipients} ${sent.recipients === 1 ? 'person' : 'people'}, in the app and by e-mail.`}
        </p>
      ) : null}
      <ErrorMessage error={sendError} />
      {digest.error ? <ErrorMessage error={digest.error} onRetry={() => void digest.reload()} /> : null}
      {!digest.data && !digest.error ? <Loading label="Loading the digest…" /> : null}
      {digest.data ? (
        <>
          <h2 className="digest-title" data-testid="digest-title">
            {digest.data.title}
          </h2>
          {lines === 0 ? <EmptyState title="Nothing needs attention on this day" /> : null}
          {digest.data.sections.map((section) => (
            <Section key={section.key} title={section.title} id={`digest-${section.key}`}>
              {section.lines.length === 0 ? (
                <p className="muted small">Nothing.</p>
              ) : (
                <ul className="digest-lines" data-testid={`digest-${section.key}`}>
                  {section.lines.map((line, i) => (
                    <li key={`${line.href}-${i}`}>
                      <Link to={line.href}>{line.text}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          ))}
        </>
      ) : null}
    </main>
  );
}
