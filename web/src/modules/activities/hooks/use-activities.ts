// An opportunity's or account's activities, newest page first, with "Load more".
import { useState } from 'react';
import { useResource } from '../../../ui/use-resource.ts';
import { listActivities, type Activity, type ActivitySubject } from '../api/activities.api.ts';

export function useActivities(subject: ActivitySubject) {
  const key = 'opportunityId' in subject ? `o:${subject.opportunityId}` : `a:${subject.accountId}`;
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const resource = useResource(() => listActivities({ ...subject, limit: 50 }), [key]);

  const loadMore = async () => {
    const current = resource.data;
    if (!current?.next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listActivities({ ...subject, limit: 50, cursor: current.next });
      resource.setData({ items: [...current.items, ...page.items], next: page.next });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const prepend = (activity: Activity) => {
    const current = resource.data ?? { items: [], next: null };
    resource.setData({ items: [activity, ...current.items.filter((a) => a.id !== activity.id)], next: current.next });
  };

  return { ...resource, loadMore, loadingMore, moreError, prepend };
}
