// An opportunity's or account's activities, newest page first, with "Load more".
import { usePagedList } from '../../../ui/use-paged-list.ts';
import { listActivities, type ActivitySubject } from '../api/activities.api.ts';

export function useActivities(subject: ActivitySubject) {
  const key = 'opportunityId' in subject ? `o:${subject.opportunityId}` : `a:${subject.accountId}`;
  return usePagedList((cursor) => listActivities({ ...subject, limit: 50, cursor }), [key]);
}
