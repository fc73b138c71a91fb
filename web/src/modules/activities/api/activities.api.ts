import { http, type Page } from '../../../ui/http.ts';

import type { Activity, ActivityKind } from '../../../../../src/schemas/accounts.ts';

export type { Activity, ActivityKind };
export const activityKinds: { value: ActivityKind; label: string }[] = [
  { value: 'note', label: 'Note' },
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'E-mail' },
  { value: 'meeting', label: 'Meeting' },
];

export type ActivitySubject = { opportunityId: string } | { accountId: string };

export const listActivities = (subject: ActivitySubject & { cursor?: string | null; limit?: number }) => http.get<Page<Activity>>('/api/activities', subject);

export const createActivity = (input: ActivitySubject & { kind: ActivityKind; subject?: string; body: string; occurredAt?: string }) =>
  http.post<Activity>('/api/activities', input);
