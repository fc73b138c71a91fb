import { formatDatesIn, formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { subjectPath, type Notification } from '../api/notifications.api.ts';

type NotificationListProps = {
  notifications: Notification[];
  timeZone: string;
  busyId: string | null;
  onMarkRead: (notification: Notification) => void;
};

export function NotificationList({ notifications, timeZone, busyId, onMarkRead }: NotificationListProps) {
  return (
    <ul className="notifications">
      {notifications.map((n) => {
        const path = subjectPath(n);
        const unread = !n.readAt;
        return (
          <li key={n.id} className={`notification ${unread ? 'notification-unread' : ''}`}>
            <div className="notification-main">
              <p className="notification-title">
                {unread ? <span className="unread-dot" aria-label="Unread" role="img" /> : null}
                {path ? (
                  <Link to={path} onClick={() => (unread ? onMarkRead(n) : undefined)}>
                    {n.title}
                  </Link>
                ) : (
                  n.title
                )}
              </p>
              {n.body ? <p className="notification-body">{formatDatesIn(n.body)}</p> : null}
              <p className="muted small">
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, timeZone)}</time>
              </p>
            </div>
            {unread ? (
              <button
                type="button"
                className="button button-small"
                disabled={busyId === n.id}
                onClick={() => onMarkRead(n)}
                aria-label={`Mark "${n.title}" read`}
              >
                Mark read
              </button>
            ) : (
              <span className="muted small">Read</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
