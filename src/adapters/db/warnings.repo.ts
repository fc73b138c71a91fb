// What needs attention in delivery, read from the partial indexes of migration 0009: only rows in a state that
// asks for a person (a flagged open task, an ownerless live project, a failed or stuck run or event), newest first,
// so a warning list costs what is wrong now, not the length of the history.
import { sql } from 'kysely';
import type { DbOrTx } from './database.ts';
import { scoped } from './scope.ts';

/** Rows a list may show at most. */
export type Cap = number;

/** Narrows a list to what one person owns; undefined for operations, who see everything. */
export type Owner = string | undefined;

/**
 * Won deals (standing wins) whose client is active and has no project for the deal. First the standing wins still
 * waiting for a project (awaiting_project, a partial index of those alone: what is wrong now, not the history); then
 * only those deals, with their account and pipeline, in a second statement (their ids as one array).
 */
export async function unplannedWins(db: DbOrTx, workspaceId: string, owner: Owner, cap: Cap) {
  const wins = await scoped(db, workspaceId)
    .selectFrom('deal_outcomes as w')
    .select(['w.opportunity_id', 'w.created_at'])
    .where(sql<boolean>`w.awaiting_project`)
    .execute();
  if (wins.length === 0) return [];
  const wonAt = new Map(wins.map((w) => [w.opportunity_id, w.created_at]));
  let deals = scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('pipelines as p', 'p.id', 'o.pipeline_id')
    .select(['o.id', 'o.name', 'a.id as account_id', 'a.name as account_name', 'p.project_creation'])
    .where(sql<boolean>`o.id = any(${[...wonAt.keys()]}::uuid[])`)
    .where('a.status', '=', 'active');
  if (owner) deals = deals.where('o.owner_id', '=', owner);
  return (await deals.execute())
    .map((d) => ({ ...d, created_at: wonAt.get(d.id)! }))
    .sort((x, y) => y.created_at.getTime() - x.created_at.getTime() || (x.id < y.id ? 1 : -1))
    .slice(0, cap);
}

/** Projects still to deliver that have no owner (project manager). */
export async function ownerlessProjects(db: DbOrTx, workspaceId: string, owner: Owner, cap: Cap) {
  let q = scoped(db, workspaceId)
    .selectFrom('projects as p')
    .select(['p.id', 'p.name', 'p.created_at'])
    .where(sql<boolean>`p.owner_id is null and p.status not in ('done','cancelled')`);
  if (owner)
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('opportunities as o').select('o.id').whereRef('o.id', '=', 'p.opportunity_id').where('o.owner_id', '=', owner)),
    );
  return q.orderBy('p.created_at', 'desc').limit(cap).execute();
}

/** Projects on hold since their won deal was reopened, until it is won again or someone resumes or cancels them. */
export async function reopenHolds(db: DbOrTx, workspaceId: string, owner: Owner, cap: Cap) {
  let q = scoped(db, workspaceId)
    .selectFrom('projects as p')
    .innerJoin('opportunities as o', 'o.id', 'p.opportunity_id')
    .select(['p.id', 'p.name', 'p.reopen_hold_at', 'o.name as deal_name'])
    .where(sql<boolean>`p.reopen_hold_at is not null and p.status = 'on_hold'`);
  if (owner) q = q.where((eb) => eb.or([eb('p.owner_id', '=', owner), eb('o.owner_id', '=', owner)]));
  return q.orderBy('p.reopen_hold_at', 'desc').limit(cap).execute();
}

/** Open tasks flagged (nobody on the roster could take them); for a person, those of their tasks, deals or projects. */
export async function flaggedTasks(db: DbOrTx, workspaceId: string, owner: Owner, cap: Cap) {
  let q = scoped(db, workspaceId)
    .selectFrom('tasks as t')
    .leftJoin('opportunities as o', 'o.id', 't.opportunity_id')
    .leftJoin('projects as p', 'p.id', 't.project_id')
    .select(['t.id', 't.title', 't.flag_reason', 't.created_at'])
    .where(sql<boolean>`t.flagged and t.status in ('todo','in_progress','blocked')`);
  if (owner) q = q.where((eb) => eb.or([eb('t.owner_id', '=', owner), eb('o.owner_id', '=', owner), eb('p.owner_id', '=', owner)]));
  return q.orderBy('t.created_at', 'desc').limit(cap).execute();
}

/** Rule runs that failed, or have waited or run past `stuckBefore`. */
export async function runsNeedingAttention(db: DbOrTx, workspaceId: string, stuckBefore: Date, cap: Cap) {
  return scoped(db, workspaceId)
    .selectFrom('rule_runs as r')
    .innerJoin('rules as ru', 'ru.id', 'r.rule_id')
    .select(['r.id', 'r.status', 'r.error', 'r.created_at', 'r.trigger_label', 'ru.name'])
    .where(sql<boolean>`r.status in ('failed','pending','retrying','running')`)
    .where((eb) =>
      eb.or([
        eb('r.status', '=', 'failed'),
        eb.and([eb('r.status', '=', 'running'), eb('r.locked_until', '<', stuckBefore)]),
        eb.and([eb('r.status', 'in', ['pending', 'retrying']), eb('r.next_attempt_at', '<', stuckBefore)]),
      ]),
    )
    .orderBy('r.id', 'desc')
    .limit(cap)
    .execute();
}

/** Outbox events that could not be delivered, or have waited past `stuckBefore`. */
export async function eventsNeedingAttention(db: DbOrTx, workspaceId: string, stuckBefore: Date, cap: Cap) {
  return scoped(db, workspaceId)
    .selectFrom('outbox_events')
    .select(['id', 'type', 'status', 'last_error', 'created_at'])
    .where(sql<boolean>`status in ('failed','pending')`)
    .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<', stuckBefore)])]))
    .orderBy('id', 'desc')
    .limit(cap)
    .execute();
}
