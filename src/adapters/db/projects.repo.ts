// Reading projects and tasks with their owners, deals, accounts and the rule runs that created them.
import { sql, type InsertObject } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { toPage, type Page } from './page.ts';
import { scoped, scopedIn } from './scope.ts';
import type { DB, NewRow } from './schema.ts';

export const openTaskStatuses = ['todo', 'in_progress', 'blocked'] as const;
import type { projectHealths, projectStatuses, TaskStatus } from '../../domain/project-plan.ts';
export { projectHealths, projectStatuses, taskStatuses, type TaskStatus } from '../../domain/project-plan.ts';

type Ref = { id: string; name: string };

export type Task = {
  id: string;
  projectId: string | null;
  phaseId: string | null;
  title: string;
  description: string | null;
  group: string | null;
  role: string | null;
  owner: Ref | null;
  dueDate: string | null;
  estimateHours: number | null;
  status: TaskStatus;
  overdue: boolean;
  flagged: boolean;
  flagReason: string | null;
  assignment: string | null;
  dependsOn: string[];
  origin: { runId: string; ruleId: string; ruleName: string; ruleVersion: number } | null;
  project: Ref | null;
  opportunity: Ref | null;
  /** Null for a lead's task before the lead's account is known. */
  account: Ref | null;
  lead: Ref | null;
  contact: Ref | null;
  reporter: Ref | null;
  startsAt: string | null;
  priority: string | null;
  category: string | null;
  /** The result it was completed with (a lead's handoff task). */
  result: string | null;
  /** A trial task: what it must show to be accepted, and the note its acceptance was recorded with. */
  acceptanceCriteria: string | null;
  acceptanceNote: string | null;
  completedAt: string | null;
  createdAt: string;
};

function selectTasks(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('tasks as t')
    .leftJoin('accounts as a', 'a.id', 't.account_id')
    .leftJoin('users as u', 'u.id', 't.owner_id')
    .leftJoin('leads as l', 'l.id', 't.lead_id')
    .leftJoin('contacts as c', 'c.id', 't.contact_id')
    .leftJoin('users as rep', 'rep.id', 't.reporter_id')
    .leftJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('opportunities as o', 'o.id', 't.opportunity_id')
    .leftJoin('rule_runs as r', 'r.id', 't.origin_run_id')
    .leftJoin('rules as ru', 'ru.id', 'r.rule_id')
    .selectAll('t')
    .select([
      'a.name as account_name',
      'u.name as owner_name',
      'p.name as project_name',
      'o.name as opportunity_name',
      'r.rule_id as origin_rule_id',
      'r.rule_version as origin_rule_version',
      'ru.name as origin_rule_name',
      'l.title as lead_title',
      sql<string | null>`trim(c.first_name || ' ' || c.last_name)`.as('contact_name'),
      'rep.name as reporter_name',
    ]);
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['executeTakeFirstOrThrow']>>;

export function toTask(r: TaskRow, today: string): Task {
  const open = (openTaskStatuses as readonly string[]).includes(r.status);
  return {
    id: r.id,
    projectId: r.project_id,
    phaseId: r.phase_id,
    title: r.title,
    description: r.description,
    group: r.group_name,
    role: r.role,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    dueDate: r.due_date,
    estimateHours: r.estimate_hours,
    status: r.status as TaskStatus,
    overdue: open && !!r.due_date && r.due_date < today,
    flagged: r.flagged,
    flagReason: r.flag_reason,
    assignment: r.assignment,
    dependsOn: r.depends_on ?? [],
    origin:
      r.origin_run_id && r.origin_rule_id
        ? { runId: r.origin_run_id, ruleId: r.origin_rule_id, ruleName: r.origin_rule_name ?? '', ruleVersion: r.origin_rule_version ?? 0 }
        : null,
    project: r.project_id ? { id: r.project_id, name: r.project_name ?? '' } : null,
    opportunity: r.opportunity_id ? { id: r.opportunity_id, name: r.opportunity_name ?? '' } : null,
    account: r.account_id ? { id: r.account_id, name: r.account_name ?? '' } : null,
    lead: r.lead_id ? { id: r.lead_id, name: r.lead_title ?? '' } : null,
    contact: r.contact_id ? { id: r.contact_id, name: r.contact_name ?? '' } : null,
    reporter: r.reporter_id ? { id: r.reporter_id, name: r.reporter_name ?? '' } : null,
    startsAt: r.starts_at?.toISOString() ?? null,
    priority: r.priority,
    category: r.category,
    result: r.result,
    acceptanceCriteria: r.acceptance_criteria,
    acceptanceNote: r.category === 'trial' && typeof r.result_details?.note === 'string' ? r.result_details.note : null,
    completedAt: r.completed_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

export async function findTask(db: DbOrTx, workspaceId: string, id: string, today: string): Promise<Task | undefined> {
  const row = await selectTasks(db, workspaceId).where('t.id', '=', id).executeTakeFirst();
  return row ? toTask(row, today) : undefined;
}

export type TaskFilter = {
  ownerId?: string | undefined;
  projectId?: string | undefined;
  opportunityId?: string | undefined;
  leadId?: string | undefined;
  category?: string | undefined;
  status?: 'open' | 'done' | 'all' | undefined;
  overdue?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Tasks by due date (then id); the cursor is the last task's id. */
export async function listTasks(db: DbOrTx, workspaceId: string, filter: TaskFilter, today: string): Promise<Page<Task>> {
  let q = selectTasks(db, workspaceId);
  if (filter.ownerId) q = q.where('t.owner_id', '=', filter.ownerId);
  if (filter.projectId) q = q.where('t.project_id', '=', filter.projectId);
  if (filter.opportunityId) q = q.where('t.opportunity_id', '=', filter.opportunityId);
  if (filter.leadId) q = q.where('t.lead_id', '=', filter.leadId);
  if (filter.category) q = q.where('t.category', '=', filter.category);
  const status = filter.status ?? 'open';
  // Open tasks by due date are read in index order (tasks_owner_open_idx, tasks_open_due_idx): the sort below is theirs.
  if (status === 'open' || filter.overdue) q = q.where(sql<boolean>`t.status in ${openStatusSql}`);
  if (status === 'done') q = q.where('t.status', 'in', ['done', 'cancelled']);
  if (filter.overdue) q = q.where('t.due_date', '<', today);
  if (filter.cursor) {
    const cursor = await scoped(db, workspaceId).selectFrom('tasks').select(['due_date', 'id']).where('id', '=', filter.cursor).executeTakeFirst();
    if (cursor)
      q = q.where(sql<boolean>`(coalesce(t.due_date, 'infinity'::date), t.id) > (coalesce(${cursor.due_date}::date, 'infinity'::date), ${cursor.id}::uuid)`);
  }
  const rows = await q
    .orderBy(sql`coalesce(t.due_date, 'infinity'::date)`)
    .orderBy('t.id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => toTask(r, today));
}

export async function listProjectTasks(db: DbOrTx, workspaceId: string, projectId: string, today: string): Promise<Task[]> {
  const rows = await selectTasks(db, workspaceId).where('t.project_id', '=', projectId).orderBy('t.position').orderBy('t.id').execute();
  return rows.map((r) => toTask(r, today));
}

export type ProjectSummary = {
  id: string;
  name: string;
  status: (typeof projectStatuses)[number];
  health: (typeof projectHealths)[number];
  healthReasons: { code: string; severity: string; message: string }[];
  owner: Ref | null;
  account: Ref;
  opportunity: Ref;
  template: { id: string; name: string; version: number } | null;
  startDate: string;
  targetDate: string;
  taskCounts: { total: number; open: number; done: number; overdue: number; flagged: number };
  originRunId: string | null;
  createdAt: string;
  onHoldSinceReopen: string | null;
};

/** Open task statuses as SQL literals, so that the planner matches the partial indexes written for them (migration 0009). */
const openStatusSql = sql.raw(`('todo','in_progress','blocked')`);

function selectProjects(db: DbOrTx, workspaceId: string, today: string) {
  return (
    scoped(db, workspaceId)
      .selectFrom('projects as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .innerJoin('opportunities as o', 'o.id', 'p.opportunity_id')
      .leftJoin('users as u', 'u.id', 'p.owner_id')
      .leftJoin('project_templates as t', 't.id', 'p.template_id')
      // Each project's task counts in one pass over its tasks (read from tasks_project_status_idx), not one count per figure.
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('tasks')
            .select([
              sql<number>`count(*)::int`.as('total'),
              sql<number>`(count(*) filter (where status in ${openStatusSql}))::int`.as('open'),
              sql<number>`(count(*) filter (where status = 'done'))::int`.as('done'),
              sql<number>`(count(*) filter (where status in ${openStatusSql} and due_date < ${today}::date))::int`.as('overdue'),
              sql<number>`(count(*) filter (where status in ${openStatusSql} and flagged))::int`.as('flagged'),
            ])
            .whereRef('tasks.project_id', '=', 'p.id')
            .as('c'),
        (join) => join.onTrue(),
      )
      .selectAll('p')
      .select(['a.name as account_name', 'o.name as opportunity_name', 'u.name as owner_name', 't.name as template_name'])
      .select(['c.total', 'c.open', 'c.done', 'c.overdue', 'c.flagged'])
  );
}

type ProjectRow = Awaited<ReturnType<ReturnType<typeof selectProjects>['executeTakeFirstOrThrow']>>;

function toProjectSummary(r: ProjectRow): ProjectSummary {
  return {
    id: r.id,
    name: r.name,
    // The table's check constraints hold these to the domain's lists.
    status: r.status as ProjectSummary['status'],
    health: r.health as ProjectSummary['health'],
    healthReasons: r.health_reasons as ProjectSummary['healthReasons'],
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    account: { id: r.account_id, name: r.account_name },
    opportunity: { id: r.opportunity_id, name: r.opportunity_name },
    template: r.template_id ? { id: r.template_id, name: r.template_name ?? '', version: r.template_version ?? 1 } : null,
    startDate: r.start_date,
    targetDate: r.target_date,
    taskCounts: { total: r.total ?? 0, open: r.open ?? 0, done: r.done ?? 0, overdue: r.overdue ?? 0, flagged: r.flagged ?? 0 },
    originRunId: r.origin_run_id,
    createdAt: r.created_at.toISOString(),
    onHoldSinceReopen: r.status === 'on_hold' && r.reopen_hold_at ? r.reopen_hold_at.toISOString() : null,
  };
}

export type ProjectFilter = {
  opportunityId?: string | undefined;
  accountId?: string | undefined;
  ownerId?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

export async function listProjects(db: DbOrTx, workspaceId: string, filter: ProjectFilter, today: string): Promise<Page<ProjectSummary>> {
  let q = selectProjects(db, workspaceId, today);
  // A deal's project is the one its phases went into (for an upsell, the customer's existing project).
  if (filter.opportunityId)
    q = q.where('p.id', 'in', (eb) =>
      scopedIn(eb, workspaceId).selectFrom('project_deals').select('project_id').where('opportunity_id', '=', filter.opportunityId!),
    );
  if (filter.accountId) q = q.where('p.account_id', '=', filter.accountId);
  if (filter.ownerId) q = q.where('p.owner_id', '=', filter.ownerId);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  if (filter.cursor) q = q.where('p.id', '<', filter.cursor);
  const rows = await q
    .orderBy('p.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toProjectSummary);
}

export async function findProjectSummary(db: DbOrTx, workspaceId: string, id: string, today: string): Promise<ProjectSummary | undefined> {
  const row = await selectProjects(db, workspaceId, today).where('p.id', '=', id).executeTakeFirst();
  return row ? toProjectSummary(row) : undefined;
}

export type Project = ProjectSummary & {
  deal: { amountMinor: number; currency: string; closeDate: string | null; dealType: string; complexity: string; stage: string };
  deals: { opportunityId: string; name: string; addedAt: string; templateVersion: number | null; originRunId: string | null; addedBy: string }[];
  phases: {
    id: string;
    key: string;
    name: string;
    position: number;
    opportunityId: string;
    milestones: { id: string; name: string; dueDate: string; reachedAt: string | null }[];
  }[];
  tasks: Task[];
};

/** A project with what it pulls from its deal (value, dates, type: read live, never copied), its phases and tasks. */
export async function findProject(db: DbOrTx, workspaceId: string, id: string, today: string): Promise<Project | undefined> {
  const summary = await findProjectSummary(db, workspaceId, id, today);
  if (!summary) return undefined;
  const [deal, deals, phases, milestones, tasks] = await Promise.all([
    scoped(db, workspaceId)
      .selectFrom('opportunities as o')
      .innerJoin('stages as s', 's.id', 'o.stage_id')
      .select(['o.amount_minor', 'o.currency', 'o.close_date', 'o.deal_type', 'o.complexity', 's.name as stage'])
      .where('o.id', '=', summary.opportunity.id)
      .executeTakeFirstOrThrow(),
    scoped(db, workspaceId)
      .selectFrom('project_deals as d')
      .innerJoin('opportunities as o', 'o.id', 'd.opportunity_id')
      .select(['d.opportunity_id', 'o.name', 'd.added_at', 'd.template_version', 'd.origin_run_id', 'd.added_by_label'])
      .where('d.project_id', '=', id)
      .orderBy('d.added_at')
      .execute(),
    scoped(db, workspaceId).selectFrom('project_phases').selectAll().where('project_id', '=', id).orderBy('position').execute(),
    scoped(db, workspaceId).selectFrom('milestones').selectAll().where('project_id', '=', id).orderBy('due_date').execute(),
    listProjectTasks(db, workspaceId, id, today),
  ]);
  return {
    ...summary,
    deal: {
      amountMinor: deal.amount_minor,
      currency: deal.currency,
      closeDate: deal.close_date,
      dealType: deal.deal_type,
      complexity: deal.complexity,
      stage: deal.stage,
    },
    deals: deals.map((d) => ({
      opportunityId: d.opportunity_id,
      name: d.name,
      addedAt: d.added_at.toISOString(),
      templateVersion: d.template_version,
      originRunId: d.origin_run_id,
      addedBy: d.added_by_label,
    })),
    phases: phases.map((p) => ({
      id: p.id,
      key: p.key,
      name: p.name,
      position: p.position,
      opportunityId: p.opportunity_id,
      milestones: milestones
        .filter((m) => m.phase_id === p.id)
        .map((m) => ({ id: m.id, name: m.name, dueDate: m.due_date, reachedAt: m.reached_at?.toISOString() ?? null })),
    })),
    tasks,
  };
}

/** Inserts tasks in one statement; a task whose origin key exists is skipped. Returns the new ones' ids. */
export async function insertTasks(tx: Tx, rows: readonly InsertObject<DB, 'tasks'>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insertInto('tasks')
    .values([...rows])
    .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** The deal's project, locked (deal first, then project: see STYLE.md's lock order). */
export async function lockDealProject(
  tx: Tx,
  workspaceId: string,
  opportunityId: string,
): Promise<{ id: string; name: string; ownerId: string | null } | undefined> {
  const row = await scoped(tx, workspaceId)
    .selectFrom('projects as p')
    .innerJoin('project_deals as d', 'd.project_id', 'p.id')
    .select(['p.id', 'p.name', 'p.owner_id'])
    .where('d.opportunity_id', '=', opportunityId)
    .forUpdate('p')
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, ownerId: row.owner_id };
}

/** The project made for the deal (not a customer project an upsell joined), locked; undefined when it has none. */
export async function lockOwnDealProject(tx: Tx, workspaceId: string, opportunityId: string) {
  return scoped(tx, workspaceId)
    .selectFrom('projects')
    .select(['id', 'name', 'owner_id', 'status', 'reopen_hold_at'])
    .where('opportunity_id', '=', opportunityId)
    .orderBy('created_at')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Puts a project on hold because its deal was reopened, or (hold = false) resumes it to active and clears the mark. */
export async function setReopenHold(tx: Tx, workspaceId: string, projectId: string, hold: boolean): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('projects')
    .set(hold ? { status: 'on_hold', reopen_hold_at: sql`now()`, updated_at: sql`now()` } : { status: 'active', reopen_hold_at: null, updated_at: sql`now()` })
    .where('id', '=', projectId)
    .execute();
}

export async function setProjectOwner(tx: Tx, workspaceId: string, projectId: string, ownerId: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('projects')
    .set({ owner_id: ownerId, updated_at: sql`now()` })
    .where('id', '=', projectId)
    .execute();
}

/** A task as rules see it (the record behind a task.completed event). */
export async function findTaskFacts(db: DbOrTx, workspaceId: string, id: string) {
  const task = await scoped(db, workspaceId)
    .selectFrom('tasks')
    .select(['id', 'title', 'template_key', 'status', 'role', 'owner_id', 'due_date', 'opportunity_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    task && {
      id: task.id,
      title: task.title,
      templateKey: task.template_key,
      status: task.status,
      role: task.role,
      ownerId: task.owner_id,
      dueDate: task.due_date,
      opportunityId: task.opportunity_id,
    }
  );
}

/** A project as rules see it (the record behind a project.created event). */
export async function findProjectFacts(db: DbOrTx, workspaceId: string, id: string) {
  const project = await scoped(db, workspaceId)
    .selectFrom('projects')
    .select(['id', 'name', 'status', 'health', 'owner_id', 'opportunity_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    project && {
      id: project.id,
      name: project.name,
      status: project.status,
      health: project.health,
      ownerId: project.owner_id,
      opportunityId: project.opportunity_id,
    }
  );
}

export async function insertProject(tx: Tx, row: NewRow<'projects'>): Promise<void> {
  await tx.insertInto('projects').values(row).execute();
}

/** An upsell's phases join the customer's open project: its target date moves out to cover them. */
export async function extendProject(tx: Tx, workspaceId: string, projectId: string, targetDate: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('projects')
    .set({ target_date: sql`greatest(target_date, ${targetDate}::date)`, updated_at: sql`now()` })
    .where('id', '=', projectId)
    .execute();
}

/** Ties a deal to its project (one project per deal: a unique index). */
export async function linkProjectDeal(tx: Tx, row: NewRow<'project_deals'>): Promise<void> {
  // The deal's standing win is planned from now on (the warnings list wins still waiting for a project), in the same statement.
  await tx
    .with('linked', (db) => db.insertInto('project_deals').values(row).returning(['workspace_id', 'opportunity_id']))
    .updateTable('deal_outcomes as w')
    .from('linked')
    .set({ planned_at: sql<Date>`now()` })
    .whereRef('w.workspace_id', '=', 'linked.workspace_id')
    .whereRef('w.opportunity_id', '=', 'linked.opportunity_id')
    .where(sql<boolean>`w.outcome = 'won' and w.reopened_at is null and w.planned_at is null`)
    .execute();
}

/** Where a project's phases and tasks end, for adding more after them. */
export async function projectPositions(db: DbOrTx, workspaceId: string, projectId: string): Promise<{ phases: number; tasks: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      scopedIn(eb, workspaceId)
        .selectFrom('project_phases')
        .select(sql<number>`coalesce(max(position), 0)::int`.as('n'))
        .where('project_id', '=', projectId)
        .as('phases'),
      scopedIn(eb, workspaceId)
        .selectFrom('tasks')
        .select(sql<number>`coalesce(max(position), 0)::int`.as('n'))
        .where('project_id', '=', projectId)
        .as('tasks'),
    ])
    .executeTakeFirstOrThrow();
  return { phases: row.phases ?? 0, tasks: row.tasks ?? 0 };
}

export async function insertPhases(tx: Tx, rows: readonly NewRow<'project_phases'>[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('project_phases')
      .values([...rows])
      .execute();
}

export async function insertMilestones(tx: Tx, rows: readonly NewRow<'milestones'>[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('milestones')
      .values([...rows])
      .execute();
}
