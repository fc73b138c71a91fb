// Nurture sequences: enrolling a contact and stopping an enrolment by hand.
import type { Actor } from '../domain/actor.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  findSequence,
  insertEnrolment,
  insertEnrolments,
  insertSequence,
  lockEnrolment,
  stopAccountEnrolments,
  stopEnrolmentRow,
} from '../adapters/db/sequences.repo.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
import { findContact } from '../adapters/db/accounts.repo.ts';
import { findEnrolment, type Enrolment } from '../adapters/db/opportunities.repo.ts';
import { requireOptionalRef, requireRef } from './references.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export const createSequence = flow(async (tx, _deps, ctx: Ctx, input: { name: string; description?: string | null; steps?: number }) => {
  const id = newId();
  const row = await insertSequence(tx, {
    id,
    workspace_id: ctx.workspaceId,
    name: input.name.trim(),
    description: input.description ?? null,
    steps: input.steps ?? 3,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'sequence.created', entityType: 'sequence', entityId: id, after: input }]);
  return { id: row.id, name: row.name, description: row.description, steps: row.steps, active: row.active };
});

export const enrolContact = flow(
  async (tx, _deps, ctx: Ctx, input: { sequenceId: string; contactId: string; opportunityId?: string | null }): Promise<Enrolment> => {
    const id = newId();
    await requireRef(tx, ctx.workspaceId, 'sequences', input.sequenceId, '/sequenceId');
    const contact = await findContact(tx, ctx.workspaceId, input.contactId);
    if (!contact) throw invalid([{ path: '/contactId', message: 'no contact with this id in your workspace' }]);
    await requireOptionalRef(tx, ctx.workspaceId, 'opportunities', input.opportunityId, '/opportunityId');
    const inserted = await insertEnrolment(tx, {
      id,
      workspace_id: ctx.workspaceId,
      sequence_id: input.sequenceId,
      contact_id: input.contactId,
      account_id: contact.accountId,
      opportunity_id: input.opportunityId ?? null,
    });
    if (!inserted) throw new AppError('enrolment.already_active', 'conflict', 'The contact is already enrolled in this sequence');
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'enrolment.created', entityType: 'sequence_enrolment', entityId: id, after: input }]);
    return (await findEnrolment(tx, ctx.workspaceId, id))!;
  },
);

export const stopEnrolment = flow(async (tx, _deps, ctx: Ctx, id: string, reason: string): Promise<Enrolment> => {
  const row = await lockEnrolment(tx, ctx.workspaceId, id);
  if (!row) throw notFound('enrolment.not_found', 'Enrolment');
  if (row.status === 'active') {
    await stopEnrolmentRow(tx, ctx.workspaceId, id, reason);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'enrolment.stopped', entityType: 'sequence_enrolment', entityId: id, before: { status: row.status }, after: { status: 'stopped', reason } },
    ]);
  }
  return (await findEnrolment(tx, ctx.workspaceId, id))!;
});

/** Enrols the deal's account contacts that have an e-mail in a sequence, once each (a rule's action). */
export async function enrolDealContacts(
  tx: Tx,
  input: { workspaceId: string; facts: DealFacts; sequence: string; now: Date; actor: Actor; runId: string },
): Promise<{ sequence: { id: string; name: string }; enrolled: string[]; withEmail: number }> {
  const { workspaceId, facts } = input;
  const sequence = await findSequence(tx, workspaceId, input.sequence);
  if (!sequence) throw new AppError('sequence.not_found', 'invalid', `No sequence "${input.sequence}"`);
  const contactIds = facts.contacts.filter((c) => c.email).map((c) => c.id);
  const enrolled = await insertEnrolments(tx, workspaceId, {
    sequenceId: sequence.id,
    accountId: facts.account.id,
    opportunityId: facts.deal.id,
    contactIds,
    at: input.now,
  });
  await recordAudit(
    tx,
    workspaceId,
    input.actor,
    enrolled.map((id) => ({
      action: 'enrolment.created',
      entityType: 'sequence_enrolment',
      entityId: id,
      after: { sequence: sequence.name, runId: input.runId },
    })),
  );
  return { sequence, enrolled, withEmail: contactIds.length };
}

/** Stops the active enrolments of the deal's account (in one sequence, or all) with the rule's name as reason. */
export async function stopDealSequences(
  tx: Tx,
  input: { workspaceId: string; facts: DealFacts; sequence?: string | undefined; ruleName: string; actor: Actor },
): Promise<{ stopped: string[]; sequence: { id: string; name: string } | undefined }> {
  const { workspaceId } = input;
  const sequence = input.sequence ? await findSequence(tx, workspaceId, input.sequence) : undefined;
  if (input.sequence && !sequence) throw new AppError('sequence.not_found', 'invalid', `No sequence "${input.sequence}"`);
  const reason = `rule: ${input.ruleName}`;
  const stopped = await stopAccountEnrolments(tx, workspaceId, { accountId: input.facts.account.id, sequenceId: sequence?.id, reason });
  await recordAudit(
    tx,
    workspaceId,
    input.actor,
    stopped.map((id) => ({ action: 'enrolment.stopped', entityType: 'sequence_enrolment', entityId: id, after: { status: 'stopped', reason } })),
  );
  return { stopped, sequence };
}
