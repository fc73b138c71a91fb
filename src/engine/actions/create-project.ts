// create_project: the deal's delivery project from a template (once per deal; manual pipelines leave it to a person).
import { dateIn } from '../../domain/calendar.ts';
import { AppError } from '../../domain/errors.ts';
import type { DbOrTx } from '../../adapters/db/database.ts';
import { findTemplateByKey } from '../../adapters/db/templates.repo.ts';
import { chooseTemplate, createProjectForDeal, proposeProject, takeProjectTurns, type TemplateChoice, type TurnsTaken } from '../../flows/projects.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

async function templateChoice(db: DbOrTx, workspaceId: string, value: string): Promise<TemplateChoice> {
  if (value === 'for_deal_type') return { forDealType: true };
  const t = await findTemplateByKey(db, workspaceId, value);
  if (!t) throw new AppError('template.not_found', 'invalid', `No project template with key "${value}"`);
  return { templateId: t.id };
}

export const createProject: ActionHandler<'create_project'> = {
  type: 'create_project',
  async reserve(db, ctx, params) {
    const deal = dealOf(ctx);
    return takeProjectTurns(db, {
      workspaceId: ctx.workspaceId,
      facts: deal,
      choice: await templateChoice(db, ctx.workspaceId, params.template),
      now: ctx.now,
    });
  },
  async run(tx, ctx, params) {
    const deal = dealOf(ctx);
    if (deal.deal.projectCreation === 'manual') {
      return {
        status: 'skipped',
        summary: 'This pipeline creates projects by hand: the deal shows "Create project" as its next step',
        output: { reason: 'manual' },
      };
    }
    // The run read the deal's facts holding its lock, in this transaction.
    const created = await createProjectForDeal(tx, {
      facts: deal,
      workspaceId: ctx.workspaceId,
      opportunityId: deal.deal.id,
      choice: await templateChoice(tx, ctx.workspaceId, params.template),
      actor: ctx.actor,
      now: ctx.now,
      originKey: ctx.key,
      turns: ctx.reserved as TurnsTaken | undefined,
    });
    const project = { type: 'project' as const, id: created.projectId, label: deal.deal.name };
    return {
      summary: created.summary,
      created: created.outcome === 'exists' ? [] : [project, ...created.taskIds.map((id) => ({ type: 'task' as const, id, label: 'task' }))],
      output: { projectId: created.projectId, outcome: created.outcome },
      changedFacts: created.outcome !== 'exists',
    };
  },
  async preview(db, ctx, params) {
    const deal = dealOf(ctx);
    if (deal.deal.projectCreation === 'manual') return { summary: 'Skip: this pipeline creates projects by hand', details: [] };
    if (deal.projects.length > 0 && deal.tasks.length > 0) return { summary: 'The deal already has a project: nothing would be created', details: [] };
    const template = await chooseTemplate(db, ctx.workspaceId, deal, await templateChoice(db, ctx.workspaceId, params.template));
    const p = await proposeProject(db, { workspaceId: ctx.workspaceId, facts: deal, template, today: dateIn(ctx.now, deal.workspace.timeZone) });
    const details = p.plan.tasks.map((t) => {
      const a = p.assignments.get(t.key)!;
      return `${t.title}: ${a.ownerName ?? 'nobody'}, due ${t.dueDate}${a.flagged ? ` (flagged: ${a.reason})` : ''}`;
    });
    for (const s of p.plan.skipped) details.push(`Skipped "${s.title}": needs ${s.condition}`);
    const where = p.existingProjectId ? "add to the customer's open project" : `new project${p.owner?.ownerName ? ` owned by ${p.owner.ownerName}` : ''}`;
    return { summary: `${template.name} v${template.version}: ${p.plan.tasks.length} task(s), ${where}, ${p.plan.startDate} to ${p.plan.endDate}`, details };
  },
};
