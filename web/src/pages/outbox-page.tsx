import { useEffect, useState } from 'react';
import {
  eventTypes,
  getEvent,
  listEvents,
  outboxStatuses,
  type OutboxEvent,
  type OutboxEventType,
  type OutboxStatus,
} from '../modules/outbox/api/outbox.api.ts';
import { OutboxTable } from '../modules/outbox/components/outbox-table.tsx';
import { useRetryEvent } from '../modules/outbox/hooks/use-retry-event.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { withQuery } from '../ui/http.ts';
import { eventTypeLabel } from '../ui/labels.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;
const filters: { value: OutboxStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'failed', label: 'Failed' },
  { value: 'done', label: 'Delivered' },
];

export function OutboxPage() {
  useTitle('Outbox');
  const { user, workspace } = useSession();
  const location = useLocation();
  const statusParam = location.search.get('status') ?? '';
  const status = (outboxStatuses as readonly string[]).includes(statusParam) ? (statusParam as OutboxStatus) : '';
  const typeParam = location.search.get('type') ?? '';
  const type = (eventTypes as readonly string[]).includes(typeParam) ? (typeParam as OutboxEventType) : '';
  const events = usePagedList((cursor) => listEvents({ status, type, limit: pageSize, cursor }), [status, type]);
  const [retried, setRetried] = useState<OutboxEvent | null>(null);

  useEffect(() => {
    events.reset();
    setRetried(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  }, [status, type]);

  const refresh = () => {
    events.reset();
    setRetried(null);
    void events.reload();
  };

  // A row shows the event as the server last answered; it stays in place (even if no longer in this filter) until a refresh.
  const replaceRow = (event: OutboxEvent) => events.update((list) => list.map((e) => (e.id === event.id ? { ...e, ...event } : e)));
  const retry = useRetryEvent(
    (event) => {
      setRetried(event);
      replaceRow(event);
    },
    (id) => void getEvent(id).then(replaceRow, () => undefined),
  );

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Outbox</h1>
          <p className="muted">Events the engine delivers after a change (notifications, follow-ups), newest first.</p>
        </div>
        <div className="button-row">
          <div className="segmented" role="group" aria-label="Show events">
            {filters.map((f) => (
              <button
                key={f.value || 'all'}
                type="button"
                className="button button-small"
                aria-pressed={status === f.value}
                onClick={() => navigate(withQuery('/outbox', { status: f.value, type }), { replace: true })}
              >
                {f.label}
              </button>
            ))}
          </div>
          <label className="inline-field">
            <span className="label">Event type</span>
            <select className="input" value={type} onChange={(e) => navigate(withQuery('/outbox', { status, type: e.target.value }), { replace: true })}>
              <option value="">All types</option>
              {eventTypes.map((t) => (
                <option key={t} value={t}>
                  {eventTypeLabel(t)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button-small" disabled={events.loading} onClick={refresh}>
            {events.loading && events.loaded ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {retried ? (
        <p className="success" role="status">
          "{eventTypeLabel(retried.type)}" is back in line: the worker delivers it in a moment. Refresh to see the result.
        </p>
      ) : null}
      {events.error ? <ErrorMessage error={events.error} onRetry={refresh} /> : null}
      {!events.loaded && events.loading ? <Loading label="Loading events…" /> : null}
      {events.loaded && events.items.length === 0 ? (
        <EmptyState title={status === 'done' ? 'No event was delivered yet' : 'Nothing is waiting: every event was delivered.'} />
      ) : null}
      {events.items.length > 0 ? (
        <div aria-busy={events.loading}>
          <OutboxTable
            events={events.items}
            timeZone={workspace.timeZone}
            mayRetry={can(user.role, 'outbox.retry')}
            busyId={retry.busyId}
            error={retry.error}
            onRetry={(event) => void retry.retry(event.id)}
          />
        </div>
      ) : null}
      <LoadMore list={events} />
    </main>
  );
}
