import { getAllPages, http, type Page } from '../../../ui/http.ts';
import type { StageCategory } from '../../pipeline/api/pipelines.api.ts';

export type AccountStatus = 'prospect' | 'active' | 'inactive' | 'churned';
export type Actor = { type: string; id: string | null; label: string };

export type Opportunity = {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  accountStatus: AccountStatus;
  pipelineId: string;
  stageId: string;
  stageName: string;
  stageCategory: StageCategory;
  amountMinor: number;
  currency: string;
  closeDate: string | null;
  dealType: string | null;
  complexity: 'simple' | 'complex';
  paymentTerms: string | null;
  contractVersion: string | null;
  nonStandardClauses: string | null;
  ownerId: string | null;
  ownerName: string | null;
  primaryContactId: string | null;
  stageChangedAt: string;
  createdAt: string;
  updatedAt: string;
};

export type StoppedEnrolment = {
  id: string;
  sequenceId: string;
  sequenceName: string;
  contactId: string;
  contactName: string;
  status: string;
  stoppedReason: string | null;
  stoppedAt: string | null;
};

export type CloseResult = {
  changed: boolean;
  opportunity: Opportunity;
  outcome: {
    id: string;
    outcome: 'won' | 'lost';
    reason: string | null;
    closeDate: string;
    accountStatusBefore: string;
    accountStatusAfter: string;
    actor: Actor;
    createdAt: string;
  } | null;
  account: { id: string; name: string; statusBefore: string; statusAfter: string; activated: boolean };
  stoppedEnrolments: StoppedEnrolment[];
  events: { id: string; type: string; status: string }[];
  notifications: { role: 'ops'; recipients: number; delivered: number } | null;
  summary: string[];
};

export type TimelineItem = {
  at: string;
  type: 'created' | 'stage_changed' | 'won' | 'lost' | 'reopened' | 'enrolment_stopped' | 'rule_run' | 'project' | 'notification' | 'activity' | 'handoff';
  title: string;
  detail: string | null;
  actor: Actor | null;
};

export type OpportunityFilter = {
  pipelineId?: string;
  stageId?: string;
  stageCategory?: StageCategory;
  accountId?: string;
  ownerId?: string;
  q?: string;
};

export function listOpportunities(filter: OpportunityFilter & { limit?: number; cursor?: string | null }): Promise<Page<Opportunity>> {
  return http.get<Page<Opportunity>>('/api/opportunities', filter);
}

export function listAllOpportunities(filter: OpportunityFilter) {
  return getAllPages<Opportunity>('/api/opportunities', { ...filter, limit: 200 });
}

export const getOpportunity = (id: string) => http.get<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}`);

export const winOpportunity = (id: string, body: { closeDate?: string } = {}) =>
  http.post<CloseResult>(`/api/opportunities/${encodeURIComponent(id)}/win`, body);

export const getOutcome = (id: string) => http.get<CloseResult>(`/api/opportunities/${encodeURIComponent(id)}/outcome`);

export const loseOpportunity = (id: string, body: { reason: string; closeDate?: string }) =>
  http.post<CloseResult>(`/api/opportunities/${encodeURIComponent(id)}/lose`, body);

export const reopenOpportunity = (id: string, body: { stageId?: string } = {}) =>
  http.post<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}/reopen`, body);

export const moveOpportunity = (id: string, stageId: string) => http.post<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}/stage`, { stageId });

export async function listTimeline(id: string): Promise<TimelineItem[]> {
  return (await http.get<{ items: TimelineItem[] }>(`/api/opportunities/${encodeURIComponent(id)}/timeline`)).items;
}

export const createOpportunity = (input: {
  name: string;
  accountId: string;
  pipelineId?: string;
  stageId?: string;
  amountMinor?: number;
  currency?: string;
  closeDate?: string | null;
  ownerId?: string | null;
}) => http.post<Opportunity>('/api/opportunities', input);

export const updateOpportunity = (
  id: string,
  changes: { name?: string; amountMinor?: number; currency?: string; closeDate?: string | null; ownerId?: string | null },
) => http.patch<Opportunity>(`/api/opportunities/${encodeURIComponent(id)}`, changes);
