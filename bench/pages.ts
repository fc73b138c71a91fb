// The list pages at scale (issue 8, "reads at scale"): each page's repository or flow call, the same call the API
// route makes for its first page, timed against the scale workspace of bench/scale.ts. p50 and p99 per page.
import { performance } from 'node:perf_hooks';
import type { Db } from '../src/adapters/db/database.ts';
import { listAccounts, listContacts } from '../src/adapters/db/accounts.repo.ts';
import { listAudit } from '../src/adapters/db/audit.repo.ts';
import { handoffMetrics, listBriefs } from '../src/adapters/db/briefs.repo.ts';
import { countUnread, listNotifications } from '../src/adapters/db/notifications.repo.ts';
import { listOpportunities } from '../src/adapters/db/opportunities.repo.ts';
import { listEvents } from '../src/adapters/db/outbox.repo.ts';
import { listProjects, listTasks } from '../src/adapters/db/projects.repo.ts';
import { listRuns } from '../src/adapters/db/rules.repo.ts';
import { getTimeline } from '../src/flows/timeline.flow.ts';
import { listWarnings } from '../src/flows/warnings.flow.ts';
import { percentile, round } from './measure.ts';
import type { ScaleWorkspace } from './scale.ts';

export type PageTiming = { page: string; rows: number; p50Ms: number; p99Ms: number; maxMs: number };

type Page = { page: string; run: () => Promise<number> };

function pages(db: Db, w: ScaleWorkspace): Page[] {
  const ws = w.workspaceId;
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const limit = 50;
  return [
    // The board shows every stage of the pipeline, up to 200 deals per column.
    {
      page: 'deals board (4 stages x 200)',
      run: async () => {
        let n = 0;
        for (const stageId of w.stageIds) n += (await listOpportunities(db, ws, { pipelineId: w.pipelineId, stageId, limit: 200 })).items.length;
        return n;
      },
    },
    { page: 'deals list', run: async () => (await listOpportunities(db, ws, { limit })).items.length },
    { page: 'deals list, open only', run: async () => (await listOpportunities(db, ws, { stageCategory: 'open', limit })).items.length },
    {
      page: 'deals list, by close date',
      run: async () => (await listOpportunities(db, ws, { sort: { key: 'closeDate', direction: 'asc' }, limit })).items.length,
    },
    {
      page: 'deals list, biggest, page 2',
      run: async () => {
        const sort = { key: 'amount', direction: 'desc' } as const;
        const first = await listOpportunities(db, ws, { sort, amountMinorMin: 100_000, limit });
        return (await listOpportunities(db, ws, { sort, amountMinorMin: 100_000, cursor: first.next ?? undefined, limit })).items.length;
      },
    },
    { page: 'accounts', run: async () => (await listAccounts(db, ws, { limit })).items.length },
    { page: 'contacts', run: async () => (await listContacts(db, ws, { limit })).items.length },
    { page: 'projects', run: async () => (await listProjects(db, ws, { limit }, today)).items.length },
    { page: 'projects, active', run: async () => (await listProjects(db, ws, { status: 'active', limit }, today)).items.length },
    {
      page: 'my tasks (busiest owner)',
      run: async () => (await listTasks(db, ws, { ownerId: w.people.busiestOwnerId, status: 'open', limit }, today)).items.length,
    },
    {
      page: 'my tasks, page 2',
      run: async () => {
        const first = await listTasks(db, ws, { ownerId: w.people.busiestOwnerId, status: 'open', limit }, today);
        return (await listTasks(db, ws, { ownerId: w.people.busiestOwnerId, status: 'open', cursor: first.next ?? undefined, limit }, today)).items.length;
      },
    },
    { page: 'open tasks (everyone)', run: async () => (await listTasks(db, ws, { status: 'open', limit }, today)).items.length },
    { page: 'warnings (ops)', run: async () => (await listWarnings(db, ws, { userId: w.people.opsId, role: 'ops' }, now)).length },
    { page: 'warnings (pm, own)', run: async () => (await listWarnings(db, ws, { userId: w.people.pmId, role: 'pm' }, now)).length },
    { page: 'handoffs', run: async () => (await listBriefs(db, ws, { limit })).items.length },
    {
      page: 'handoff metrics (90 days)',
      run: async () => (await handoffMetrics(db, ws, { from: new Date(now.getTime() - 90 * 86_400_000), to: now }, today)).handoffs,
    },
    {
      page: 'handoff metrics (all history)',
      run: async () => (await handoffMetrics(db, ws, { from: w.firstBriefAt, to: now }, today)).handoffs,
    },
    { page: 'timeline (won deal)', run: async () => (await getTimeline(db, ws, w.sampleWonDealId)).length },
    { page: 'notifications', run: async () => (await listNotifications(db, ws, w.people.opsId, { limit })).items.length },
    { page: 'notifications, unread count', run: async () => countUnread(db, ws, w.people.opsId) },
    { page: 'audit', run: async () => (await listAudit(db, ws, { limit })).items.length },
    { page: 'runs', run: async () => (await listRuns(db, ws, { limit }, now)).items.length },
    { page: 'runs, stuck', run: async () => (await listRuns(db, ws, { stuck: true, limit }, now)).items.length },
    { page: 'outbox', run: async () => (await listEvents(db, ws, { limit })).items.length },
    { page: 'outbox, failed', run: async () => (await listEvents(db, ws, { status: 'failed', limit })).items.length },
  ];
}

/**
 * Times each page `iterations` times after `warmup` untimed calls (plans cached, pages in the buffer cache), one
 * page after another. A page over `slowMs` at its p50 gets fewer iterations so that one slow page cannot take the
 * bench's whole time.
 */
export async function measurePages(
  db: Db,
  w: ScaleWorkspace,
  options: { iterations: number; warmup?: number; slowMs?: number; log?: (line: string) => void },
): Promise<PageTiming[]> {
  const out: PageTiming[] = [];
  for (const p of pages(db, w)) {
    let rows = 0;
    const first = performance.now();
    for (let i = 0; i < (options.warmup ?? 2); i++) rows = await p.run();
    const warm = (performance.now() - first) / Math.max(1, options.warmup ?? 2);
    const iterations = warm > (options.slowMs ?? 1_000) ? Math.min(5, options.iterations) : options.iterations;
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      rows = await p.run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const timing = { page: p.page, rows, p50Ms: round(percentile(times, 0.5), 2), p99Ms: round(percentile(times, 0.99), 2), maxMs: round(times.at(-1)!, 2) };
    options.log?.(`${p.page}: p50 ${timing.p50Ms} ms, p99 ${timing.p99Ms} ms (${iterations} runs)`);
    out.push(timing);
  }
  return out;
}

export function pagesLines(label: string, w: ScaleWorkspace, timings: PageTiming[], goalMs: number): string[] {
  const head = `${'Page'.padEnd(34)}${'Rows'.padStart(7)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}  Goal p50 < ${goalMs} ms`;
  const lines = [`List pages on ${label}: ${w.deals.toLocaleString('en')} deals, ${w.tasks.toLocaleString('en')} tasks`, head, '-'.repeat(head.length)];
  for (const t of timings)
    lines.push(
      `${t.page.padEnd(34)}${String(t.rows).padStart(7)}${t.p50Ms.toFixed(2).padStart(10)}${t.p99Ms.toFixed(2).padStart(10)}  ${t.p50Ms < goalMs ? 'met' : 'NOT MET'}`,
    );
  const missed = timings.filter((t) => t.p50Ms >= goalMs).length;
  lines.push(missed ? `${missed} of ${timings.length} pages over ${goalMs} ms at p50` : `Every page under ${goalMs} ms at p50`);
  return lines;
}
