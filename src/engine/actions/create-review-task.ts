// create_review_task: "Review the handoff brief of <deal>" in the My tasks of whoever reviews the brief now.
import { createReviewTask as create } from '../../flows/deal-tasks.flow.ts';
import { findBriefRow, toBrief } from '../../adapters/db/briefs.repo.ts';
import { dealOf, type ActionHandler } from './action.ts';

const who = { ae: 'the AE', csm: 'the CSM' } as const;

export const createReviewTask: ActionHandler<'create_review_task'> = {
  type: 'create_review_task',
  async run(tx, ctx, params) {
    const result = await create(tx, {
      workspaceId: ctx.workspaceId,
      facts: dealOf(ctx),
      now: ctx.now,
      dueInBusinessDays: params.dueInBusinessDays ?? 2,
      actor: ctx.actor,
      runId: ctx.run.id,
    });
    switch (result.outcome) {
      case 'no_brief':
        return { status: 'skipped', summary: 'The deal has no handoff brief yet' };
      case 'accepted':
        return { status: 'skipped', summary: 'The handoff is accepted: nothing left to review' };
      case 'nobody':
        return { status: 'skipped', summary: `Nobody to review it: the handoff has no active ${result.reviewer === 'csm' ? 'CSM' : 'AE'}` };
      case 'exists':
        return { summary: `The review task of ${who[result.reviewer!]} exists already` };
      case 'created':
        return {
          summary: `Task "${result.task!.title}" for ${result.task!.ownerName}, due ${result.task!.due}`,
          created: [{ type: 'task' as const, id: result.task!.id, label: result.task!.title }],
          changedFacts: true,
        };
    }
  },
  async preview(db, ctx) {
    const row = await findBriefRow(db, ctx.workspaceId, { opportunityId: dealOf(ctx).deal.id });
    if (!row) return { summary: 'Nothing yet: the deal has no handoff brief', details: [] };
    const brief = toBrief(row);
    if (brief.status === 'accepted') return { summary: 'Nothing: the handoff is accepted', details: [] };
    return { summary: `Task "Review the handoff brief of ${dealOf(ctx).deal.name}" for ${brief.status === 'csm_review' ? 'the CSM' : 'the AE'}`, details: [] };
  },
};
