// request_approval: asks for an approval policy's approval on the deal (its chain, SLA and a snapshot of the terms);
// one request per deal and policy (a unique index), so a repeated trigger or a retried step asks nothing twice.
import { AppError } from '../../domain/errors.ts';
import { findPolicyByKey } from '../../adapters/db/approvals.repo.ts';
import { requestApprovals } from '../../flows/approvals.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const requestApprovalHandler: ActionHandler<'request_approval'> = {
  type: 'request_approval',
  async run(tx, ctx, params) {
    const deal = dealOf(ctx);
    const policy = await findPolicyByKey(tx, ctx.workspaceId, params.policy);
    if (!policy || policy.archived) throw new AppError('approval_policy.not_found', 'invalid', `No active approval policy with key "${params.policy}"`);
    const made = await requestApprovals(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, now: ctx.now }, deal.deal.id, undefined, { policy });
    if (made.length === 0) return { summary: `${policy.name} was already requested for ${deal.deal.name}` };
    return {
      summary: `${policy.name} requested for ${deal.deal.name}`,
      created: [{ type: 'approval_request', id: made[0]!, label: policy.name }],
      output: { requestId: made[0]! },
    };
  },
  async preview(db, ctx, params) {
    const deal = dealOf(ctx);
    const policy = await findPolicyByKey(db, ctx.workspaceId, params.policy);
    if (!policy || policy.archived) return { summary: `No active approval policy with key "${params.policy}": the step would fail`, details: [] };
    return { summary: `Request ${policy.name} for ${deal.deal.name}`, details: policy.steps.map((s, i) => `Step ${i + 1}: ${s.name} (${s.mode})`) };
  },
};
