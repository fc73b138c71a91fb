import { http, type Page } from '../../../ui/http.ts';
import type { TraceLine } from '../../rules/api/rules.api.ts';

export const runStatuses = ['pending', 'running', 'retrying', 'succeeded', 'failed', 'skipped'] as const;
export type RunStatus = (typeof runStatuses)[number];
export type StepStatus = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'skipped';

export type Run = {
  id: string;
  rule: { id: string; name: string; version: number };
  status: RunStatus;
  /** Running or pending for longer than the sweeper allows. */
  stuck: boolean;
  trigger: { eventId: string | null; type: string; label: string };
  subject: { type: string; id: string; name: string; path: string | null };
  depth: number;
  attempts: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type RunStep = {
  id: string;
  key: string;
  type: string;
  status: StepStatus;
  attempts: number;
  summary: string | null;
  output: unknown;
  error: string | null;
  log: { attempt: number; at: string; error: string | null }[];
};

export type CreatedRecord = { type: string; id: string; label: string; path: string | null };

export type RunDetail = Run & { conditions: TraceLine[]; steps: RunStep[]; created: CreatedRecord[] };

export type RunFilter = { ruleId?: string; subjectId?: string; status?: RunStatus | '' };

export const listRuns = (query: RunFilter & { cursor?: string | null; limit?: number }): Promise<Page<Run>> => http.page<Run>('/api/runs', query);

export const getRun = (id: string) => http.get<RunDetail>(`/api/runs/${encodeURIComponent(id)}`);

/** Failed steps start again; 409 run.not_retryable when the run succeeded. */
export const retryRun = (id: string) => http.post<RunDetail>(`/api/runs/${encodeURIComponent(id)}/retry`);

export const canRetryRun = (run: Pick<Run, 'status' | 'stuck'>) => run.status === 'failed' || run.stuck;

export const runPath = (id: string) => `/runs/${encodeURIComponent(id)}`;
