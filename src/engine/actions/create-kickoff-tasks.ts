// create_kickoff_tasks: the accepted brief's kickoff preparation list becomes owned, dated tasks.
import { createKickoffTasks as create, planKickoffTasks } from '../../flows/deal-tasks.flow.ts';
import { dealOf, onHold, type ActionHandler } from './action.ts';

export const createKickoffTasks: ActionHandler<'create_kickoff_tasks'> = {
  type: 'create_kickoff_tasks',
  async run(tx, ctx, params) {
    const held = onHold(dealOf(ctx));
    if (held) return { status: 'skipped', summary: `Project "${held.name}" is on hold: no new tasks until it resumes` };
    const result = await create(tx, {
      workspaceId: ctx.workspaceId,
      facts: dealOf(ctx),
      now: ctx.now,
      dueInBusinessDays: params.dueInBusinessDays ?? 2,
      actor: ctx.actor,
      runId: ctx.run.id,
      key: ctx.key,
    });
    const { brief, tasks } = result.plan;
    switch (result.outcome) {
      case 'no_brief':
        return { status: 'skipped', summary: 'The deal has no handoff brief' };
      case 'not_accepted':
        return { status: 'skipped', summary: `The handoff is not accepted yet (${brief!.status.replace('_', ' ')}): kickoff tasks wait for acceptance` };
      case 'nothing_listed':
        return { status: 'skipped', summary: 'The brief lists no kickoff preparation' };
      case 'created':
        return {
          summary: result.created.length
            ? `${result.created.length} kickoff preparation task(s), due ${tasks[0]!.due}, for ${[...new Set(tasks.map((t) => t.ownerName))].join(', ')}`
            : 'The kickoff tasks exist already',
          created: result.created.map((c) => ({ type: 'task' as const, id: c.id, label: c.title })),
          changedFacts: result.created.length > 0,
        };
    }
  },
  async preview(db, ctx, params) {
    const { brief, tasks } = await planKickoffTasks(db, {
      workspaceId: ctx.workspaceId,
      facts: dealOf(ctx),
      now: ctx.now,
      dueInBusinessDays: params.dueInBusinessDays ?? 2,
    });
    if (!brief) return { summary: 'Nothing yet: the deal has no handoff brief', details: [] };
    return {
      summary: `${tasks.length} kickoff preparation task(s) once the handoff is accepted`,
      details: tasks.map((t) => `${t.item.text}: ${t.ownerName ?? 'nobody'}, due ${t.due}`),
    };
  },
};
