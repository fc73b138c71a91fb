// set_field: one field of the deal set to a value (placeholders filled); announces deal.field_changed.
import { fillTemplate } from '../../domain/rules/template-text.ts';
import { setDealField } from '../../flows/crm.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const setField: ActionHandler<'set_field'> = {
  type: 'set_field',
  async run(tx, ctx, params) {
    const facts = dealOf(ctx);
    const value = typeof params.value === 'string' ? fillTemplate(params.value, facts) : params.value;
    const result = await setDealField(tx, {
      workspaceId: ctx.workspaceId,
      opportunityId: facts.deal.id,
      field: params.field,
      value,
      actor: ctx.actor,
      key: ctx.key,
      runId: ctx.run.id,
    });
    if (!result.changed) return { summary: `${params.field} is already ${JSON.stringify(value)}` };
    return { summary: `${params.field} set to ${JSON.stringify(value)} (was ${JSON.stringify(result.before ?? null)})`, changedFacts: true };
  },
  async preview(_db, ctx, params) {
    const value = typeof params.value === 'string' ? fillTemplate(params.value, ctx.facts) : params.value;
    return { summary: `Set ${params.field} to ${JSON.stringify(value)}`, details: [] };
  },
};
