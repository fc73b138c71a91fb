import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { DashboardQuery, DashboardRow, DashboardSummary } from '../../../../../src/schemas/dashboard.ts';

export type { DashboardRow, DashboardSummary };

/** The dashboard's filters as the page holds them (from the address): '' is any. */
export type DashboardFilters = Omit<DashboardQuery, 'limit' | 'cursor'>;

export const dashboardFilterKeys = ['ownerId', 'projectOwnerId', 'teamId', 'health', 'pipelineId', 'wonFrom', 'wonTo'] as const;

export const listDashboard = (query: ListQuery<DashboardQuery>): Promise<Page<DashboardRow>> => http.page<DashboardRow>('/api/dashboard', query);

export const getDashboardSummary = (filters: DashboardFilters) => http.get<DashboardSummary>('/api/dashboard/summary', { ...filters });

/** The live stream's address (server-sent events, the session cookie authenticates it). */
export const dashboardStreamUrl = '/api/dashboard/stream';
