// Lost deals brought back: the reactivation list, reopen, and a reactivation sequence, for one deal or many.
import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { LostDeal, LostDealQuery } from '../../../../../src/schemas/reactivation.ts';
import type { Sequence } from '../../../../../src/schemas/accounts.ts';

export type { LostDeal, Sequence };
export type ReactivationOutcome = { opportunityId: string; ok: boolean; summary: string; code?: string; stage?: string; enrolled?: number };

export const listLostDeals = (query: ListQuery<LostDealQuery>): Promise<Page<LostDeal>> => http.page<LostDeal>('/api/reactivation', query);
export const reopenLost = (opportunityIds: string[]) => http.post<{ items: ReactivationOutcome[] }>('/api/reactivation/reopen', { opportunityIds });
export const startReactivation = (opportunityIds: string[], sequenceId: string) =>
  http.post<{ items: ReactivationOutcome[] }>('/api/reactivation/sequence', { opportunityIds, sequenceId });
export const listSequences = () => http.get<{ items: Sequence[] }>('/api/sequences');
