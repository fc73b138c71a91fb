import { http, type Page } from '../../../ui/http.ts';

export type ActivityKind = 'note' | 'call' | 'email' | 'meeting';
export const activityKinds: { value: ActivityKind; label: string }[] = [
  { value: 'note', label: 'Note' },
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'E-mail' },
  { value: 'meeting', label: 'Meeting' },
];

export type Activity = {
  id: string;
  kind: ActivityKind;
  subject: string | null;
  body: string;
  occurredAt: string;
  authorId: string | null;
  authorName: string | null;
  opportunityId: string | null;
  accountId: string | null;
  contactId: string | null;
};

export type ActivitySubject = { opportunityId: string } | { accountId: string };

export const listActivities = (subject: ActivitySubject & { cursor?: string | null; limit?: number }) => http.get<Page<Activity>>('/api/activities', subject);

export const createActivity = (input: ActivitySubject & { kind: ActivityKind; subject?: string; body: string; occurredAt?: string }) =>
  http.post<Activity>('/api/activities', input);
