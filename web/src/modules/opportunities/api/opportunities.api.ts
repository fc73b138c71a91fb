import { getAllPages, http, withQuery, type ListQuery, type Page } from '../../../ui/http.ts';
import type { AccountStatus } from '../../../../../src/schemas/accounts.ts';
import type { Actor } from '../../../../../src/schemas/common.ts';
import type {
  CloseResult,
  LoseBody,
  NewOpportunity,
  OpportunityChange,
  OpportunityFilters,
  OpportunityListQuery,
  Opportunity,
  ReopenBody,
  TimelineEntry,
  TimelineQuery,
  WinBody,
} from '../../../../../src/schemas/opportunities.ts';

export type { AccountStatus, Actor, CloseResult, LoseBody, Opportunity };
export type TimelineItem = TimelineEntry;
export type TimelineKind = NonNullable<TimelineQuery['kind']>;

export function listOpportunities(filter: ListQuery<OpportunityListQuery>): Promise<Page<Opportunity>> {
  return http.get<Page<Opportunity>>('/api/opportunities', filter);
}

export function listAllOpportunities(filter: OpportunityFilters) {
  return getAllPages<Opportunity>('/api/opportunities', { ...filter, limit: 200 });
}

export const getOpportunity = (id: string) => http.get<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}`);

export const winOpportunity = (id: string, body: WinBody = {}) => http.post<CloseResult>(`/api/opportunities/${encodeURIComponent(id)}/win`, body);

export const getOutcome = (id: string) => http.get<CloseResult>(`/api/opportunities/${encodeURIComponent(id)}/outcome`);

export const loseOpportunity = (id: string, body: LoseBody) => http.post<CloseResult>(`/api/opportunities/${encodeURIComponent(id)}/lose`, body);

export const reopenOpportunity = (id: string, body: ReopenBody = {}) => http.post<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}/reopen`, body);

export const moveOpportunity = (id: string, stageId: string) => http.post<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}/stage`, { stageId });

/** The deal's history, newest first; `kind` keeps people's actions, automation or communications only. */
export async function listTimeline(id: string, kind?: TimelineKind | null): Promise<TimelineItem[]> {
  return (await http.get<{ items: TimelineItem[] }>(withQuery(`/api/opportunities/${encodeURIComponent(id)}/timeline`, { kind }))).items;
}

export const createOpportunity = (input: NewOpportunity) => http.post<Opportunity>('/api/opportunities', input);

export const updateOpportunity = (id: string, changes: OpportunityChange) => http.patch<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}`, changes);
