// The handoff brief's rule actions: prepare (or refresh) the brief, and turn an accepted brief's kickoff
// preparation list into owned, dated tasks.
import { Type } from 'typebox';
import { addBusinessDays, dateIn } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { isActive } from '../domain/brief/review.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { findBriefRow, listItems, toBrief } from '../adapters/db/briefs.repo.ts';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { loadCalendar } from '../adapters/db/team.repo.ts';
import { askOutsideExtractor, loadBriefInput, prepareBrief, type BriefExtractor, type OutsideExtraction } from '../flows/brief.flow.ts';
import type { ActionContext, ActionDefinition } from './actions.ts';

function dealOf(ctx: ActionContext) {
  if (!ctx.facts) throw new AppError('action.failed', 'invalid', `This action needs a deal, and the run's record is a ${ctx.run.subjectType}`);
  return ctx.facts;
}

/** An outside extractor and what asking it needs (it runs before the step's transaction). */
export type OutsideBriefExtractor = { extractor: BriefExtractor; db: Db; log: Logger };

export function prepareBriefAction(outside: OutsideBriefExtractor | undefined): ActionDefinition {
  const llm = outside?.extractor;
  return {
    type: 'prepare_brief',
    label: 'Prepare the handoff brief',
    description:
      "Prepares (or refreshes) the customer-success handoff brief from the deal's notes, calls, e-mails, signed scope, fields and contacts. A won deal's brief goes to the AE for review; conflicts with the signed scope pause it.",
    params: [],
    schema: Type.Object({}, { additionalProperties: false }),
    // The LLM, when one is set, is asked before the step's transaction; if it fails, the embedded extractor prepares the brief.
    ...(outside && {
      async external(ctx: ActionContext) {
        const deal = dealOf(ctx);
        return { outside: (await askOutsideExtractor(outside, outside.extractor, ctx.workspaceId, deal.deal.id)) ?? null };
      },
    }),
    async run(tx, ctx, _params, external) {
      const deal = dealOf(ctx);
      const existing = await findBriefRow(tx, ctx.workspaceId, { opportunityId: deal.deal.id });
      if (existing?.status === 'accepted') return { status: 'skipped', summary: 'The handoff was accepted: its brief is closed' };
      const result = await prepareBrief(tx, {
        workspaceId: ctx.workspaceId,
        opportunityId: deal.deal.id,
        actor: ctx.actor,
        now: ctx.now,
        outside: (external?.outside ?? undefined) as OutsideExtraction | undefined,
        originRunId: ctx.run.id,
      });
      const summary =
        result.outcome === 'unchanged'
          ? 'The sources have not changed: the brief stays as it is'
          : `Brief ${result.outcome}: ${result.items} item(s), ${result.conflicts} conflict(s) with the signed scope${result.dropped ? `, ${result.dropped} item(s) dropped for lack of evidence` : ''}; ${result.status.replace('_', ' ')}`;
      return {
        summary,
        created: result.outcome === 'created' ? [{ type: 'brief', id: result.briefId, label: deal.deal.name }] : [],
        output: { briefId: result.briefId, outcome: result.outcome, status: result.status },
      };
    },
    async preview(db, ctx) {
      const deal = dealOf(ctx);
      const loaded = await loadBriefInput(db, ctx.workspaceId, deal.deal.id);
      const sources = loaded?.input.sources.filter((s) => s.kind !== 'contact' && s.kind !== 'fields') ?? [];
      const existing = await findBriefRow(db, ctx.workspaceId, { opportunityId: deal.deal.id });
      if (existing?.status === 'accepted') return { summary: 'Skip: the handoff was accepted', details: [] };
      return {
        summary: `${existing ? 'Refresh' : 'Prepare'} the handoff brief from ${sources.length} source(s) with the ${llm ? `LLM (${llm.name}), falling back to the embedded extractor` : 'embedded extractor'}`,
        details: sources.slice(0, 10).map((s) => `${s.kind}: ${s.title}`),
      };
    },
  };
}

async function planKickoffTasks(db: DbOrTx, ctx: ActionContext, dueIn: number) {
  const deal = dealOf(ctx);
  const row = await findBriefRow(db, ctx.workspaceId, { opportunityId: deal.deal.id });
  if (!row) return { brief: null, tasks: [] };
  const brief = toBrief(row);
  const items = (await listItems(db, brief.id)).filter((i) => i.kind === 'kickoff_task' && isActive(i));
  const calendar = await loadCalendar(db, ctx.workspaceId);
  const today = dateIn(ctx.now, calendar.timeZone);
  let due = addBusinessDays(today, dueIn, calendar);
  // Before the kickoff when it is booked: preparation is no use after it.
  if (brief.kickoffOn && brief.kickoffOn > today) {
    const dayBefore = addBusinessDays(brief.kickoffOn, -1, calendar);
    if (dayBefore < due) due = dayBefore < today ? today : dayBefore;
  }
  const people = await db.selectFrom('users').select(['id', 'name', 'active']).where('workspace_id', '=', ctx.workspaceId).execute();
  const names = new Map(people.filter((p) => p.active).map((p) => [p.id, p.name]));
  const tasks = items.map((i) => {
    const ownerId = [i.ownerId, brief.csmId, brief.aeId].find((id): id is string => !!id && names.has(id)) ?? null;
    return { item: i, ownerId, ownerName: ownerId ? names.get(ownerId)! : null, due };
  });
  return { brief, tasks };
}

export const createKickoffTasks: ActionDefinition = {
  type: 'create_kickoff_tasks',
  label: 'Create the kickoff preparation tasks',
  description:
    "Turns the accepted brief's kickoff preparation list into tasks on the deal's project, owned by the item's owner or the CSM, due in business days (and before the kickoff when it is booked).",
  params: [{ name: 'dueInBusinessDays', label: 'Due in business days', kind: 'number', required: false }],
  schema: Type.Object({ dueInBusinessDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })) }, { additionalProperties: false }),
  async run(tx, ctx, params) {
    const deal = dealOf(ctx);
    const { brief, tasks } = await planKickoffTasks(tx, ctx, Number(params.dueInBusinessDays ?? 2));
    if (!brief) return { status: 'skipped', summary: 'The deal has no handoff brief' };
    if (brief.status !== 'accepted')
      return { status: 'skipped', summary: `The handoff is not accepted yet (${brief.status.replace('_', ' ')}): kickoff tasks wait for acceptance` };
    if (tasks.length === 0) return { status: 'skipped', summary: 'The brief lists no kickoff preparation' };
    const unowned = tasks.filter((t) => !t.ownerId);
    if (unowned.length) throw new AppError('action.failed', 'conflict', `Nobody can own "${unowned[0]!.item.text}": the handoff has no active CSM or AE`);
    const project = deal.projects.find((p) => p.status !== 'done' && p.status !== 'cancelled');
    const created = [];
    for (const [n, t] of tasks.entries()) {
      const id = newId();
      const evidence = t.item.evidence.slice(0, 3).map((e) => `"${e.quote.slice(0, 160)}"`);
      const row = await tx
        .insertInto('tasks')
        .values({
          id,
          workspace_id: ctx.workspaceId,
          project_id: project?.id ?? null,
          opportunity_id: deal.deal.id,
          account_id: deal.account.id,
          template_key: 'kickoff_prep',
          group_name: 'Kickoff preparation',
          title: t.item.text,
          description: `From the accepted handoff brief.${evidence.length ? ` Based on: ${evidence.join('; ')}` : ''}`,
          role: 'csm',
          owner_id: t.ownerId,
          due_date: t.due,
          assignment: t.item.ownerId === t.ownerId ? 'brief_owner' : 'handoff_csm',
          position: 500 + n,
          origin_run_id: ctx.run.id,
          origin_key: `${ctx.key}:${t.item.id}`,
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      created.push({ type: 'task' as const, id, label: t.item.text });
    }
    if (created.length) {
      await recordAudit(
        tx,
        ctx.workspaceId,
        ctx.actor,
        created.map((c) => ({
          action: 'task.created',
          entityType: 'task',
          entityId: c.id,
          after: { title: c.label, runId: ctx.run.id, from: 'handoff brief' },
        })),
      );
    }
    return {
      summary: created.length
        ? `${created.length} kickoff preparation task(s), due ${tasks[0]!.due}, for ${[...new Set(tasks.map((t) => t.ownerName))].join(', ')}`
        : 'The kickoff tasks exist already',
      created,
    };
  },
  async preview(db, ctx, params) {
    const { brief, tasks } = await planKickoffTasks(db, ctx, Number(params.dueInBusinessDays ?? 2));
    if (!brief) return { summary: 'Nothing yet: the deal has no handoff brief', details: [] };
    return {
      summary: `${tasks.length} kickoff preparation task(s) once the handoff is accepted`,
      details: tasks.map((t) => `${t.item.text}: ${t.ownerName ?? 'nobody'}, due ${t.due}`),
    };
  },
};
