// enrol_sequence: the account's contacts with an e-mail enrolled in a sequence, once each.
import { findSequence } from '../../adapters/db/sequences.repo.ts';
import { enrolDealContacts } from '../../flows/sequences.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const enrolSequence: ActionHandler<'enrol_sequence'> = {
  type: 'enrol_sequence',
  async run(tx, ctx, params) {
    const facts = dealOf(ctx);
    const result = await enrolDealContacts(tx, {
      workspaceId: ctx.workspaceId,
      facts,
      sequence: params.sequence,
      now: ctx.now,
      actor: ctx.actor,
      runId: ctx.run.id,
    });
    if (result.withEmail === 0) return { status: 'skipped', summary: `${facts.account.name} has no contact with an e-mail` };
    return {
      summary: `${result.enrolled.length} contact(s) enrolled in ${result.sequence.name}`,
      created: result.enrolled.map((id) => ({ type: 'enrolment' as const, id, label: result.sequence.name })),
    };
  },
  async preview(db, ctx, params) {
    const facts = dealOf(ctx);
    const sequence = await findSequence(db, ctx.workspaceId, params.sequence);
    if (!sequence) return { summary: `Would fail: no sequence "${params.sequence}"`, details: [] };
    return { summary: `Enrol ${facts.contacts.filter((c) => c.email).length} contact(s) in ${sequence.name}`, details: [] };
  },
};
