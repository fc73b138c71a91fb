// stop_sequence: the account's active enrolments stopped (in one sequence, or all).
import { countActiveEnrolments, findSequence } from '../../adapters/db/sequences.repo.ts';
import { stopDealSequences } from '../../flows/sequences.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const stopSequence: ActionHandler<'stop_sequence'> = {
  type: 'stop_sequence',
  async run(tx, ctx, params) {
    const { stopped } = await stopDealSequences(tx, {
      workspaceId: ctx.workspaceId,
      facts: dealOf(ctx),
      sequence: params.sequence,
      ruleName: ctx.run.ruleName,
      actor: ctx.actor,
    });
    return { summary: stopped.length === 0 ? 'No active enrolment to stop' : `${stopped.length} enrolment(s) stopped` };
  },
  async preview(db, ctx, params) {
    const facts = dealOf(ctx);
    const sequence = params.sequence ? await findSequence(db, ctx.workspaceId, params.sequence) : undefined;
    const n = await countActiveEnrolments(db, ctx.workspaceId, { accountId: facts.account.id, sequenceId: sequence?.id });
    return { summary: `Stop ${n} active enrolment(s)${sequence ? ` in ${sequence.name}` : ''}`, details: [] };
  },
};
