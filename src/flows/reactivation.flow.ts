// Lost deals brought back: reopen them (into the stage each was lost from) or start a reactivation sequence for
// their contacts, one deal or many at a time. Each deal is its own transaction: one refusal does not hold the others.
import type { Actor } from '../domain/actor.ts';
import { AppError, invalid } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { lockOpportunity } from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { findDealStanding, listAccountContactIdsWithEmail } from '../adapters/db/reactivation.repo.ts';
import { findSequence, insertEnrolments } from '../adapters/db/sequences.repo.ts';
import { eventDepth } from '../domain/actor.ts';
import { reopenDeal } from './close-deal.flow.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type ReactivationOutcome = {
  opportunityId: string;
  ok: boolean;
  /** What happened, in words ("Reopened into Proposal", "2 contacts enrolled in Win-back"), or why not. */
  summary: string;
  code?: string | undefined;
  stage?: string | undefined;
  enrolled?: number | undefined;
};

async function eachDeal(ids: readonly string[], work: (id: string) => Promise<ReactivationOutcome>): Promise<ReactivationOutcome[]> {
  const outcomes: ReactivationOutcome[] = [];
  // One at a time, in the order given: the deals' locks are taken in turn, never two at once.
  for (const id of [...new Set(ids)]) {
    try {
      outcomes.push(await work(id));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ opportunityId: id, ok: false, code: error.code, summary: error.message });
    }
  }
  return outcomes;
}

const notLost = (name: string) => new AppError('opportunity.not_closed', 'conflict', `"${name}" is not lost: only lost deals are brought back here`);

const reopenLost = flow(async (tx, deps: Deps, ctx: Ctx, id: string): Promise<ReactivationOutcome> => {
  const locked = await lockOpportunity(tx, ctx.workspaceId, id);
  if (!locked) throw new AppError('opportunity.not_found', 'not_found', 'Opportunity not found');
  const deal = (await findDealStanding(tx, ctx.workspaceId, id))!;
  if (deal.category !== 'lost') throw notLost(deal.name);
  const reopened = await reopenDeal.in(tx, deps, { workspaceId: ctx.workspaceId, opportunityId: id, actor: ctx.actor });
  return { opportunityId: id, ok: true, stage: reopened.stageName, summary: `Reopened into ${reopened.stageName}` };
});

/** Reopens lost deals, each into the stage it was lost from (with its expected close date). */
export async function reopenLostDeals(deps: Deps, ctx: Ctx, ids: readonly string[]): Promise<ReactivationOutcome[]> {
  return eachDeal(ids, (id) => reopenLost(deps, ctx, id));
}

const startOne = flow(async (tx, deps: Deps, ctx: Ctx, id: string, sequence: { id: string; name: string }): Promise<ReactivationOutcome> => {
  const locked = await lockOpportunity(tx, ctx.workspaceId, id);
  if (!locked) throw new AppError('opportunity.not_found', 'not_found', 'Opportunity not found');
  const deal = (await findDealStanding(tx, ctx.workspaceId, id))!;
  if (deal.category !== 'lost') throw notLost(deal.name);
  const contactIds = await listAccountContactIdsWithEmail(tx, ctx.workspaceId, deal.account_id);
  if (contactIds.length === 0)
    return { opportunityId: id, ok: false, code: 'no_contacts', summary: `"${deal.name}" has no contact with an e-mail`, enrolled: 0 };
  // A contact already in this sequence stays in it once (the active-enrolment index): starting again adds nobody.
  const enrolled = await insertEnrolments(tx, ctx.workspaceId, {
    sequenceId: sequence.id,
    accountId: deal.account_id,
    opportunityId: id,
    contactIds,
    at: deps.now(),
  });
  await recordAudit(
    tx,
    ctx.workspaceId,
    ctx.actor,
    enrolled.map((eid) => ({
      action: 'enrolment.created',
      entityType: 'sequence_enrolment',
      entityId: eid,
      after: { sequence: sequence.name, opportunityId: id, reactivation: true },
    })),
  );
  if (enrolled.length > 0)
    await enqueueEvent(tx, ctx.workspaceId, {
      type: 'deal.reactivation_started',
      subjectType: 'opportunity',
      subjectId: id,
      idempotencyKey: `deal.reactivation_started:${id}:${enrolled[0]}`,
      payload: {
        opportunityId: id,
        name: deal.name,
        sequenceId: sequence.id,
        sequence: sequence.name,
        enrolled: enrolled.length,
        actor: ctx.actor.label,
        depth: eventDepth(ctx.actor),
      },
    });
  const already = contactIds.length - enrolled.length;
  return {
    opportunityId: id,
    ok: true,
    enrolled: enrolled.length,
    summary:
      enrolled.length === 0
        ? `Every contact of "${deal.name}" is already in ${sequence.name}`
        : `${enrolled.length} contact(s) enrolled in ${sequence.name}${already > 0 ? ` (${already} already in it)` : ''}`,
  };
});

/** Starts a reactivation sequence for lost deals: their account's contacts with an e-mail are enrolled, once each. */
export async function startReactivation(deps: Deps, ctx: Ctx, ids: readonly string[], sequenceId: string): Promise<ReactivationOutcome[]> {
  const sequence = await findSequence(deps.db, ctx.workspaceId, sequenceId);
  if (!sequence) throw invalid([{ path: 'body:/sequenceId', message: 'no sequence with this id in your workspace' }]);
  return eachDeal(ids, (id) => startOne(deps, ctx, id, sequence));
}
