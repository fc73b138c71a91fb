// Mark won, mark lost and reopen: each one transaction holding the opportunity's row lock.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { lose, reopen, win, type AccountStatus, type CloseDecision } from '../domain/opportunity.ts';
import { recordAudit, type AuditEntry } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  findCurrentOutcome,
  findOpportunity,
  listEnrolmentsStoppedBy,
  lockOpportunity,
  lockOpportunityForClose,
  toOutcome,
  type Enrolment,
  type Opportunity,
  type Outcome,
} from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { listStages } from '../adapters/db/pipelines.repo.ts';
import { listActiveUserIdsByRole } from '../adapters/db/workspaces.repo.ts';
import { sql } from 'kysely';
import type { Deps } from './deps.ts';

export type CloseInput = { workspaceId: string; opportunityId: string; actor: Actor; closeDate?: string | undefined };

export type CloseResult = {
  /** False when the deal already had this outcome: nothing was changed. */
  changed: boolean;
  opportunity: Opportunity;
  outcome: Outcome | null;
  account: { id: string; name: string; statusBefore: string; statusAfter: string; activated: boolean };
  stoppedEnrolments: Enrolment[];
  events: { id: string; type: string; status: string }[];
  notifications: { role: 'ops'; recipients: number; delivered: number } | null;
  /** The rule runs the event started (empty until the outbox has delivered it). */
  runs: { id: string; rule: string; status: string; error: string | null }[];
  /** What happened, in the words shown to the user. */
  summary: string[];
};

/** Marks an opportunity won: stage, close date, win record, stopped sequences, active client, deal.won. */
export async function winDeal(deps: Deps, input: CloseInput): Promise<CloseResult> {
  return closeDeal(deps, input, (ctx) => win(ctx.opportunity, ctx.account, ctx.stages, { today: ctx.today, closeDate: input.closeDate }));
}

/** Marks an opportunity lost with a reason: the deal is kept for reactivation, sequences stop. */
export async function loseDeal(deps: Deps, input: CloseInput & { reason: string }): Promise<CloseResult> {
  return closeDeal(
    deps,
    input,
    (ctx) => lose(ctx.opportunity, ctx.stages, { today: ctx.today, reason: input.reason, closeDate: input.closeDate }),
    input.reason,
  );
}

type DecideContext = {
  opportunity: { id: string; name: string; stageId: string; closeDate: string | null; accountId: string };
  account: { id: string; name: string; status: AccountStatus };
  stages: Awaited<ReturnType<typeof listStages>>;
  today: string;
};

async function closeDeal(deps: Deps, input: CloseInput, decide: (ctx: DecideContext) => CloseDecision, reason?: string): Promise<CloseResult> {
  const { workspaceId, actor } = input;
  const { outcomeId, changed } = await deps.db.transaction().execute(async (tx) => {
    const row = await lockOpportunityForClose(tx, workspaceId, input.opportunityId);
    if (!row) throw notFound('opportunity.not_found', 'Opportunity');
    const stages = await listStages(tx, workspaceId, row.pipeline_id);
    const decision = decide({
      opportunity: { id: row.id, name: row.name, stageId: row.stage_id, closeDate: row.close_date, accountId: row.account_id },
      account: { id: row.account_id, name: row.account_name, status: row.account_status as AccountStatus },
      stages,
      today: dateIn(deps.now(), row.time_zone),
    });
    if (decision.kind === 'unchanged') {
      const current = await findCurrentOutcome(tx, workspaceId, row.id);
      return { outcomeId: current?.id ?? null, changed: false };
    }
    const id = await applyClose(tx, { workspaceId, actor, row, accountStatus: row.account_status, decision, reason });
    return { outcomeId: id, changed: true };
  });
  if (changed) deps.wakeOutbox();
  return describeClose(deps.db, workspaceId, input.opportunityId, outcomeId, changed);
}

async function applyClose(
  tx: Tx,
  ctx: {
    workspaceId: string;
    actor: Actor;
    row: NonNullable<Awaited<ReturnType<typeof lockOpportunityForClose>>>;
    accountStatus: string;
    decision: Extract<CloseDecision, { kind: 'close' }>;
    reason: string | undefined;
  },
): Promise<string> {
  const { workspaceId, actor, row, decision } = ctx;
  const audit: AuditEntry[] = [];
  await tx
    .updateTable('opportunities')
    .set({ stage_id: decision.toStage.id, close_date: decision.closeDate, stage_changed_at: sql`now()`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', row.id)
    .execute();
  audit.push({
    action: `opportunity.${decision.outcome}`,
    entityType: 'opportunity',
    entityId: row.id,
    before: { stageId: row.stage_id, stage: decision.fromStage.name, closeDate: row.close_date },
    after: { stageId: decision.toStage.id, stage: decision.toStage.name, closeDate: decision.closeDate },
  });
  await tx
    .insertInto('stage_changes')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      opportunity_id: row.id,
      from_stage_id: decision.fromStage.id,
      to_stage_id: decision.toStage.id,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
    })
    .execute();

  const accountStatusAfter = decision.activateAccount ? 'active' : ctx.accountStatus;
  const outcomeId = newId();
  const outcome = await tx
    .insertInto('deal_outcomes')
    .values({
      id: outcomeId,
      workspace_id: workspaceId,
      opportunity_id: row.id,
      outcome: decision.outcome,
      reason: ctx.reason ?? null,
      stage_id: decision.toStage.id,
      amount_minor: row.amount_minor,
      currency: row.currency,
      close_date: decision.closeDate,
      account_status_before: ctx.accountStatus,
      account_status_after: accountStatusAfter,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  audit.push({ action: `outcome.recorded`, entityType: 'deal_outcome', entityId: outcomeId, after: toOutcome(outcome) });

  const stopped = await tx
    .updateTable('sequence_enrolments')
    .set({ status: 'stopped', stopped_reason: decision.stopReason, stopped_at: sql`now()`, stopped_by_outcome_id: outcomeId })
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('opportunity_id', '=', row.id), eb('account_id', '=', row.account_id)]))
    .returning(['id', 'sequence_id', 'contact_id'])
    .execute();
  for (const e of stopped) {
    audit.push({
      action: 'enrolment.stopped',
      entityType: 'sequence_enrolment',
      entityId: e.id,
      before: { status: 'active' },
      after: { status: 'stopped', reason: decision.stopReason },
    });
  }

  if (decision.activateAccount) {
    await tx
      .updateTable('accounts')
      .set({ status: 'active', updated_at: sql`now()` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', row.account_id)
      .execute();
    audit.push({
      action: 'account.activated',
      entityType: 'account',
      entityId: row.account_id,
      before: { status: ctx.accountStatus },
      after: { status: 'active' },
    });
  }

  await enqueueEvent(tx, workspaceId, {
    type: `deal.${decision.outcome}`,
    subjectType: 'opportunity',
    subjectId: row.id,
    idempotencyKey: `deal.${decision.outcome}:${outcomeId}`,
    payload: {
      opportunityId: row.id,
      outcomeId,
      accountId: row.account_id,
      name: row.name,
      amountMinor: row.amount_minor,
      currency: row.currency,
      closeDate: decision.closeDate,
      stageId: decision.toStage.id,
      reason: ctx.reason ?? null,
      actor: actor.label,
      depth: eventDepth(actor),
    },
  });
  await recordAudit(tx, workspaceId, actor, audit);
  return outcomeId;
}

/** The answer to "what happened?", rebuilt from stored state so a repeated call gets the same answer. */
export async function describeClose(db: DbOrTx, workspaceId: string, opportunityId: string, outcomeId: string | null, changed: boolean): Promise<CloseResult> {
  const [opportunity, outcomeRow] = await Promise.all([
    findOpportunity(db, workspaceId, opportunityId),
    outcomeId ? db.selectFrom('deal_outcomes').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', outcomeId).executeTakeFirst() : undefined,
  ]);
  if (!opportunity) throw notFound('opportunity.not_found', 'Opportunity');
  const outcome = outcomeRow ? toOutcome(outcomeRow) : null;
  const eventKey = outcome ? `deal.${outcome.outcome}:${outcome.id}` : null;
  const [stoppedEnrolments, events, recipients, delivered] = await Promise.all([
    outcome ? listEnrolmentsStoppedBy(db, workspaceId, outcome.id) : [],
    eventKey
      ? db
          .selectFrom('outbox_events')
          .select(['id', 'type', 'status'])
          .where('workspace_id', '=', workspaceId)
          .where('idempotency_key', '=', eventKey)
          .execute()
      : [],
    outcome?.outcome === 'won' ? listActiveUserIdsByRole(db, workspaceId, 'ops') : [],
    outcome?.outcome === 'won' && eventKey
      ? db
          .selectFrom('notifications as n')
          .innerJoin('outbox_events as e', 'e.id', 'n.event_id')
          .innerJoin('users as u', 'u.id', 'n.user_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('n.workspace_id', '=', workspaceId)
          .where('u.role', '=', 'ops')
          .where('e.idempotency_key', '=', eventKey)
          .executeTakeFirstOrThrow()
          .then((r) => r.n)
      : 0,
  ]);
  const runs = events.length
    ? (
        await db
          .selectFrom('rule_runs as r')
          .innerJoin('rules as ru', 'ru.id', 'r.rule_id')
          .select(['r.id', 'ru.name', 'r.status', 'r.error'])
          .where('r.workspace_id', '=', workspaceId)
          .where(
            'r.trigger_event_id',
            'in',
            events.map((e) => e.id),
          )
          .orderBy('ru.position')
          .execute()
      ).map((r) => ({ id: r.id, rule: r.name, status: r.status, error: r.error }))
    : [];
  const notifications: CloseResult['notifications'] = outcome?.outcome === 'won' ? { role: 'ops', recipients: recipients.length, delivered } : null;
  const account = {
    id: opportunity.accountId,
    name: opportunity.accountName,
    statusBefore: outcome?.accountStatusBefore ?? opportunity.accountStatus,
    statusAfter: outcome?.accountStatusAfter ?? opportunity.accountStatus,
    activated: !!outcome && outcome.accountStatusBefore !== 'active' && outcome.accountStatusAfter === 'active',
  };
  const summary: string[] = [];
  if (!changed) summary.push(`Already ${opportunity.stageCategory}: nothing changed`);
  summary.push(`Stage is ${opportunity.stageName}`);
  if (outcome)
    summary.push(
      `${outcome.outcome === 'won' ? 'Win' : 'Loss'} recorded by ${outcome.actor.label}, close date ${outcome.closeDate}${outcome.reason ? `, reason: ${outcome.reason}` : ''}`,
    );
  summary.push(
    stoppedEnrolments.length === 0
      ? 'No active sequence enrolments to stop'
      : `${stoppedEnrolments.length} sequence enrolment${stoppedEnrolments.length === 1 ? '' : 's'} stopped`,
  );
  if (account.activated) summary.push(`${account.name} is now an active client`);
  if (notifications) {
    summary.push(
      notifications.recipients === 0
        ? 'No one has the ops role: Operations cannot be notified'
        : notifications.delivered >= notifications.recipients
          ? `Operations notified (${notifications.delivered})`
          : `Operations notification queued for ${notifications.recipients} people`,
    );
  }
  for (const run of runs) summary.push(`Rule "${run.rule}": ${run.status}${run.error ? ` (${run.error})` : ''}`);
  return { changed, opportunity, outcome, account, stoppedEnrolments, events, notifications, runs, summary };
}

/** The standing outcome of a deal, described as the win or lose call did; changed is false. */
export async function describeCurrentOutcome(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<CloseResult> {
  const outcome = await findCurrentOutcome(db, workspaceId, opportunityId);
  const described = await describeClose(db, workspaceId, opportunityId, outcome?.id ?? null, false);
  return { ...described, summary: described.summary.filter((line) => !line.startsWith('Already')) };
}

/** Reopens a won or lost deal into an open stage; the old outcome is kept, marked reopened. */
export async function reopenDeal(
  deps: Deps,
  input: { workspaceId: string; opportunityId: string; actor: Actor; stageId?: string | undefined },
): Promise<Opportunity> {
  const { workspaceId, actor } = input;
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockOpportunity(tx, workspaceId, input.opportunityId);
    if (!row) throw notFound('opportunity.not_found', 'Opportunity');
    const stages = await listStages(tx, workspaceId, row.pipeline_id);
    const move = reopen({ id: row.id, name: row.name, stageId: row.stage_id, closeDate: row.close_date, accountId: row.account_id }, stages, {
      stageId: input.stageId,
    });
    await tx
      .updateTable('opportunities')
      .set({ stage_id: move.toStage.id, stage_changed_at: sql`now()`, updated_at: sql`now()` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', row.id)
      .execute();
    await tx
      .insertInto('stage_changes')
      .values({
        id: newId(),
        workspace_id: workspaceId,
        opportunity_id: row.id,
        from_stage_id: move.fromStage.id,
        to_stage_id: move.toStage.id,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_label: actor.label,
      })
      .execute();
    const reopened = await tx
      .updateTable('deal_outcomes')
      .set({ reopened_at: sql`now()`, reopened_by_label: actor.label })
      .where('workspace_id', '=', workspaceId)
      .where('opportunity_id', '=', row.id)
      .where('reopened_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    await enqueueEvent(tx, workspaceId, {
      type: 'deal.reopened',
      subjectType: 'opportunity',
      subjectId: row.id,
      idempotencyKey: `deal.reopened:${reopened?.id ?? newId()}`,
      payload: { opportunityId: row.id, name: row.name, outcomeId: reopened?.id ?? null, stageId: move.toStage.id },
    });
    await recordAudit(tx, workspaceId, actor, [
      {
        action: 'opportunity.reopened',
        entityType: 'opportunity',
        entityId: row.id,
        before: { stageId: move.fromStage.id, stage: move.fromStage.name },
        after: { stageId: move.toStage.id, stage: move.toStage.name },
      },
    ]);
  });
  deps.wakeOutbox();
  const opportunity = await findOpportunity(deps.db, workspaceId, input.opportunityId);
  if (!opportunity) throw new AppError('opportunity.not_found', 'not_found', 'Opportunity not found');
  return opportunity;
}
