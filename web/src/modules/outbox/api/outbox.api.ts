import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import { recordPath } from '../../../ui/labels.ts';

import type { OutboxAttempt, OutboxEvent, OutboxEventDetail, OutboxListQuery, OutboxStatus } from '../../../../../src/schemas/admin.ts';

export type { OutboxStatus };
export const outboxStatuses = ['pending', 'failed', 'done'] as const satisfies readonly OutboxStatus[];

export type { OutboxEvent };
export type DeliveryAttempt = OutboxAttempt;

export type { OutboxEventDetail };

export const listEvents = (query: ListQuery<OutboxListQuery>) => http.get<Page<OutboxEvent>>('/api/outbox', query);

export type OutboxEventType = NonNullable<OutboxListQuery['type']>;

/** The event types the engine emits, for the outbox's filter (the list is here so the page does not bundle the event schemas). */
export const eventTypes = [
  'deal.created',
  'deal.stage_changed',
  'deal.won',
  'deal.lost',
  'deal.reopened',
  'deal.field_changed',
  'activity.logged',
  'project.created',
  'project.deal_added',
  'task.completed',
  'mail.requested',
  'handoff.created',
  'handoff.submitted',
  'handoff.returned',
  'handoff.accepted',
  'handoff.paused',
  'handoff.resumed',
  'kickoff.scheduled',
  'kickoff.delayed',
  'kickoff.held',
  'first_value.reached',
  'first_value.missed',
] as const satisfies readonly OutboxEventType[];

export const getEvent = (id: string) => http.get<OutboxEventDetail>(`/api/outbox/${encodeURIComponent(id)}`);

/** Puts a failed or pending event back in line now; 409 when it was already delivered. */
export const retryEvent = (id: string) => http.post<OutboxEvent>(`/api/outbox/${encodeURIComponent(id)}/retry`);

export const canRetry = (event: Pick<OutboxEvent, 'status'>) => event.status !== 'done';

/** The subject's page in the app, when there is one. */
export const subjectPath = (event: Pick<OutboxEvent, 'subjectType' | 'subjectId'>): string | null => recordPath(event.subjectType, event.subjectId);

/** A readable name for the subject: the deal name when the payload (or `names`) has one, else the end of its ID. */
export function subjectLabel(event: Pick<OutboxEvent, 'subjectId' | 'payload' | 'subjectName'>): string {
  if (event.subjectName) return event.subjectName;
  const payload = event.payload ?? {};
  // A deal's events carry its name, a project's its name, a task's its title.
  const name = [payload['name'], payload['projectName'], payload['title']].find((n): n is string => typeof n === 'string' && n.trim() !== '');
  return name ?? shortId(event.subjectId);
}

/** IDs are time-ordered UUIDs, so their start is shared: the end tells them apart. */
export const shortId = (id: string) => `…${id.slice(-8)}`;
