// Tasks people work by hand, their comments, and the project rows people edit (projects.repo.ts reads them).
import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import type { DB, NewRow, Row } from './schema.ts';
import { insertTasks, type TaskStatus } from './projects.repo.ts';
import { scoped } from './scope.ts';

/** The task's id and deal, when the workspace has it. */
export async function findTaskRef(db: DbOrTx, workspaceId: string, id: string): Promise<{ id: string; opportunityId: string | null } | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('tasks').select(['id', 'opportunity_id']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, opportunityId: row.opportunity_id };
}

/** The tasks of the given ids with their titles and statuses (a task's dependencies). */
export async function findTaskStates(db: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<{ id: string; title: string; status: TaskStatus }[]> {
  if (ids.length === 0) return [];
  return scoped(db, workspaceId)
    .selectFrom('tasks')
    .select(['id', 'title', 'status'])
    .where('id', 'in', [...ids])
    .execute() as Promise<{ id: string; title: string; status: TaskStatus }[]>;
}

export async function lockTask(tx: Tx, workspaceId: string, id: string): Promise<Row<'tasks'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Writes a task's changes; a new status sets completed_at (now when done, cleared otherwise). */
export async function updateTaskRow(tx: Tx, workspaceId: string, id: string, set: Updateable<DB['tasks']>): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('tasks')
    .set({
      ...set,
      ...(set.status !== undefined && { completed_at: set.status === 'done' ? sql`now()` : null }),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export type TaskComment = { id: string; author: string; body: string; createdAt: string };

const toComment = (r: { id: string; author_label: string; body: string; created_at: Date }): TaskComment => ({
  id: r.id,
  author: r.author_label,
  body: r.body,
  createdAt: r.created_at.toISOString(),
});

/** The task's comments, oldest first (at most 500). */
export async function listTaskComments(db: DbOrTx, workspaceId: string, taskId: string): Promise<TaskComment[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('task_comments')
    .select(['id', 'author_label', 'body', 'created_at'])
    .where('task_id', '=', taskId)
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(toComment);
}

export async function insertTaskComment(tx: Tx, row: NewRow<'task_comments'>): Promise<TaskComment> {
  return toComment(await tx.insertInto('task_comments').values(row).returning(['id', 'author_label', 'body', 'created_at']).executeTakeFirstOrThrow());
}

/** The project's account and deal, when the workspace has it. */
export async function findProjectRef(db: DbOrTx, workspaceId: string, id: string) {
  return scoped(db, workspaceId).selectFrom('projects').select(['id', 'account_id', 'opportunity_id']).where('id', '=', id).executeTakeFirst();
}

/** A phase of the project, with the deal it was added for. */
export async function findProjectPhase(db: DbOrTx, workspaceId: string, projectId: string, phaseId: string) {
  return scoped(db, workspaceId)
    .selectFrom('project_phases')
    .select(['id', 'opportunity_id'])
    .where('project_id', '=', projectId)
    .where('id', '=', phaseId)
    .executeTakeFirst();
}

/** The position after the project's last task. */
export async function nextTaskPosition(db: DbOrTx, workspaceId: string, projectId: string): Promise<number> {
  const row = await scoped(db, workspaceId)
    .selectFrom('tasks')
    .select(sql<number>`coalesce(max(position), 0)::int + 1`.as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function lockProject(tx: Tx, workspaceId: string, id: string): Promise<Row<'projects'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('projects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateProjectRow(tx: Tx, workspaceId: string, id: string, set: Updateable<DB['projects']>): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('projects')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Inserts a plan's tasks with the ids of the tasks each depends on (a uuid[] column); as insertTasks, a known origin key is skipped. */
export async function insertPlannedTasks(tx: Tx, rows: readonly (Omit<NewRow<'tasks'>, 'depends_on'> & { dependsOn: readonly string[] })[]): Promise<string[]> {
  return insertTasks(
    tx,
    rows.map(({ dependsOn, ...row }) => ({ ...row, depends_on: sql<string[]>`${`{${dependsOn.join(',')}}`}::uuid[]` })),
  );
}

/** The tasks with these origin keys in one of these statuses, locked, for a change by the system. */
export async function lockTasksByOrigin(
  tx: Tx,
  workspaceId: string,
  originKeys: readonly string[],
  statuses: readonly string[],
): Promise<
  {
    id: string;
    title: string;
    status: string;
    origin_key: string | null;
    template_key: string | null;
    opportunity_id: string | null;
    project_id: string | null;
  }[]
> {
  if (originKeys.length === 0) return [];
  return scoped(tx, workspaceId)
    .selectFrom('tasks')
    .select(['id', 'title', 'status', 'origin_key', 'template_key', 'opportunity_id', 'project_id'])
    .where('origin_key', 'in', [...originKeys])
    .where('status', 'in', [...statuses])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The deal's open delivery project (not done or cancelled), if any: where a task added to the deal goes. */
export async function findOpenDealProject(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<{ id: string } | undefined> {
  return scoped(db, workspaceId)
    .selectFrom('projects as p')
    .innerJoin('project_deals as d', 'd.project_id', 'p.id')
    .select('p.id')
    .where('d.opportunity_id', '=', opportunityId)
    .where('p.status', 'not in', ['done', 'cancelled'])
    .executeTakeFirst();
}
