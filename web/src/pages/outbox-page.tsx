import { useEffect, useState } from 'react';
import { getEvent, listEvents, outboxStatuses, type OutboxEvent, type OutboxStatus } from '../modules/outbox/api/outbox.api.ts';
import { OutboxTable } from '../modules/outbox/components/outbox-table.tsx';
import { useRetryEvent } from '../modules/outbox/hooks/use-retry-event.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { withQuery } from '../ui/http.ts';
import { navigate, useLocation } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
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
  const status = (outboxStatuses as string[]).includes(statusParam) ? (statusParam as OutboxStatus) : '';
  const first = useResource(() => listEvents({ status, limit: pageSize }), [status]);
  const [more, setMore] = useState<{ items: OutboxEvent[]; next: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [retried, setRetried] = useState<OutboxEvent | null>(null);

  useEffect(() => {
    setMore(null);
    setRetried(null);
  }, [status]);

  const refresh = () => {
    setMore(null);
    setRetried(null);
    void first.reload();
  };

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (first.data?.next ?? null);

  // A row shows the event as the server last answered; it stays in place (even if no longer in this filter) until a refresh.
  const replaceRow = (event: OutboxEvent) => {
    const replace = (list: OutboxEvent[]) => list.map((e) => (e.id === event.id ? { ...e, ...event } : e));
    if (first.data) first.setData({ ...first.data, items: replace(first.data.items) });
    setMore((current) => (current ? { ...current, items: replace(current.items) } : current));
  };
  const retry = useRetryEvent(
    (event) => {
      setRetried(event);
      replaceRow(event);
    },
    (id) => void getEvent(id).then(replaceRow, () => undefined),
  );

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listEvents({ status, limit: pageSize, cursor: next });
      setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

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
                onClick={() => navigate(withQuery('/outbox', { status: f.value }), { replace: true })}
              >
                {f.label}
              </button>
            ))}
          </div>
          <button type="button" className="button button-small" disabled={first.loading} onClick={refresh}>
            {first.loading && first.data ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {retried ? (
        <p className="success" role="status">
          "{retried.type}" is back in line: the worker delivers it in a moment. Refresh to see the result.
        </p>
      ) : null}
      {first.error ? <ErrorMessage error={first.error} onRetry={refresh} /> : null}
      {!first.data && first.loading ? <Loading label="Loading events…" /> : null}
      {first.data && items.length === 0 ? (
        <EmptyState title={status === 'done' ? 'No event was delivered yet' : 'Nothing is waiting: every event was delivered.'} />
      ) : null}
      {items.length > 0 ? (
        <div aria-busy={first.loading}>
          <OutboxTable
            events={items}
            timeZone={workspace.timeZone}
            mayRetry={can(user.role, 'outbox.retry')}
            busyId={retry.busyId}
            error={retry.error}
            onRetry={(event) => void retry.retry(event.id)}
          />
        </div>
      ) : null}
      {next ? (
        <div className="load-more">
          <button type="button" className="button" disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
      <ErrorMessage error={moreError} />
    </main>
  );
}
