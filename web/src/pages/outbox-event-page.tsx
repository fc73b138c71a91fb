import { useEffect, useRef, useState } from 'react';
import { canRetry, getEvent, subjectLabel, subjectPath } from '../modules/outbox/api/outbox.api.ts';
import { AttemptLog } from '../modules/outbox/components/attempt-log.tsx';
import { OutboxStatusBadge } from '../modules/outbox/components/outbox-status-badge.tsx';
import { RetryButton } from '../modules/outbox/components/retry-button.tsx';
import { useRetryEvent } from '../modules/outbox/hooks/use-retry-event.ts';
import { getOpportunity } from '../modules/opportunities/api/opportunities.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { eventTypeLabel, recordTypeLabel } from '../ui/labels.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function OutboxEventPage({ id }: { id: string }) {
  const { user, workspace } = useSession();
  const event = useResource(() => getEvent(id), [id]);
  const [retriedAt, setRetriedAt] = useState<number | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  useTitle(event.data ? `${eventTypeLabel(event.data.type)} · Outbox` : 'Outbox event');
  // The deal's name, when the payload does not carry it; without it the ID still links.
  const subjectId =
    event.data?.subjectType === 'opportunity' && !event.data.subjectName && typeof event.data.payload?.['name'] !== 'string' ? event.data.subjectId : null;
  const subject = useResource(() => (subjectId ? getOpportunity(subjectId).catch(() => null) : Promise.resolve(null)), [subjectId]);

  const retry = useRetryEvent(
    () => {
      setRetriedAt(Date.now());
      void event.reload();
    },
    () => void event.reload(),
  );

  // After "Retry now" the worker picks the event up within moments: look again until it settles.
  const status = event.data?.status;
  useEffect(() => {
    if (retriedAt === null || status !== 'pending') return;
    if (Date.now() - retriedAt > 15_000) return;
    const timer = setTimeout(() => void event.reload(), 1000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [retriedAt, status, event.data]);

  useEffect(() => {
    if (retriedAt !== null) statusRef.current?.focus();
  }, [retriedAt]);

  if (event.error && !event.data) {
    const missing = event.error instanceof ApiError && event.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/outbox">← Outbox</Link>
        </p>
        {missing ? <h1>Event not found</h1> : null}
        <ErrorMessage error={event.error} onRetry={missing ? undefined : () => void event.reload()} />
      </main>
    );
  }
  const e = event.data;
  if (!e) {
    return (
      <main className="page">
        <Loading label="Loading the event…" />
      </main>
    );
  }
  const path = subjectPath(e);
  const mayRetry = can(user.role, 'outbox.retry');

  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/outbox">Outbox</Link> <span aria-hidden="true">/</span> <span>{eventTypeLabel(e.type)}</span>
      </p>
      <div className="page-header">
        <div>
          <h1>{eventTypeLabel(e.type)}</h1>
          <p className="headline">
            <OutboxStatusBadge status={e.status} />
            <span className="muted">
              Attempt {e.attempts} of {e.maxAttempts}
            </span>
          </p>
        </div>
        {mayRetry ? (
          <div className="close-actions">
            <RetryButton eventType={eventTypeLabel(e.type)} busy={retry.busyId === e.id} disabled={!canRetry(e)} onRetry={() => void retry.retry(e.id)} />
            {canRetry(e) ? null : <p className="muted small">Delivered events cannot be retried.</p>}
          </div>
        ) : null}
      </div>
      {retry.error ? <ErrorMessage error={retry.error.error} /> : null}
      {retriedAt !== null ? (
        <p ref={statusRef} tabIndex={-1} className={e.status === 'done' ? 'success' : 'notice notice-block'} role="status">
          {e.status === 'done'
            ? 'Delivered after the retry.'
            : e.status === 'failed'
              ? 'The retry failed again: see the attempt log.'
              : 'Back in line: waiting for the worker…'}
        </p>
      ) : null}

      <Section title="Event">
        <dl className="fields">
          <Field
            label="Subject"
            value={path ? <Link to={path}>{subject.data ? subject.data.name : subjectLabel(e)}</Link> : `${recordTypeLabel(e.subjectType)} ${e.subjectId}`}
          />
          <Field label="Subject type" value={recordTypeLabel(e.subjectType)} />
          <Field label="Event type" value={<code className="code">{e.type}</code>} />
          <Field label="Created" value={formatDateTime(e.createdAt, workspace.timeZone, { seconds: true })} />
          <Field label="Delivered" value={e.processedAt ? formatDateTime(e.processedAt, workspace.timeZone, { seconds: true }) : 'Not yet'} />
          <Field label="Next attempt" value={e.status === 'pending' ? formatDateTime(e.nextAttemptAt, workspace.timeZone, { seconds: true }) : '—'} />
          <Field label="Locked by" value={e.lockedBy ? <code className="code">{e.lockedBy}</code> : 'Nobody'} />
        </dl>
        {e.lastError ? (
          <div className="stack-small last-error">
            <h3>Last error</h3>
            <pre className="pre pre-error">{e.lastError}</pre>
          </div>
        ) : null}
        <details className="payload">
          <summary>Payload</summary>
          <pre className="pre">{JSON.stringify(e.payload, null, 2)}</pre>
        </details>
      </Section>

      <Section title="Attempt log">
        <AttemptLog attempts={e.attemptLog} timeZone={workspace.timeZone} />
      </Section>
    </main>
  );
}
