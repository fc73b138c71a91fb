import { useEffect, useRef, useState } from 'react';
import { listNotifications, markAllRead, markRead, type Notification } from '../modules/notifications/api/notifications.api.ts';
import { NotificationList } from '../modules/notifications/components/notification-list.tsx';
import { useUnreadCount } from '../modules/notifications/hooks/use-unread-count.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

export function NotificationsPage() {
  useTitle('Notifications');
  const { workspace } = useSession();
  const location = useLocation();
  const unreadOnly = location.search.get('unread') === 'true';
  const unread = useUnreadCount();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [busyAll, setBusyAll] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  // A failed "Load more" shows with the other failed actions, at the top.
  const list = usePagedList((cursor) => listNotifications({ unread: unreadOnly, limit: 50, cursor }), [unreadOnly], { onMoreError: setActionError });

  // A new notification arriving while the page is open shows up without a reload.
  const count = unread.count;
  const seenCount = useRef<number | null>(null);
  useEffect(() => {
    if (count === null) return;
    if (seenCount.current !== null && count > seenCount.current) void list.reload();
    seenCount.current = count;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [count]);

  const readOne = async (n: Notification) => {
    setBusyId(n.id);
    setActionError(null);
    try {
      await markRead(n.id);
      const readAt = new Date().toISOString();
      list.update((items) => (unreadOnly ? items.filter((i) => i.id !== n.id) : items.map((i) => (i.id === n.id ? { ...i, readAt } : i))));
      void unread.refresh();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusyId(null);
    }
  };

  const readAll = async () => {
    setBusyAll(true);
    setActionError(null);
    try {
      await markAllRead();
      await list.reload();
      void unread.refresh();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusyAll(false);
    }
  };

  const anyUnread = (unread.count ?? 0) > 0 || list.items.some((n) => !n.readAt);

  return (
    <main className="page">
      <div className="page-header">
        <h1>Notifications</h1>
        <div className="button-row">
          <div className="segmented" role="group" aria-label="Show">
            <button type="button" className="button button-small" aria-pressed={!unreadOnly} onClick={() => navigate('/notifications', { replace: true })}>
              All
            </button>
            <button
              type="button"
              className="button button-small"
              aria-pressed={unreadOnly}
              onClick={() => navigate('/notifications?unread=true', { replace: true })}
            >
              Unread{unread.count ? ` (${unread.count})` : ''}
            </button>
          </div>
          <button type="button" className="button button-small" disabled={!anyUnread || busyAll} onClick={() => void readAll()}>
            {busyAll ? 'Marking…' : 'Mark all read'}
          </button>
        </div>
      </div>
      <ErrorMessage error={actionError} />
      {list.error ? <ErrorMessage error={list.error} onRetry={() => void list.reload()} /> : null}
      {!list.loaded && list.loading ? <Loading label="Loading notifications…" /> : null}
      {list.loaded && list.items.length === 0 ? <EmptyState title={unreadOnly ? 'You are all caught up' : 'No notifications yet'} /> : null}
      {list.items.length > 0 ? (
        <NotificationList notifications={list.items} timeZone={workspace.timeZone} busyId={busyId} onMarkRead={(n) => void readOne(n)} />
      ) : null}
      <LoadMore list={list} />
    </main>
  );
}
