// request_approval: asks for an approval policy's approval on the deal (its chain, SLA and a snapshot of the terms);
// one request per deal and policy (a unique index), so a repeated trigger or a retried step asks nothing twice.
// Set to hold (`hold: until_approved`), the rule's next actions wait: the step parks its run on the request until the
// request is approved or withdrawn (the approval flow resumes it); a rejection keeps the run waiting, visibly.
import { AppError } from '../../domain/errors.ts';
import { findPolicyByKey, lockDealPolicyRequest } from '../../adapters/db/approvals.repo.ts';
import { requestApprovals } from '../../flows/approvals.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const requestApprovalHandler: ActionHandler<'request_approval'> = {
  type: 'request_approval',
  waits: (params) => params.hold === 'until_approved',
  async run(tx, ctx, params) {
    const deal = dealOf(ctx);
    const policy = await findPolicyByKey(tx, ctx.workspaceId, params.policy);
    if (!policy || policy.archived) throw new AppError('approval_policy.not_found', 'invalid', `No active approval policy with key "${params.policy}"`);
    const made = await requestApprovals(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, now: ctx.now }, deal.deal.id, undefined, { policy });
    const created = made.length ? [{ type: 'approval_request' as const, id: made[0]!, label: policy.name }] : [];
    if (params.hold === 'until_approved') {
      // Locked, so that a decision committing now either comes before this read or finds the run parked and resumes it.
      const request = await lockDealPolicyRequest(tx, ctx.workspaceId, deal.deal.id, policy.id);
      if (!request) throw new AppError('approval.not_found', 'conflict', `${policy.name} could not be requested for ${deal.deal.name}`);
      const output = { requestId: request.id, requestStatus: request.status };
      if (request.status === 'approved' || request.status === 'withdrawn')
        return {
          summary: `${policy.name} is ${request.status === 'approved' ? 'approved' : 'no longer needed'} for ${deal.deal.name}: the next actions go on`,
          created,
          output,
        };
      const why =
        request.status === 'rejected'
          ? `${policy.name} was rejected${request.decision_comment ? ` ("${request.decision_comment}")` : ''}: the next actions wait until the terms change and it is approved`
          : `Waiting for ${policy.name} on ${deal.deal.name}: the next actions run once it is approved`;
      return { status: 'waiting', waitingFor: request.id, summary: why, created, output };
    }
    if (made.length === 0) return { summary: `${policy.name} was already requested for ${deal.deal.name}` };
    return { summary: `${policy.name} requested for ${deal.deal.name}`, created, output: { requestId: made[0]! } };
  },
  async preview(db, ctx, params) {
    const deal = dealOf(ctx);
    const policy = await findPolicyByKey(db, ctx.workspaceId, params.policy);
    if (!policy || policy.archived) return { summary: `No active approval policy with key "${params.policy}": the step would fail`, details: [] };
    const details = policy.steps.map((s, i) => `Step ${i + 1}: ${s.name} (${s.mode})`);
    if (params.hold === 'until_approved') details.push('The next actions wait until it is approved');
    return { summary: `Request ${policy.name} for ${deal.deal.name}`, details };
  },
};
