// create_task: a task for a team role on the deal's project, owned through the roster, due in business days.
import { createDealTask, planDealTask } from '../../flows/deal-tasks.flow.ts';
import { dealOf, onHold, type ActionHandler } from './action.ts';

export const createTask: ActionHandler<'create_task'> = {
  type: 'create_task',
  async run(tx, ctx, params) {
    const facts = dealOf(ctx);
    const held = onHold(facts);
    if (held) return { status: 'skipped', summary: `Project "${held.name}" is on hold: no new tasks until it resumes` };
    const { created } = await createDealTask(tx, {
      workspaceId: ctx.workspaceId,
      facts,
      task: params,
      now: ctx.now,
      actor: ctx.actor,
      runId: ctx.run.id,
      key: ctx.key,
    });
    if (!created) return { summary: 'The task exists already' };
    return {
      summary: `Task "${created.title}" for ${created.ownerName}, due ${created.dueDate}`,
      created: [{ type: 'task', id: created.id, label: created.title }],
      changedFacts: true,
    };
  },
  async preview(db, ctx, params) {
    const plan = await planDealTask(db, { workspaceId: ctx.workspaceId, facts: dealOf(ctx), task: params, now: ctx.now, persist: false });
    return { summary: `Task "${plan.title}" for ${plan.ownerName ?? 'nobody'}, due ${plan.dueDate}`, details: plan.flagged ? [`Flagged: ${plan.reason}`] : [] };
  },
};
