// The handoff call API as the web app calls it: the deal's call, sending, rescheduling, cancelling, the outcome.
import type { Static } from 'typebox';
import type { AccountWatcher as AccountWatcherSchema, Meeting as MeetingSchema, OutcomeInput } from '../../../../../src/schemas/meetings.ts';
import { http } from '../../../ui/http.ts';

export type Meeting = Static<typeof MeetingSchema>;
export type AccountWatcher = Static<typeof AccountWatcherSchema>;
export type Outcome = Static<typeof OutcomeInput>;

const at = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export async function getHandoffCall(opportunityId: string): Promise<Meeting | null> {
  return (await http.get<{ meeting: Meeting | null }>(`/api/opportunities/${encodeURIComponent(opportunityId)}/handoff-call`)).meeting;
}
export const proposeHandoffCall = (opportunityId: string) => http.post<Meeting>(`/api/opportunities/${encodeURIComponent(opportunityId)}/handoff-call`, {});
export const sendInvite = (id: string, start?: string) => http.post<Meeting>(`${at(id)}/send`, start ? { start } : {});
export const reschedule = (id: string, start: string) => http.post<Meeting>(`${at(id)}/reschedule`, { start });
export const cancel = (id: string) => http.post<Meeting>(`${at(id)}/cancel`, {});
export const recordOutcome = (id: string, outcome: Outcome) => http.post<Meeting>(`${at(id)}/outcome`, outcome);

export async function listAccountWatchers(accountId: string): Promise<AccountWatcher[]> {
  return (await http.get<{ items: AccountWatcher[] }>(`/api/accounts/${encodeURIComponent(accountId)}/watchers`)).items;
}
