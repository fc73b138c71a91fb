import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Activity, ActivityKind, ActivityListQuery, NewActivity } from '../../../../../src/schemas/accounts.ts';

export type { Activity, ActivityKind };
export const activityKinds: { value: ActivityKind; label: string }[] = [
  { value: 'note', label: 'Note' },
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'E-mail' },
  { value: 'meeting', label: 'Meeting' },
];

/** What activities are logged on and listed for: a deal or an account. */
export type ActivitySubject = Required<Pick<NewActivity, 'opportunityId'>> | Required<Pick<NewActivity, 'accountId'>>;

export const listActivities = (subject: ActivitySubject & ListQuery<ActivityListQuery>) => http.get<Page<Activity>>('/api/activities', subject);

export const createActivity = (input: ActivitySubject & Omit<NewActivity, 'opportunityId' | 'accountId'>) => http.post<Activity>('/api/activities', input);
