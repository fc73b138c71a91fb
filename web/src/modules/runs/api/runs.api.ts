import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Run, RunDetail, RunListQuery, RunStep, RunStatus } from '../../../../../src/schemas/automation.ts';

/** The run statuses, for the runs filter (kept here so the page does not bundle the schemas; the type ties it to them). */
export const runStatuses = ['pending', 'running', 'retrying', 'waiting', 'succeeded', 'failed', 'skipped'] as const satisfies readonly RunStatus[];
export type { RunStatus };
export type { Run, RunDetail, RunStep };
export type StepStatus = RunStep['status'];
export type CreatedRecord = RunDetail['created'][number];

export const listRuns = (query: ListQuery<RunListQuery>): Promise<Page<Run>> => http.page<Run>('/api/runs', query);

export const getRun = (id: string) => http.get<RunDetail>(`/api/runs/${encodeURIComponent(id)}`);

/** Failed steps start again; 409 run.not_retryable when the run succeeded. */
export const retryRun = (id: string) => http.post<RunDetail>(`/api/runs/${encodeURIComponent(id)}/retry`);

export const canRetryRun = (run: Pick<Run, 'status' | 'stuck'>) => run.status === 'failed' || run.stuck;

export const runPath = (id: string) => `/runs/${encodeURIComponent(id)}`;
