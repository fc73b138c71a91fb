// create_task: a task for a team role on the deal's project, owned through the roster, due in business days.
import { createDealTask, planDealTask } from '../../flows/deal-tasks.flow.ts';
import { assignmentHeld } from '../../flows/traction.flow.ts';
import { dealOf, onHold, type ActionHandler } from './action.ts';

export const createTask: ActionHandler<'create_task'> = {
  type: 'create_task',
  async run(tx, ctx, params) {
    const facts = dealOf(ctx);
    const held = onHold(facts);
    if (held) return { status: 'skipped', summary: `Project "${held.name}" is on hold: no new tasks until it resumes` };
    const { created, held: gate } = await createDealTask(tx, {
      workspaceId: ctx.workspaceId,
      facts,
      task: params,
      now: ctx.now,
      actor: ctx.actor,
      runId: ctx.run.id,
      key: ctx.key,
    });
    // Held, not dropped: the step is marked, and released (made again with the same key) once the deal's traction is
    // met or it is won (releaseHeldSteps, on the event of the signal).
    if (gate) return { status: 'skipped', summary: `${gate}; made once the traction is met`, output: { heldForTraction: true } };
    if (!created) return { summary: 'The task exists already' };
    return {
      summary: `Task "${created.title}" for ${created.ownerName}, due ${created.dueDate}`,
      created: [{ type: 'task', id: created.id, label: created.title }],
      changedFacts: true,
    };
  },
  async preview(db, ctx, params) {
    const facts = dealOf(ctx);
    const plan = await planDealTask(db, { workspaceId: ctx.workspaceId, facts, task: params, now: ctx.now, persist: false });
    const held = await assignmentHeld(db, { workspaceId: ctx.workspaceId, opportunityId: facts.deal.id, ownerId: plan.ownerId, category: null, now: ctx.now });
    if (held) return { summary: `Task "${plan.title}" not assigned: ${held.reason}`, details: [] };
    return { summary: `Task "${plan.title}" for ${plan.ownerName ?? 'nobody'}, due ${plan.dueDate}`, details: plan.flagged ? [`Flagged: ${plan.reason}`] : [] };
  },
};
