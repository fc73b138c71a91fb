import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Notification, NotificationListQuery } from '../../../../../src/schemas/admin.ts';

export type { Notification };

export const listNotifications = (query: ListQuery<NotificationListQuery>) =>
  http.get<Page<Notification>>('/api/notifications', { unread: query.unread ? 'true' : undefined, cursor: query.cursor, limit: query.limit });

export const countUnread = async () => (await http.get<{ count: number }>('/api/notifications/unread-count')).count;

export const markRead = (id: string) => http.post<unknown>(`/api/notifications/${encodeURIComponent(id)}/read`);

export const markAllRead = () => http.post<unknown>('/api/notifications/read-all');

/** Where a notification leads: its subject's page, when the app has one. */
export function subjectPath(notification: Pick<Notification, 'subjectType' | 'subjectId'>): string | null {
  if (!notification.subjectId) return null;
  switch (notification.subjectType) {
    case 'opportunity':
      return `/opportunities/${encodeURIComponent(notification.subjectId)}`;
    case 'account':
      return `/accounts/${encodeURIComponent(notification.subjectId)}`;
    case 'project':
      return `/projects/${encodeURIComponent(notification.subjectId)}`;
    default:
      return null;
  }
}
