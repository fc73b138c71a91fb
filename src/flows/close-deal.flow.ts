// Mark won, mark lost and reopen: each in one transaction (its own, or the caller's) holding the opportunity's row lock.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { notFound } from '../domain/errors.ts';
import { decideLoss, type Loss, type LossInput } from '../domain/loss-reasons.ts';
import { lose, missingFieldsToWin, reopen, win, type AccountStatus, type CloseDecision, type DealField } from '../domain/opportunity.ts';
import { activateAccount } from '../adapters/db/accounts.repo.ts';
import { markBriefReopened } from '../adapters/db/briefs.repo.ts';
import { loadDealFacts } from '../adapters/db/deal-facts.repo.ts';
import { lockOwnDealProject, setReopenHold } from '../adapters/db/projects.repo.ts';
import { listLossReasons } from '../adapters/db/loss-reasons.repo.ts';
import { recordAudit, type AuditEntry } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  findOpportunity,
  insertOutcome,
  insertStageChange,
  loadCloseStory,
  lockOpportunity,
  lockOpportunityForClose,
  markOutcomeReopened,
  moveOpportunityStage,
  opportunityOf,
  stopDealEnrolments,
  type Enrolment,
  type Opportunity,
  type Outcome,
} from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import type { PipelineStage } from '../adapters/db/pipelines.repo.ts';
import { workspaceConfig, type WorkspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';
import { notifyPeople, resolveRecipients } from './notifications.flow.ts';

export type CloseInput = {
  workspaceId: string;
  opportunityId: string;
  actor: Actor;
  closeDate?: string | undefined;
  /**
   * A win imported as history (won before Baton, delivered elsewhere): recorded like any win (stage, close date, win
   * record, stopped sequences, active client, deal.won in the outbox), but its event says `historical: true` and the
   * event handlers start no rule, approval or webhook for it, and its outcome awaits no project.
   */
  historical?: boolean | undefined;
};

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

/**
 * Marks an opportunity won: stage, close date, win record, stopped sequences, active client, deal.won. The fields its
 * pipeline requires to win must be filled first (409 opportunity.missing_fields naming them).
 */
export const winDeal = flow(async (tx, deps, input: CloseInput): Promise<CloseResult> =>
  closeDeal(tx, deps, input, (ctx) => win(ctx.opportunity, ctx.account, ctx.stages, { today: ctx.today, closeDate: input.closeDate, missing: ctx.missing })),
);

/**
 * Marks an opportunity lost with a reason from the workspace's list (and a note, required with "other"), or with a
 * free-text reason in a workspace without a list: the deal is kept for reactivation, sequences stop.
 */
export const loseDeal = flow(async (tx, deps, input: CloseInput & LossInput): Promise<CloseResult> =>
  closeDeal(tx, deps, input, (ctx) => lose(ctx.opportunity, ctx.stages, { today: ctx.today, reason: ctx.loss!.reason, closeDate: input.closeDate }), {
    lossReasonId: input.lossReasonId,
    lossNote: input.lossNote,
    reason: input.reason,
  }),
);

type DecideContext = {
  opportunity: { id: string; name: string; stageId: string; closeDate: string | null; accountId: string };
  account: { id: string; name: string; status: AccountStatus };
  stages: readonly PipelineStage[];
  today: string;
  /** The fields the deal's pipeline requires to win that it leaves empty. */
  missing: DealField[];
  /** What a loss records, when losing. */
  loss: Loss | undefined;
};

type LockedDeal = NonNullable<Awaited<ReturnType<typeof lockOpportunityForClose>>>;

async function closeDeal(
  tx: Tx,
  deps: Pick<Deps, 'now'>,
  input: CloseInput,
  decide: (ctx: DecideContext) => CloseDecision,
  lossInput?: LossInput,
): Promise<CloseResult> {
  const { workspaceId } = input;
  const row = await lockOpportunityForClose(tx, workspaceId, input.opportunityId);
  if (!row) throw notFound('opportunity.not_found', 'Opportunity');
  const loss = lossInput && decideLoss(await listLossReasons(tx, workspaceId), lossInput);
  const config = await workspaceConfig(tx, workspaceId, row.config_version);
  const pipeline = config.pipelines.get(row.pipeline_id);
  const stages = pipeline?.stages ?? [];
  const missing = missingFieldsToWin(
    {
      amountMinor: row.amount_minor,
      ownerId: row.owner_id,
      primaryContactId: row.primary_contact_id,
      paymentTerms: row.payment_terms,
      contractVersion: row.contract_version,
      nonStandardClauses: row.non_standard_clauses,
      customFields: (row.custom_fields ?? {}) as Record<string, unknown>,
    },
    pipeline?.requiredToWin ?? [],
  );
  const decision = decide({
    opportunity: { id: row.id, name: row.name, stageId: row.stage_id, closeDate: row.close_date, accountId: row.account_id },
    account: { id: row.account_id, name: row.account_name, status: row.account_status as AccountStatus },
    stages,
    today: dateIn(deps.now(), row.time_zone),
    missing,
    loss,
  });
  // Already so: the answer describes the standing outcome (read under the deal's lock, so it is the one that stays).
  if (decision.kind === 'unchanged') return describeCurrentOutcome(tx, workspaceId, input.opportunityId, { changed: false });
  return applyClose(tx, { workspaceId, actor: input.actor, row, decision, loss, config, historical: decision.outcome === 'won' && !!input.historical });
}

/** Writes a win or a loss and answers from what it wrote (nothing is read back). */
async function applyClose(
  tx: Tx,
  ctx: {
    workspaceId: string;
    actor: Actor;
    row: LockedDeal;
    decision: Extract<CloseDecision, { kind: 'close' }>;
    loss: Loss | undefined;
    config: WorkspaceConfig;
    historical: boolean;
  },
): Promise<CloseResult> {
  const { workspaceId, actor, row, decision, config, loss, historical } = ctx;
  const audit: AuditEntry[] = [];
  const lossFacts = loss && { lossReasonId: loss.lossReasonId, lossReason: loss.lossReasonKey, lossNote: loss.lossNote };
  const times = await moveOpportunityStage(tx, workspaceId, row.id, { stageId: decision.toStage.id, closeDate: decision.closeDate });
  audit.push({
    action: `opportunity.${decision.outcome}`,
    entityType: 'opportunity',
    entityId: row.id,
    before: { stageId: row.stage_id, stage: decision.fromStage.name, closeDate: row.close_date },
    after: { stageId: decision.toStage.id, stage: decision.toStage.name, closeDate: decision.closeDate, ...lossFacts, ...(historical && { historical }) },
  });
  await insertStageChange(tx, workspaceId, { opportunityId: row.id, fromStageId: decision.fromStage.id, toStageId: decision.toStage.id, actor });

  const accountStatusBefore = row.account_status;
  const accountStatusAfter = decision.activateAccount ? 'active' : accountStatusBefore;
  const outcome = await insertOutcome(tx, workspaceId, {
    opportunityId: row.id,
    outcome: decision.outcome,
    reason: loss?.reason ?? null,
    lossReasonId: loss?.lossReasonId ?? null,
    lossNote: loss?.lossNote ?? null,
    stageId: decision.toStage.id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    closeDate: decision.closeDate,
    accountStatusBefore,
    accountStatusAfter,
    actor,
    fromStageId: decision.fromStage.id,
    closeDateBefore: row.close_date,
    historical,
  });
  audit.push({ action: `outcome.recorded`, entityType: 'deal_outcome', entityId: outcome.id, after: outcome });

  const stoppedEnrolments = await stopDealEnrolments(tx, workspaceId, {
    opportunityId: row.id,
    accountId: row.account_id,
    reason: decision.stopReason,
    outcomeId: outcome.id,
  });
  for (const e of stoppedEnrolments) {
    audit.push({
      action: 'enrolment.stopped',
      entityType: 'sequence_enrolment',
      entityId: e.id,
      before: { status: 'active' },
      after: { status: 'stopped', reason: decision.stopReason },
    });
  }

  if (decision.activateAccount) {
    await activateAccount(tx, workspaceId, row.account_id);
    audit.push({
      action: 'account.activated',
      entityType: 'account',
      entityId: row.account_id,
      before: { status: accountStatusBefore },
      after: { status: 'active' },
    });
  }

  // Won again after a reopen: the brief loses its reopened mark and the project put on hold by the reopen resumes
  // (locks in the order deal -> brief -> project). The project rule then finds the deal's project: none is created.
  // A deal never reopened has neither to bring back.
  let resumed: { id: string; name: string } | null = null;
  if (decision.outcome === 'won' && row.was_reopened) {
    const brief = await markBriefReopened(tx, workspaceId, row.id, false);
    if (brief)
      audit.push({ action: 'brief.reopen_cleared', entityType: 'handoff_brief', entityId: brief.id, before: { reopened: true }, after: { reopened: false } });
    const project = await lockOwnDealProject(tx, workspaceId, row.id);
    if (project && project.status === 'on_hold' && project.reopen_hold_at) {
      await setReopenHold(tx, workspaceId, project.id, false);
      resumed = { id: project.id, name: project.name };
      audit.push({
        action: 'project.resumed',
        entityType: 'project',
        entityId: project.id,
        before: { status: 'on_hold' },
        after: { status: 'active', reason: 'deal won again' },
      });
    }
  }

  const eventKey = `deal.${decision.outcome}:${outcome.id}`;
  const eventId = await enqueueEvent(tx, workspaceId, {
    type: `deal.${decision.outcome}`,
    subjectType: 'opportunity',
    subjectId: row.id,
    idempotencyKey: eventKey,
    payload: {
      opportunityId: row.id,
      outcomeId: outcome.id,
      accountId: row.account_id,
      name: row.name,
      amountMinor: row.amount_minor,
      currency: row.currency,
      closeDate: decision.closeDate,
      stageId: decision.toStage.id,
      reason: loss?.reason ?? null,
      ...lossFacts,
      ...(resumed && { resumedProjectId: resumed.id }),
      ...(historical && { historical: true }),
      actor: actor.label,
      depth: eventDepth(actor),
    },
  });
  await recordAudit(tx, workspaceId, actor, audit);

  const owner = row.owner_id ? config.people.get(row.owner_id) : undefined;
  const opportunity: Opportunity = {
    ...opportunityOf(row, { stage: decision.toStage, ownerName: owner?.name ?? null, accountName: row.account_name, accountStatus: accountStatusAfter }),
    closeDate: decision.closeDate,
    stageChangedAt: times.stageChangedAt,
    updatedAt: times.updatedAt,
  };
  const opsRecipients = decision.outcome === 'won' && !historical ? [...config.people.values()].filter((p) => p.role === 'ops' && p.active).length : 0;
  const result = summarise({
    changed: true,
    opportunity,
    outcome,
    account: {
      id: row.account_id,
      name: row.account_name,
      statusBefore: accountStatusBefore,
      statusAfter: accountStatusAfter,
      activated: accountStatusBefore !== 'active' && accountStatusAfter === 'active',
    },
    stoppedEnrolments,
    events: eventId ? [{ id: eventId, type: `deal.${decision.outcome}`, status: 'pending' }] : [],
    notifications: decision.outcome === 'won' && !historical ? { role: 'ops', recipients: opsRecipients, delivered: 0 } : null,
    runs: [],
  });
  if (historical) result.summary.push('Recorded as history: no handoff automation runs for this win');
  if (resumed) result.summary.push(`Project "${resumed.name}" resumed: it was on hold since the deal was reopened`);
  return result;
}

/** The lines shown to the user, from the result's parts. */
function summarise(result: Omit<CloseResult, 'summary'>): CloseResult {
  const { opportunity, outcome, stoppedEnrolments, account, notifications, runs } = result;
  const summary: string[] = [];
  if (!result.changed) summary.push(`Already ${opportunity.stageCategory}: nothing changed`);
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
  return { ...result, summary };
}

/**
 * The deal's standing outcome described as the win or lose call did, from stored state: the stopped enrolments,
 * the event and its delivery, the Operations notifications and the rule runs it started. `changed: false` adds the
 * "Already won: nothing changed" line a repeated call shows.
 */
export async function describeCurrentOutcome(db: DbOrTx, workspaceId: string, opportunityId: string, options: { changed?: false } = {}): Promise<CloseResult> {
  const story = await loadCloseStory(db, workspaceId, opportunityId);
  if (!story) throw notFound('opportunity.not_found', 'Opportunity');
  const { opportunity, outcome } = story;
  const result = summarise({
    changed: false,
    opportunity,
    outcome,
    account: {
      id: opportunity.accountId,
      name: opportunity.accountName,
      statusBefore: outcome?.accountStatusBefore ?? opportunity.accountStatus,
      statusAfter: outcome?.accountStatusAfter ?? opportunity.accountStatus,
      activated: !!outcome && outcome.accountStatusBefore !== 'active' && outcome.accountStatusAfter === 'active',
    },
    stoppedEnrolments: story.stoppedEnrolments,
    events: story.events,
    notifications: outcome?.outcome === 'won' ? { role: 'ops', recipients: story.opsRecipients, delivered: story.opsNotified } : null,
    runs: story.runs,
  });
  return 'changed' in options ? result : { ...result, summary: result.summary.filter((line) => !line.startsWith('Already')) };
}

/**
 * Reopens a won or lost deal into an open stage; the old outcome is kept, marked reopened. A lost deal goes back to
 * the stage it was lost from with its expected close date. A won deal's project goes on hold (its tasks stay), its
 * brief is marked reopened, and the project owner, the account's CSM (and the brief's, when another) and Operations are
 * told, once per reopen.
 */
export const reopenDeal = flow(
  async (tx, _deps, input: { workspaceId: string; opportunityId: string; actor: Actor; stageId?: string | undefined }): Promise<Opportunity> => {
    const { workspaceId, actor } = input;
    const row = await lockOpportunity(tx, workspaceId, input.opportunityId);
    if (!row) throw notFound('opportunity.not_found', 'Opportunity');
    const config = await workspaceConfig(tx, workspaceId);
    const stages = config.pipelines.get(row.pipeline_id)?.stages ?? [];
    const deal = { id: row.id, name: row.name, stageId: row.stage_id, closeDate: row.close_date, accountId: row.account_id };
    // Decided first (a 409 when the deal is open), then the standing outcome is marked reopened.
    reopen(deal, stages, { stageId: input.stageId });
    const standing = await markOutcomeReopened(tx, workspaceId, row.id, actor.label);
    const lost = standing?.outcome === 'lost';
    const move = reopen(deal, stages, { stageId: input.stageId, lostFromStageId: lost ? standing.fromStageId : null });
    // The expected close date before the loss comes back with the stage it was lost from.
    const closeDate = lost && standing.closeDateBefore && move.toStage.id === standing.fromStageId ? standing.closeDateBefore : undefined;
    await moveOpportunityStage(tx, workspaceId, row.id, { stageId: move.toStage.id, ...(closeDate !== undefined && { closeDate }) });
    await insertStageChange(tx, workspaceId, { opportunityId: row.id, fromStageId: move.fromStage.id, toStageId: move.toStage.id, actor });
    const audit: AuditEntry[] = [
      {
        action: 'opportunity.reopened',
        entityType: 'opportunity',
        entityId: row.id,
        before: { stageId: move.fromStage.id, stage: move.fromStage.name, closeDate: row.close_date },
        after: { stageId: move.toStage.id, stage: move.toStage.name, closeDate: closeDate ?? row.close_date },
      },
    ];
    // A won deal reopened: locks in the order deal -> brief -> project.
    let held: { id: string; name: string } | null = null;
    if (standing?.outcome === 'won') {
      const brief = await markBriefReopened(tx, workspaceId, row.id, true);
      if (brief)
        audit.push({ action: 'brief.reopened', entityType: 'handoff_brief', entityId: brief.id, before: { reopened: false }, after: { reopened: true } });
      const project = await lockOwnDealProject(tx, workspaceId, row.id);
      if (project && (project.status === 'planned' || project.status === 'active')) {
        await setReopenHold(tx, workspaceId, project.id, true);
        held = { id: project.id, name: project.name };
        audit.push({
          action: 'project.on_hold',
          entityType: 'project',
          entityId: project.id,
          before: { status: project.status },
          after: { status: 'on_hold', reason: 'deal reopened' },
        });
      }
    }
    const key = `deal.reopened:${standing?.id ?? newId()}`;
    const eventId = await enqueueEvent(tx, workspaceId, {
      type: 'deal.reopened',
      subjectType: 'opportunity',
      subjectId: row.id,
      idempotencyKey: key,
      payload: {
        opportunityId: row.id,
        name: row.name,
        outcomeId: standing?.id ?? null,
        stageId: move.toStage.id,
        ...(closeDate !== undefined && { closeDate }),
        ...(held && { heldProjectId: held.id }),
        depth: eventDepth(actor),
      },
    });
    await recordAudit(tx, workspaceId, actor, audit);
    if (standing?.outcome === 'won') {
      const facts = await loadDealFacts(tx, workspaceId, row.id);
      const people = new Map<string, Awaited<ReturnType<typeof resolveRecipients>>[number]>();
      // The account's CSM, and the brief's CSM when the brief names another one (the person reviewing the handoff).
      const specs = [
        { recipientType: 'project_owner' },
        { recipientType: 'account_csm' },
        { recipientType: 'handoff_csm' },
        { recipientType: 'role', recipient: 'ops' },
      ] as const;
      for (const spec of specs) {
        for (const p of await resolveRecipients(tx, { workspaceId, facts, ...spec })) people.set(p.id, p);
      }
      await notifyPeople(tx, {
        workspaceId,
        people: [...people.values()],
        channel: 'in_app',
        title: `Deal reopened: ${row.name}`,
        body: held
          ? `The won deal was reopened. Project "${held.name}" is on hold (its tasks stay, no new ones are created) until the deal is won again or someone resumes or cancels it.`
          : 'The won deal was reopened.',
        subject: held ? { type: 'project', id: held.id } : { type: 'opportunity', id: row.id },
        eventId: eventId ?? null,
        runId: null,
        key,
        actor,
      });
    }
    // The answer is read in the transaction: it shows the reopen it just wrote.
    const opportunity = await findOpportunity(tx, workspaceId, input.opportunityId);
    if (!opportunity) throw notFound('opportunity.not_found', 'Opportunity');
    return opportunity;
  },
);
