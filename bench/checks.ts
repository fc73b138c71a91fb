// What a run left in the database: the state checks after a run, rows written per handoff, and when each handoff finished.
import { sql } from 'kysely';
import type { Db } from '../src/adapters/db/database.ts';
import type { DocumentsSetup } from './documents.ts';
import { tasksPerProject, type BenchWorkspace } from './seed.ts';

export type HandoffChecks = {
  wins: number;
  outcomes: number;
  stoppedEnrolments: number;
  projects: number;
  /** Deals with more than one project (or project link): must be 0. */
  duplicateProjects: number;
  tasks: number;
  /** Projects whose task count is not 30. */
  projectsWithoutAllTasks: number;
  tasksWithoutOwnerOrDue: number;
  phases: number;
  milestones: number;
  runs: number;
  runsNotSucceeded: number;
  stepsNotSucceeded: number;
  notifications: number;
  /** Notifications of one person about one deal beyond the first: must be 0. */
  duplicateNotifications: number;
  eventsNotDone: number;
  /** With documents and approvals on: statements of work in review, and deals with more than one (must be 0). */
  documentsInReview?: number;
  duplicateDocuments?: number;
  /** With documents and approvals on: finance requests waiting, and deals with more than one (must be 0). */
  approvalsPending?: number;
  duplicateApprovals?: number;
  problems: string[];
  ok: boolean;
};

const one = async (db: Db, query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(db)).rows[0]?.n ?? 0);

/**
 * Every won deal handed off once and completely: one project of 30 owned, dated tasks, every run succeeded, ops told
 * once each; with `documents`, also one SOW in review and one pending finance request per deal, its approvers told once.
 */
export async function checkHandoffs(db: Db, w: BenchWorkspace, wins: number, documents?: DocumentsSetup): Promise<HandoffChecks> {
  const ws = w.workspaceId;
  const tasks = tasksPerProject;
  const c: Omit<HandoffChecks, 'problems' | 'ok'> = {
    wins,
    outcomes: await one(db, sql`select count(*)::int as n from deal_outcomes where workspace_id = ${ws} and outcome = 'won'`),
    stoppedEnrolments: await one(db, sql`select count(*)::int as n from sequence_enrolments where workspace_id = ${ws} and status = 'stopped'`),
    projects: await one(db, sql`select count(*)::int as n from projects where workspace_id = ${ws}`),
    duplicateProjects: await one(
      db,
      sql`select (select count(*) from projects where workspace_id = ${ws}) - (select count(distinct opportunity_id) from projects where workspace_id = ${ws})
        + (select count(*) from project_deals where workspace_id = ${ws}) - (select count(distinct opportunity_id) from project_deals where workspace_id = ${ws}) as n`,
    ),
    tasks: await one(db, sql`select count(*)::int as n from tasks where workspace_id = ${ws}`),
    projectsWithoutAllTasks: await one(
      db,
      sql`select count(*)::int as n from projects p where p.workspace_id = ${ws} and (select count(*) from tasks t where t.workspace_id = ${ws} and t.project_id = p.id) <> ${tasks}`,
    ),
    tasksWithoutOwnerOrDue: await one(db, sql`select count(*)::int as n from tasks where workspace_id = ${ws} and (owner_id is null or due_date is null)`),
    phases: await one(db, sql`select count(*)::int as n from project_phases where workspace_id = ${ws}`),
    milestones: await one(db, sql`select count(*)::int as n from milestones where workspace_id = ${ws}`),
    runs: await one(db, sql`select count(*)::int as n from rule_runs where workspace_id = ${ws}`),
    runsNotSucceeded: await one(db, sql`select count(*)::int as n from rule_runs where workspace_id = ${ws} and status <> 'succeeded'`),
    stepsNotSucceeded: await one(db, sql`select count(*)::int as n from rule_run_steps where workspace_id = ${ws} and status <> 'succeeded'`),
    notifications: await one(db, sql`select count(*)::int as n from notifications where workspace_id = ${ws}`),
    duplicateNotifications: await one(
      db,
      sql`select (select count(*) from notifications where workspace_id = ${ws}) - (select count(*) from (select distinct subject_id, user_id from notifications where workspace_id = ${ws}) d) as n`,
    ),
    eventsNotDone: await one(db, sql`select count(*)::int as n from outbox_events where workspace_id = ${ws} and status <> 'done'`),
    ...(documents && {
      documentsInReview: await one(db, sql`select count(*)::int as n from documents where workspace_id = ${ws} and status = 'in_review'`),
      duplicateDocuments: await one(
        db,
        sql`select (select count(*) from documents where workspace_id = ${ws}) - (select count(distinct opportunity_id) from documents where workspace_id = ${ws}) as n`,
      ),
      approvalsPending: await one(db, sql`select count(*)::int as n from approval_requests where workspace_id = ${ws} and status = 'pending'`),
      duplicateApprovals: await one(
        db,
        sql`select (select count(*) from approval_requests where workspace_id = ${ws}) - (select count(distinct opportunity_id) from approval_requests where workspace_id = ${ws}) as n`,
      ),
    }),
  };
  const phases = w.delivery.template.definition.phases.length;
  const milestones = w.delivery.template.definition.phases.reduce((n, p) => n + (p.milestones?.length ?? 0), 0);
  const runsPerWin = w.delivery.wonRules.length;
  const expect: [keyof typeof c, number][] = [
    ['outcomes', wins],
    ['stoppedEnrolments', 2 * wins],
    ['projects', wins],
    ['duplicateProjects', 0],
    ['tasks', tasks * wins],
    ['projectsWithoutAllTasks', 0],
    ['tasksWithoutOwnerOrDue', 0],
    ['phases', phases * wins],
    ['milestones', milestones * wins],
    ['runs', runsPerWin * wins],
    ['runsNotSucceeded', 0],
    ['stepsNotSucceeded', 0],
    // Operations about each win, and each project's owner about their project (and finance about each request).
    ['notifications', (w.opsUserIds.length + 1 + (documents?.financeUserIds.length ?? 0)) * wins],
    ['duplicateNotifications', 0],
    ['eventsNotDone', 0],
  ];
  if (documents) expect.push(['documentsInReview', wins], ['duplicateDocuments', 0], ['approvalsPending', wins], ['duplicateApprovals', 0]);
  const problems = expect.filter(([k, v]) => c[k] !== v).map(([k, v]) => `${k} ${c[k]} (expected ${v})`);
  return { ...c, problems, ok: problems.length === 0 };
}

/** The tables a handoff writes rows into. */
export const handoffTables = [
  'stage_changes',
  'deal_outcomes',
  'outbox_events',
  'outbox_attempts',
  'rule_runs',
  'rule_run_steps',
  'notifications',
  'projects',
  'project_deals',
  'project_phases',
  'milestones',
  'tasks',
  'documents',
  'approval_requests',
  'audit_log',
] as const;

export type RowCounts = Record<(typeof handoffTables)[number], number>;

export async function countRows(db: Db, workspaceId: string): Promise<RowCounts> {
  const counts = {} as RowCounts;
  for (const t of handoffTables) counts[t] = await one(db, sql`select count(*)::int as n from ${sql.table(t)} where workspace_id = ${workspaceId}`);
  return counts;
}

/** Rows inserted per handoff between two counts, per table. */
export function rowsPerHandoff(before: RowCounts, after: RowCounts, handoffs: number): RowCounts {
  const out = {} as RowCounts;
  for (const t of handoffTables) out[t] = handoffs ? Math.round(((after[t] - before[t]) / handoffs) * 100) / 100 : 0;
  return out;
}

/** Per won deal: ms from the win's transaction to the end of its last rule run (database clock, epoch ms). */
export async function handoffTimes(db: Db, workspaceId: string): Promise<{ wonAt: number; doneAt: number }[]> {
  const rows = await sql<{ won_at: number; done_at: number }>`
    select (extract(epoch from o.created_at) * 1000)::float8 as won_at, (extract(epoch from max(r.finished_at)) * 1000)::float8 as done_at
    from deal_outcomes o join rule_runs r on r.workspace_id = o.workspace_id and r.subject_id = o.opportunity_id
    where o.workspace_id = ${workspaceId}
    group by o.id, o.created_at`.execute(db);
  return rows.rows.map((r) => ({ wonAt: Number(r.won_at), doneAt: Number(r.done_at) }));
}
