// activate_client: the deal's account becomes an active client.
import { activateClient as activate } from '../../flows/crm.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const activateClient: ActionHandler<'activate_client'> = {
  type: 'activate_client',
  async run(tx, ctx) {
    const deal = dealOf(ctx);
    // The facts were read after the deal was locked, in this transaction: an account they show active needs no write.
    if (deal.account.status === 'active') return { summary: `${deal.account.name} is already an active client` };
    const changed = await activate(tx, { workspaceId: ctx.workspaceId, account: deal.account, actor: ctx.actor });
    if (!changed) return { summary: `${deal.account.name} is already an active client` };
    return {
      summary: `${deal.account.name} is now an active client`,
      created: [{ type: 'account', id: deal.account.id, label: deal.account.name }],
      changedFacts: true,
    };
  },
  async preview(_db, ctx) {
    const deal = dealOf(ctx);
    return {
      summary:
        deal.account.status === 'active'
          ? `${deal.account.name} is already active: nothing to change`
          : `Set ${deal.account.name} from ${deal.account.status} to active`,
      details: [],
    };
  },
};
