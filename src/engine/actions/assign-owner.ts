// assign_owner: the deal's project gets an owner from a team role, when it has none.
import { assignProjectOwner, planRoleAssignment } from '../../flows/projects.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const assignOwner: ActionHandler<'assign_owner'> = {
  type: 'assign_owner',
  async run(tx, ctx, params) {
    const result = await assignProjectOwner(tx, { workspaceId: ctx.workspaceId, facts: dealOf(ctx), role: params.role, actor: ctx.actor });
    switch (result.outcome) {
      case 'no_project':
        return { status: 'skipped', summary: 'The deal has no project yet: nobody to assign' };
      case 'has_owner':
        return { summary: 'The project already has an owner' };
      case 'assigned':
        return { summary: `${result.ownerName} owns the project ${result.projectName}`, created: [], changedFacts: true };
    }
  },
  async preview(db, ctx, params) {
    const plan = await planRoleAssignment(db, { workspaceId: ctx.workspaceId, facts: dealOf(ctx), role: params.role, persist: false });
    return { summary: `Project owner: ${plan.ownerName ?? 'nobody'} (${params.role}), when the project has none`, details: plan.flagged ? [plan.reason] : [] };
  },
};
