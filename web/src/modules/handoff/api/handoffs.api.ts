// Handoffs across deals: the list (one per won deal with a brief) and how the handoff is doing, measured.
import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { BriefSummary, HandoffListQuery, HandoffMetrics, MetricsQuery } from '../../../../../src/schemas/brief.ts';

export type HandoffSummary = BriefSummary;

export const listHandoffs = (query: ListQuery<HandoffListQuery>): Promise<Page<HandoffSummary>> =>
  http.page<HandoffSummary>('/api/handoffs', { ...query, mine: query.mine ? true : undefined });

export type { HandoffMetrics };

/** Handoffs created from `from` to `to` (calendar dates, inclusive); the server defaults to the last 90 days. */
export const getHandoffMetrics = (range: MetricsQuery) => http.get<HandoffMetrics>('/api/handoffs/metrics', range);
