// The traction gate's reads and its setting: the workspace's required signals, what a deal shows, and who is a
// delivery person (their user role and whether they are on the team roster).
import { sql } from 'kysely';
import type { TractionGate, TractionSignal } from '../../domain/traction.ts';
import type { Role } from '../../domain/roles.ts';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';

export async function findTractionGate(db: DbOrTx, workspaceId: string): Promise<TractionGate> {
  const row = await db.selectFrom('workspaces').select(['traction_signals', 'traction_stage_position']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return { signals: row.traction_signals as TractionSignal[], stagePosition: row.traction_stage_position };
}

export async function saveTractionGate(tx: Tx, workspaceId: string, gate: TractionGate): Promise<void> {
  await tx
    .updateTable('workspaces')
    .set({ traction_signals: gate.signals, traction_stage_position: gate.stagePosition })
    .where('id', '=', workspaceId)
    .execute();
}

export type DealSignalRow = {
  id: string;
  name: string;
  pipelineId: string;
  stageCategory: 'open' | 'won' | 'lost';
  stagePosition: number;
  budgetConfirmed: boolean;
  meetingHeld: boolean;
};

/**
 * What the deal shows: its stage and position, its budget, and whether a meeting was held (a meeting activity on the
 * deal that took place by `now`, or a meeting of the deal recorded as held).
 */
export async function findDealSignals(db: DbOrTx, workspaceId: string, opportunityId: string, now: Date): Promise<DealSignalRow | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .select((eb) => [
      'o.id',
      'o.name',
      'o.pipeline_id',
      's.category',
      's.position',
      'o.budget_confirmed',
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('activities as a')
              .select('a.id')
              .where('a.workspace_id', '=', workspaceId)
              .whereRef('a.opportunity_id', '=', 'o.id')
              .where('a.kind', '=', 'meeting')
              .where('a.occurred_at', '<=', now),
          ),
          eb.exists(
            eb
              .selectFrom('meetings as m')
              .select('m.id')
              .where('m.workspace_id', '=', workspaceId)
              .whereRef('m.opportunity_id', '=', 'o.id')
              .where('m.status', '=', 'held'),
          ),
        ])
        .as('meeting_held'),
    ])
    .where('o.id', '=', opportunityId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipeline_id,
    stageCategory: row.category as DealSignalRow['stageCategory'],
    stagePosition: row.position,
    budgetConfirmed: row.budget_confirmed,
    meetingHeld: Boolean(row.meeting_held),
  };
}

/** The name of the open stage at `position` in the pipeline (the first open one after it when none is exactly there). */
export async function findStageNameAt(db: DbOrTx, workspaceId: string, pipelineId: string, position: number): Promise<string | null> {
  const row = await scoped(db, workspaceId)
    .selectFrom('stages as s')
    .select('s.name')
    .where('s.pipeline_id', '=', pipelineId)
    .where('s.position', '>=', position)
    .where('s.archived_at', 'is', null)
    .orderBy('s.position')
    .limit(1)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** A person's name, user role and whether they are a member of a delivery role of the roster (a sales role's people sell). */
export async function findPersonForGate(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
): Promise<{ id: string; name: string; role: Role; onRoster: boolean } | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.name',
      'u.role',
      eb
        .exists(
          eb
            .selectFrom('team_members as m')
            .select(sql`1`.as('one'))
            .innerJoin('team_roles as r', 'r.id', 'm.team_role_id')
            .where('m.workspace_id', '=', workspaceId)
            .where('r.kind', '=', 'delivery')
            .whereRef('m.user_id', '=', 'u.id'),
        )
        .as('on_roster'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, role: row.role as Role, onRoster: Boolean(row.on_roster) };
}

/** A held step's output marks it: a create_task skipped because its owner may not join the deal before the gate. */
const heldStep = sql<boolean>`s.status = 'skipped' and s.output ->> 'heldForTraction' = 'true'`;

/** The deals (of one workspace, or the one deal given) that have rule steps held by the traction gate. */
export async function findDealsWithHeldSteps(db: DbOrTx, workspaceId: string, opportunityId?: string): Promise<string[]> {
  let q = scoped(db, workspaceId)
    .selectFrom('rule_run_steps as s')
    .innerJoin('rule_runs as r', 'r.id', 's.run_id')
    .where(heldStep)
    .where('r.subject_type', '=', 'opportunity')
    .select('r.subject_id')
    .distinct();
  if (opportunityId) q = q.where('r.subject_id', '=', opportunityId);
  return (await q.execute()).map((r) => r.subject_id);
}

/**
 * Puts a deal's held steps back in their runs' queue, as a retry does: the step is pending again (its idempotency key
 * unchanged, so it makes its task once) and the run claimable now. Returns the steps released.
 * The run's other steps are done and are not repeated.
 */
export async function requeueHeldSteps(tx: Tx, workspaceId: string, opportunityId: string): Promise<number> {
  const steps = await scoped(tx, workspaceId)
    .selectFrom('rule_run_steps as s')
    .innerJoin('rule_runs as r', 'r.id', 's.run_id')
    .where(heldStep)
    .where('r.subject_type', '=', 'opportunity')
    .where('r.subject_id', '=', opportunityId)
    // A run still going (or waiting for an approval) keeps its held step until it ends; the next signal releases it.
    .where('r.status', 'in', ['succeeded', 'failed', 'skipped'])
    .select(['s.id', 's.run_id'])
    .orderBy('s.run_id')
    .forUpdate()
    .execute();
  if (steps.length === 0) return 0;
  await scoped(tx, workspaceId)
    .updateTable('rule_run_steps')
    .set({ status: 'pending', error: null, finished_at: null })
    .where(
      'id',
      'in',
      steps.map((s) => s.id),
    )
    .execute();
  await scoped(tx, workspaceId)
    .updateTable('rule_runs')
    .set({ status: 'pending', error: null, locked_by: null, locked_until: null, next_attempt_at: sql<Date>`now()`, finished_at: null })
    .where('id', 'in', [...new Set(steps.map((s) => s.run_id))])
    .execute();
  return steps.length;
}
