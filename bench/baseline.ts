// The baseline: the row changes of a win (as close-deal.flow.ts makes them) as plain SQL in one transaction.
import { sql } from 'kysely';
import type { Db } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { dateIn } from '../src/domain/calendar.ts';
import type { BenchWorkspace } from './seed.ts';

type Locked = { id: string; account_id: string; stage_id: string; close_date: string | null; name: string; amount_minor: number; currency: string; account_status: string };

/** Returns a function that wins one opportunity with the minimum of SQL; each call is one transaction. */
export function baselineWin(db: Db, w: BenchWorkspace): (opportunityId: string) => Promise<void> {
  const ws = w.workspaceId;
  const { actor } = w;
  const { open, won } = w.stages;
  return async (opportunityId) => {
    const today = dateIn(new Date(), 'UTC');
    await db.transaction().execute(async (tx) => {
      // Locks the opportunity and its account (the flow locks both).
      const locked = await sql<Locked>`
        select o.id, o.account_id, o.stage_id, o.close_date, o.name, o.amount_minor, o.currency, a.status as account_status
        from opportunities o join accounts a on a.workspace_id = o.workspace_id and a.id = o.account_id
        where o.workspace_id = ${ws} and o.id = ${opportunityId}
        for update`.execute(tx);
      const o = locked.rows[0];
      if (!o) throw new Error(`baseline: opportunity ${opportunityId} not found`);
      await sql`
        update opportunities set stage_id = ${won.id}, close_date = ${today}, stage_changed_at = now(), updated_at = now()
        where workspace_id = ${ws} and id = ${o.id}`.execute(tx);
      await sql`
        insert into stage_changes (id, workspace_id, opportunity_id, from_stage_id, to_stage_id, actor_type, actor_id, actor_label)
        values (${newId()}, ${ws}, ${o.id}, ${o.stage_id}, ${won.id}, ${actor.type}, ${actor.id}, ${actor.label})`.execute(tx);
      const outcomeId = newId();
      await sql`
        insert into deal_outcomes (id, workspace_id, opportunity_id, outcome, stage_id, amount_minor, currency, close_date,
          account_status_before, account_status_after, actor_type, actor_id, actor_label)
        values (${outcomeId}, ${ws}, ${o.id}, 'won', ${won.id}, ${o.amount_minor}, ${o.currency}, ${today},
          ${o.account_status}, 'active', ${actor.type}, ${actor.id}, ${actor.label})`.execute(tx);
      const stopped = await sql<{ id: string }>`
        update sequence_enrolments set status = 'stopped', stopped_reason = 'deal won', stopped_at = now(), stopped_by_outcome_id = ${outcomeId}
        where workspace_id = ${ws} and account_id = ${o.account_id} and status = 'active'
        returning id`.execute(tx);
      await sql`update accounts set status = 'active', updated_at = now() where workspace_id = ${ws} and id = ${o.account_id}`.execute(tx);
      const payload = { opportunityId: o.id, outcomeId, accountId: o.account_id, name: o.name, amountMinor: o.amount_minor, currency: o.currency, closeDate: today, reason: null, actor: actor.label };
      await sql`
        insert into outbox_events (id, workspace_id, type, subject_type, subject_id, payload, idempotency_key)
        values (${newId()}, ${ws}, 'deal.won', 'opportunity', ${o.id}, ${JSON.stringify(payload)}, ${`deal.won:${outcomeId}`})
        on conflict (idempotency_key) do nothing`.execute(tx);
      // The flow's audit rows: the stage move, the outcome, each stopped enrolment, the account activation.
      const audit: [string, string, string, unknown, unknown][] = [
        ['opportunity.won', 'opportunity', o.id, { stageId: o.stage_id, stage: open.name, closeDate: o.close_date }, { stageId: won.id, stage: won.name, closeDate: today }],
        ['outcome.recorded', 'deal_outcome', outcomeId, null, { id: outcomeId, opportunityId: o.id, outcome: 'won', amountMinor: o.amount_minor, currency: o.currency, closeDate: today }],
        ...stopped.rows.map((e): [string, string, string, unknown, unknown] => ['enrolment.stopped', 'sequence_enrolment', e.id, { status: 'active' }, { status: 'stopped', reason: 'deal won' }]),
        ['account.activated', 'account', o.account_id, { status: o.account_status }, { status: 'active' }],
      ];
      const values = audit.map(
        ([action, entityType, entityId, before, after]) =>
          sql`(${newId()}, ${ws}, ${actor.type}, ${actor.id}, ${actor.label}, ${action}, ${entityType}, ${entityId}, ${before === null ? null : JSON.stringify(before)}, ${JSON.stringify(after)})`,
      );
      await sql`
        insert into audit_log (id, workspace_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after)
        values ${sql.join(values)}`.execute(tx);
    });
  };
}
