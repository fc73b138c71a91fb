// What a project's delivery state is computed from (its tasks, milestones and first value), where it is kept, and
// what the delivery sweeps find due.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import type { TaskStatus } from './projects.repo.ts';
import { scoped } from './scope.ts';

export type DeliveryFacts = {
  project: { id: string; opportunityId: string; status: string; health: string; healthReasons: unknown[] };
  tasks: { id: string; phaseId: string | null; status: TaskStatus; dueDate: string | null; completedAt: Date | null }[];
  milestones: { id: string; phaseId: string; name: string; dueDate: string; reachedAt: Date | null }[];
  firstValue: { briefId: string; due: string | null; reachedOn: string | null; missedAt: Date | null } | null;
};

export async function findDeliveryFacts(db: DbOrTx, workspaceId: string, projectId: string): Promise<DeliveryFacts | undefined> {
  const project = await scoped(db, workspaceId)
    .selectFrom('projects')
    .select(['id', 'opportunity_id', 'status', 'health', 'health_reasons'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!project) return undefined;
  const [tasks, milestones, brief] = await Promise.all([
    scoped(db, workspaceId).selectFrom('tasks').select(['id', 'phase_id', 'status', 'due_date', 'completed_at']).where('project_id', '=', projectId).execute(),
    scoped(db, workspaceId)
      .selectFrom('milestones')
      .select(['id', 'phase_id', 'name', 'due_date', 'reached_at'])
      .where('project_id', '=', projectId)
      .orderBy('due_date')
      .execute(),
    scoped(db, workspaceId)
      .selectFrom('handoff_briefs')
      .select(['id', 'first_value_due', 'first_value_reached_on', 'first_value_missed_at'])
      .where('opportunity_id', '=', project.opportunity_id)
      .executeTakeFirst(),
  ]);
  return {
    project: { id: project.id, opportunityId: project.opportunity_id, status: project.status, health: project.health, healthReasons: project.health_reasons },
    tasks: tasks.map((t) => ({ id: t.id, phaseId: t.phase_id, status: t.status as TaskStatus, dueDate: t.due_date, completedAt: t.completed_at })),
    milestones: milestones.map((m) => ({ id: m.id, phaseId: m.phase_id, name: m.name, dueDate: m.due_date, reachedAt: m.reached_at })),
    firstValue: brief
      ? { briefId: brief.id, due: brief.first_value_due, reachedOn: brief.first_value_reached_on, missedAt: brief.first_value_missed_at }
      : null,
  };
}

/** The project of a deal (its own, or the one its upsell joined), when it has one. */
export async function findDealProjectId(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('project_deals').select('project_id').where('opportunity_id', '=', opportunityId).executeTakeFirst();
  return row?.project_id;
}

export async function setMilestoneReached(tx: Tx, workspaceId: string, id: string, reachedAt: Date | null): Promise<void> {
  await scoped(tx, workspaceId).updateTable('milestones').set({ reached_at: reachedAt }).where('id', '=', id).execute();
}

export async function setProjectHealth(
  tx: Tx,
  workspaceId: string,
  id: string,
  state: { health: string; reasons: unknown[] | undefined; checkedOn: string },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('projects')
    .set({
      health_checked_on: state.checkedOn,
      ...(state.reasons && { health: state.health, health_reasons: JSON.stringify(state.reasons), updated_at: sql`now()` }),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Briefs whose first-value date has passed in their workspace's time zone, neither reached nor recorded missed:
 * locked (skipping those another sweep holds), at most `limit`.
 */
export async function lockFirstValuesPastDue(tx: Tx, now: Date, limit: number) {
  return tx
    .selectFrom('handoff_briefs as b')
    .innerJoin('workspaces as w', 'w.id', 'b.workspace_id')
    .select(['b.id', 'b.workspace_id', 'b.opportunity_id', 'b.first_value_due', 'w.time_zone'])
    .where('b.first_value_due', 'is not', null)
    .where('b.first_value_reached_on', 'is', null)
    .where('b.first_value_missed_at', 'is', null)
    .where(sql<boolean>`b.first_value_due < (${now}::timestamptz at time zone w.time_zone)::date`)
    .orderBy('b.first_value_due')
    .limit(limit)
    .forUpdate('b')
    .skipLocked()
    .execute();
}

/** Live projects whose health was not computed yet on their workspace's today (the calendar makes tasks overdue). */
export async function lockProjectsToRecheck(tx: Tx, now: Date, limit: number) {
  return tx
    .selectFrom('projects as p')
    .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
    .select(['p.id', 'p.workspace_id'])
    .where('p.status', 'not in', ['done', 'cancelled'])
    .where(sql<boolean>`coalesce(p.health_checked_on, '-infinity'::date) < (${now}::timestamptz at time zone w.time_zone)::date`)
    .orderBy(sql`coalesce(p.health_checked_on, '-infinity'::date)`)
    .limit(limit)
    .forUpdate('p')
    .skipLocked()
    .execute();
}
