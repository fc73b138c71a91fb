// Handoffs across deals: the list (one per won deal with a brief) and how the handoff is doing, measured.
import { http, type Page } from '../../../ui/http.ts';
import type { BriefStatus } from './brief.api.ts';

export type HandoffSummary = {
  id: string;
  opportunityId: string;
  opportunityName: string;
  accountId: string;
  accountName: string;
  status: BriefStatus;
  aeName: string | null;
  csmName: string | null;
  overall: number | null;
  returns: number;
  openConflicts: number;
  wonAt: string | null;
  acceptedAt: string | null;
  kickoffOn: string | null;
  kickoffHeldOn: string | null;
  updatedAt: string;
};

export type HandoffFilter = { status?: BriefStatus | ''; mine?: boolean };

export const listHandoffs = (query: HandoffFilter & { cursor?: string | null; limit?: number }): Promise<Page<HandoffSummary>> =>
  http.page<HandoffSummary>('/api/handoffs', { ...query, mine: query.mine ? true : undefined });

export type HandoffMetrics = {
  from: string;
  to: string;
  handoffs: number;
  accepted: number;
  /** Accepted without a missing-context return. */
  acceptedFirstPass: number;
  acceptanceRate: number | null;
  returns: number;
  returnsByField: { field: string; count: number }[];
  wonToAcceptedHours: { median: number | null; p90: number | null; n: number };
  kickoff: { scheduled: number; held: number; delayed: number; medianDelayDays: number | null; meanDelayDays: number | null };
  firstValue: { reached: number; missed: number; overdue: number; medianDaysFromWon: number | null };
  paused: number;
};

/** Handoffs created from `from` to `to` (calendar dates, inclusive); the server defaults to the last 90 days. */
export const getHandoffMetrics = (range: { from?: string; to?: string }) => http.get<HandoffMetrics>('/api/handoffs/metrics', range);
