// What a rule can do. Each action checks its params, says in words what it would do (dry run),
// and does it inside the step's transaction; records it creates carry the run that created them.
import { sql } from 'kysely';
import { Type, type TSchema } from 'typebox';
import type { Actor } from '../domain/actor.ts';
import { eventDepth } from '../domain/actor.ts';
import { addBusinessDays, dateIn } from '../domain/calendar.ts';
import { AppError, type FieldIssue } from '../domain/errors.ts';
import { assignTask } from '../domain/assignment.ts';
import { isRole, roles } from '../domain/roles.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { countOpenTasks, leastOpenCandidates, loadCalendar, loadPeople, loadRoster, saveCursors } from '../adapters/db/team.repo.ts';
import { findTemplateByKey } from '../adapters/db/templates.repo.ts';
import { findWebhookHosts } from '../adapters/db/workspaces.repo.ts';
import { callWebhook } from '../adapters/webhooks/outbound.ts';
import { refusalText, targetRefusal } from '../domain/webhook-targets.ts';
import { formatMoney } from '../flows/format.ts';
import type { DealFacts } from '../flows/deal-facts.ts';
import { chooseTemplate, createProjectForDeal, proposeProject, type TemplateChoice } from '../flows/projects.flow.ts';
import { schemaIssues } from './params.ts';
import { createKickoffTasks, prepareBriefAction, type OutsideBriefExtractor } from './brief-actions.ts';

export type CreatedRef = { type: 'project' | 'task' | 'notification' | 'mail' | 'enrolment' | 'account' | 'opportunity' | 'brief'; id: string; label: string };

export type ActionContext = {
  workspaceId: string;
  run: {
    id: string;
    ruleId: string;
    ruleName: string;
    ruleVersion: number;
    depth: number;
    triggerEventId: string | null;
    subjectType: string;
    subjectId: string;
  };
  /** The automation actor, carrying the run as cause. */
  actor: Actor;
  /** The step's idempotency key (rule version + record + action). */
  key: string;
  now: Date;
  facts: DealFacts | undefined;
};

export type ActionResult = { status?: 'succeeded' | 'skipped'; summary: string; created?: CreatedRef[]; output?: Record<string, unknown> };
export type ActionPreview = { summary: string; details: string[] };

export type ParamSpec = {
  name: string;
  label: string;
  kind: 'text' | 'longtext' | 'number' | 'select' | 'user' | 'role' | 'team_role' | 'template' | 'sequence' | 'json';
  required: boolean;
  options?: string[];
};

export type ActionDefinition = {
  type: string;
  label: string;
  description: string;
  params: ParamSpec[];
  schema: TSchema;
  /** Runs before the step's transaction, for calls to the outside world (its result goes to `run`). */
  external?: (ctx: ActionContext, params: Record<string, unknown>) => Promise<Record<string, unknown>>;
  run: (tx: Tx, ctx: ActionContext, params: Record<string, unknown>, external: Record<string, unknown> | undefined) => Promise<ActionResult>;
  preview: (db: DbOrTx, ctx: ActionContext, params: Record<string, unknown>) => Promise<ActionPreview>;
};

function needDeal(ctx: ActionContext): DealFacts {
  if (!ctx.facts) throw new AppError('action.failed', 'invalid', `This action needs a deal, and the run's record is a ${ctx.run.subjectType}`);
  return ctx.facts;
}

/** Fills {{deal.name}}-style placeholders from the facts. */
export function fillTemplate(text: string, facts: DealFacts | undefined, extra: Record<string, string> = {}): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, path: string) => {
    if (path in extra) return extra[path]!;
    if (!facts) return whole;
    if (path === 'deal.amount') return formatMoney(facts.deal.amountMinor, facts.deal.currency);
    let value: unknown = facts;
    for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined || value === null ? whole : String(value);
  });
}

const activateClient: ActionDefinition = {
  type: 'activate_client',
  label: 'Activate the client',
  description: "Sets the deal's account to active (a won deal's account is already active: then nothing changes).",
  params: [],
  schema: Type.Object({}, { additionalProperties: false }),
  async run(tx, ctx) {
    const deal = needDeal(ctx);
    const row = await tx
      .updateTable('accounts')
      .set({ status: 'active', updated_at: sql`now()` })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', deal.account.id)
      .where('status', '!=', 'active')
      .returning('status')
      .executeTakeFirst();
    if (!row) return { summary: `${deal.account.name} is already an active client` };
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'account.activated', entityType: 'account', entityId: deal.account.id, before: { status: deal.account.status }, after: { status: 'active' } },
    ]);
    return { summary: `${deal.account.name} is now an active client`, created: [{ type: 'account', id: deal.account.id, label: deal.account.name }] };
  },
  async preview(_db, ctx) {
    const deal = needDeal(ctx);
    return {
      summary:
        deal.account.status === 'active'
          ? `${deal.account.name} is already active: nothing to change`
          : `Set ${deal.account.name} from ${deal.account.status} to active`,
      details: [],
    };
  },
};

const templateParam = Type.String({ minLength: 1, description: '"for_deal_type" or a template key' });

async function templateChoice(db: DbOrTx, workspaceId: string, value: string): Promise<TemplateChoice> {
  if (value === 'for_deal_type') return { forDealType: true };
  const t = await findTemplateByKey(db, workspaceId, value);
  if (!t) throw new AppError('template.not_found', 'invalid', `No project template with key "${value}"`);
  return { templateId: t.id };
}

const createProject: ActionDefinition = {
  type: 'create_project',
  label: 'Create the project from a template',
  description: 'Builds the delivery project with phases, milestones and owned, dated tasks. Once per deal; pipelines set to "manual" leave it to a person.',
  params: [{ name: 'template', label: 'Template ("for_deal_type" or a template key)', kind: 'template', required: true }],
  schema: Type.Object({ template: templateParam }, { additionalProperties: false }),
  async run(tx, ctx, params) {
    const deal = needDeal(ctx);
    if (deal.deal.projectCreation === 'manual') {
      return {
        status: 'skipped',
        summary: 'This pipeline creates projects by hand: the deal shows "Create project" as its next step',
        output: { reason: 'manual' },
      };
    }
    const created = await createProjectForDeal(tx, {
      workspaceId: ctx.workspaceId,
      opportunityId: deal.deal.id,
      choice: await templateChoice(tx, ctx.workspaceId, String(params.template)),
      actor: ctx.actor,
      now: ctx.now,
      originKey: ctx.key,
    });
    const project = { type: 'project' as const, id: created.projectId, label: deal.deal.name };
    return {
      summary: created.summary,
      created: created.outcome === 'exists' ? [] : [project, ...created.taskIds.map((id) => ({ type: 'task' as const, id, label: 'task' }))],
      output: { projectId: created.projectId, outcome: created.outcome },
    };
  },
  async preview(db, ctx, params) {
    const deal = needDeal(ctx);
    if (deal.deal.projectCreation === 'manual') return { summary: 'Skip: this pipeline creates projects by hand', details: [] };
    if (deal.projects.length > 0 && deal.tasks.length > 0) return { summary: 'The deal already has a project: nothing would be created', details: [] };
    const template = await chooseTemplate(db, ctx.workspaceId, deal, await templateChoice(db, ctx.workspaceId, String(params.template)));
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

const createTask: ActionDefinition = {
  type: 'create_task',
  label: 'Create a task',
  description: "A task on the deal's project (or on the account when there is none), owned through the team roster, due in business days.",
  params: [
    { name: 'title', label: 'Title ({{deal.name}} etc. allowed)', kind: 'text', required: true },
    { name: 'role', label: 'Team role', kind: 'team_role', required: true },
    { name: 'dueInBusinessDays', label: 'Due in business days', kind: 'number', required: true },
    { name: 'description', label: 'Description', kind: 'longtext', required: false },
  ],
  schema: Type.Object(
    {
      title: Type.String({ minLength: 1, maxLength: 300 }),
      role: Type.String({ minLength: 1 }),
      dueInBusinessDays: Type.Integer({ minimum: 0, maximum: 365 }),
      description: Type.Optional(Type.String({ maxLength: 5000 })),
    },
    { additionalProperties: false },
  ),
  async run(tx, ctx, params) {
    const deal = needDeal(ctx);
    const plan = await planTask(tx, ctx, deal, params, true);
    if (!plan.ownerId) throw new AppError('action.failed', 'conflict', `Nobody can own "${plan.title}": ${plan.reason}`);
    const project = deal.projects.find((p) => p.status !== 'done' && p.status !== 'cancelled');
    const id = newId();
    const row = await tx
      .insertInto('tasks')
      .values({
        id,
        workspace_id: ctx.workspaceId,
        project_id: project?.id ?? null,
        opportunity_id: deal.deal.id,
        account_id: deal.account.id,
        title: plan.title,
        description: params.description ? fillTemplate(String(params.description), deal) : null,
        role: String(params.role),
        owner_id: plan.ownerId,
        due_date: plan.dueDate,
        flagged: plan.flagged,
        flag_reason: plan.flagged ? plan.reason : null,
        assignment: plan.strategy,
        origin_run_id: ctx.run.id,
        origin_key: ctx.key,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { summary: 'The task exists already' };
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      {
        action: 'task.created',
        entityType: 'task',
        entityId: id,
        after: { title: plan.title, ownerId: plan.ownerId, dueDate: plan.dueDate, runId: ctx.run.id },
      },
    ]);
    return { summary: `Task "${plan.title}" for ${plan.ownerName}, due ${plan.dueDate}`, created: [{ type: 'task', id, label: plan.title }] };
  },
  async preview(db, ctx, params) {
    const deal = needDeal(ctx);
    const plan = await planTask(db, ctx, deal, params, false);
    return { summary: `Task "${plan.title}" for ${plan.ownerName ?? 'nobody'}, due ${plan.dueDate}`, details: plan.flagged ? [`Flagged: ${plan.reason}`] : [] };
  },
};

async function planTask(db: DbOrTx, ctx: ActionContext, deal: DealFacts, params: Record<string, unknown>, persist: boolean) {
  const [calendar, roster, people] = await Promise.all([
    loadCalendar(db, ctx.workspaceId),
    loadRoster(db, ctx.workspaceId, { lock: persist }),
    loadPeople(db, ctx.workspaceId),
  ]);
  const role = String(params.role);
  const openTasks = await countOpenTasks(
    db,
    ctx.workspaceId,
    leastOpenCandidates(
      roster.filter((r) => r.key === role),
      false,
    ),
  );
  const state = { cursors: new Map(roster.map((r) => [r.key, r.cursor])), openTasks };
  const a = assignTask(
    roster.find((r) => r.key === role),
    role,
    {
      dealOwnerId: deal.deal.ownerId,
      csmId: deal.account.csmId,
      salesIds: new Set([...people.salesIds, ...(deal.deal.ownerId ? [deal.deal.ownerId] : [])]),
      activeIds: people.activeIds,
    },
    state,
  );
  if (persist) {
    const changed = new Map([...state.cursors].filter(([k, v]) => roster.find((r) => r.key === k)?.cursor !== v));
    await saveCursors(db as Tx, ctx.workspaceId, changed);
  }
  const dueDate = addBusinessDays(dateIn(ctx.now, calendar.timeZone), Number(params.dueInBusinessDays), calendar);
  return { ...a, title: fillTemplate(String(params.title), deal), dueDate, ownerName: a.ownerId ? (people.names.get(a.ownerId) ?? null) : null };
}

const assignOwner: ActionDefinition = {
  type: 'assign_owner',
  label: 'Assign the project owner',
  description: "Gives the deal's project an owner (PM) from a team role, when it has none.",
  params: [{ name: 'role', label: 'Team role', kind: 'team_role', required: true }],
  schema: Type.Object({ role: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  async run(tx, ctx, params) {
    const deal = needDeal(ctx);
    const project = await tx
      .selectFrom('projects as p')
      .innerJoin('project_deals as d', 'd.project_id', 'p.id')
      .select(['p.id', 'p.name', 'p.owner_id'])
      .where('d.workspace_id', '=', ctx.workspaceId)
      .where('d.opportunity_id', '=', deal.deal.id)
      .forUpdate()
      .executeTakeFirst();
    if (!project) return { status: 'skipped', summary: 'The deal has no project yet: nobody to assign' };
    if (project.owner_id) return { summary: 'The project already has an owner' };
    const plan = await planTask(tx, ctx, deal, { role: params.role, title: 'owner', dueInBusinessDays: 0 }, true);
    if (!plan.ownerId) throw new AppError('action.failed', 'conflict', `Nobody in "${String(params.role)}" can own the project: ${plan.reason}`);
    await tx
      .updateTable('projects')
      .set({ owner_id: plan.ownerId, updated_at: sql`now()` })
      .where('id', '=', project.id)
      .execute();
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'project.owner_set', entityType: 'project', entityId: project.id, before: { ownerId: null }, after: { ownerId: plan.ownerId } },
    ]);
    return { summary: `${plan.ownerName} owns the project ${project.name}`, created: [] };
  },
  async preview(db, ctx, params) {
    const deal = needDeal(ctx);
    const plan = await planTask(db, ctx, deal, { role: params.role, title: 'owner', dueInBusinessDays: 0 }, false);
    return {
      summary: `Project owner: ${plan.ownerName ?? 'nobody'} (${String(params.role)}), when the project has none`,
      details: plan.flagged ? [plan.reason] : [],
    };
  },
};

const recipientTypes = ['role', 'team', 'user', 'deal_owner', 'account_csm', 'project_owner'] as const;

async function resolveRecipients(db: DbOrTx, ctx: ActionContext, params: Record<string, unknown>): Promise<{ id: string; name: string; email: string }[]> {
  const type = params.recipientType as (typeof recipientTypes)[number];
  const to = String(params.recipient ?? '');
  let ids: string[] = [];
  if (type === 'role') {
    if (!isRole(to)) throw new AppError('action.failed', 'invalid', `"${to}" is not a role`);
    ids = (
      await db.selectFrom('users').select('id').where('workspace_id', '=', ctx.workspaceId).where('role', '=', to).where('active', '=', true).execute()
    ).map((r) => r.id);
  } else if (type === 'team') {
    ids = (
      await db
        .selectFrom('team_members as m')
        .innerJoin('team_roles as r', 'r.id', 'm.team_role_id')
        .select('m.user_id')
        .where('r.workspace_id', '=', ctx.workspaceId)
        .where('r.key', '=', to)
        .execute()
    ).map((r) => r.user_id);
  } else if (type === 'user') ids = [to];
  else if (type === 'deal_owner') ids = ctx.facts?.deal.ownerId ? [ctx.facts.deal.ownerId] : [];
  else if (type === 'account_csm') ids = ctx.facts?.account.csmId ? [ctx.facts.account.csmId] : [];
  else if (type === 'project_owner')
    ids = (ctx.facts?.projects ?? [])
      .map((p) => p.ownerId)
      .filter((x): x is string => !!x)
      .slice(0, 1);
  if (ids.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', 'in', ids)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
}

const notify: ActionDefinition = {
  type: 'notify',
  label: 'Notify people',
  description: 'An in-app notification and/or an e-mail to a role, a team role, a person, the deal owner, the CSM or the project owner.',
  params: [
    { name: 'recipientType', label: 'Who', kind: 'select', required: true, options: [...recipientTypes] },
    { name: 'recipient', label: 'Role, team role key or user id (for role, team, user)', kind: 'text', required: false },
    { name: 'channel', label: 'Channel', kind: 'select', required: true, options: ['in_app', 'email', 'both'] },
    { name: 'title', label: 'Title ({{deal.name}}, {{account.name}}, {{deal.amount}}, {{deal.closeDate}})', kind: 'text', required: true },
    { name: 'body', label: 'Message', kind: 'longtext', required: true },
  ],
  schema: Type.Object(
    {
      recipientType: Type.Union(recipientTypes.map((t) => Type.Literal(t))),
      recipient: Type.Optional(Type.String()),
      channel: Type.Union([Type.Literal('in_app'), Type.Literal('email'), Type.Literal('both')]),
      title: Type.String({ minLength: 1, maxLength: 300 }),
      body: Type.String({ minLength: 1, maxLength: 5000 }),
    },
    { additionalProperties: false },
  ),
  async run(tx, ctx, params) {
    const people = await resolveRecipients(tx, ctx, params);
    if (people.length === 0)
      return {
        status: 'skipped',
        summary: `Nobody to notify (${String(params.recipientType)}${params.recipient ? ` ${String(params.recipient)}` : ''} has no active person)`,
      };
    const title = fillTemplate(String(params.title), ctx.facts);
    const body = fillTemplate(String(params.body), ctx.facts);
    const channel = String(params.channel);
    const created: CreatedRef[] = [];
    const subject = ctx.facts ? { type: 'opportunity', id: ctx.facts.deal.id } : { type: ctx.run.subjectType, id: ctx.run.subjectId };
    if (channel !== 'email') {
      const rows = await tx
        .insertInto('notifications')
        .values(
          people.map((p) => ({
            id: newId(),
            workspace_id: ctx.workspaceId,
            user_id: p.id,
            kind: 'rule',
            title,
            body,
            subject_type: subject.type,
            subject_id: subject.id,
            event_id: ctx.run.triggerEventId,
            origin_run_id: ctx.run.id,
            origin_key: `${ctx.key}:in_app:${p.id}`,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
        .returning(['id', 'user_id'])
        .execute();
      created.push(...rows.map((r) => ({ type: 'notification' as const, id: r.id, label: people.find((p) => p.id === r.user_id)?.name ?? 'someone' })));
    }
    if (channel !== 'in_app') {
      for (const p of people) {
        const id = newId();
        const row = await tx
          .insertInto('mail_messages')
          .values({
            id,
            workspace_id: ctx.workspaceId,
            to_user_id: p.id,
            to_address: p.email,
            subject: title,
            body,
            origin_run_id: ctx.run.id,
            origin_key: `${ctx.key}:email:${p.id}`,
          })
          .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        await enqueueEvent(tx, ctx.workspaceId, {
          type: 'mail.requested',
          subjectType: 'mail',
          subjectId: id,
          idempotencyKey: `mail.requested:${id}`,
          payload: { mailId: id, depth: eventDepth(ctx.actor) },
        });
        created.push({ type: 'mail', id, label: p.email });
      }
    }
    if (created.length > 0) {
      await recordAudit(
        tx,
        ctx.workspaceId,
        ctx.actor,
        created.map((c) => ({
          action: c.type === 'mail' ? 'mail.queued' : 'notification.sent',
          entityType: c.type,
          entityId: c.id,
          after: { to: c.label, title, runId: ctx.run.id },
        })),
      );
    }
    return { summary: `Notified ${people.map((p) => p.name).join(', ')} (${channel.replace('_', '-')})`, created };
  },
  async preview(db, ctx, params) {
    const people = await resolveRecipients(db, ctx, params);
    return {
      summary: people.length === 0 ? 'Nobody to notify' : `Notify ${people.map((p) => p.name).join(', ')} (${String(params.channel).replace('_', '-')})`,
      details: [`Title: ${fillTemplate(String(params.title), ctx.facts)}`],
    };
  },
};

async function findSequence(db: DbOrTx, workspaceId: string, nameOrId: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(nameOrId);
  return db
    .selectFrom('sequences')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) => (isUuid ? eb('id', '=', nameOrId) : eb(eb.fn('lower', ['name']), '=', nameOrId.toLowerCase())))
    .executeTakeFirst();
}

const enrolSequence: ActionDefinition = {
  type: 'enrol_sequence',
  label: 'Enrol contacts in a sequence',
  description: "Enrols the account's contacts (those with an e-mail) in a sequence, once each.",
  params: [{ name: 'sequence', label: 'Sequence (name or id)', kind: 'sequence', required: true }],
  schema: Type.Object({ sequence: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  async run(tx, ctx, params) {
    const deal = needDeal(ctx);
    const sequence = await findSequence(tx, ctx.workspaceId, String(params.sequence));
    if (!sequence) throw new AppError('sequence.not_found', 'invalid', `No sequence "${String(params.sequence)}"`);
    const contacts = deal.contacts.filter((c) => c.email);
    if (contacts.length === 0) return { status: 'skipped', summary: `${deal.account.name} has no contact with an e-mail` };
    const rows = await tx
      .insertInto('sequence_enrolments')
      .values(
        contacts.map((c) => ({
          id: newId(),
          workspace_id: ctx.workspaceId,
          sequence_id: sequence.id,
          contact_id: c.id,
          account_id: deal.account.id,
          opportunity_id: deal.deal.id,
          enrolled_at: ctx.now,
        })),
      )
      .onConflict((oc) => oc.columns(['sequence_id', 'contact_id']).where('status', '=', 'active').doNothing())
      .returning('id')
      .execute();
    await recordAudit(
      tx,
      ctx.workspaceId,
      ctx.actor,
      rows.map((r) => ({
        action: 'enrolment.created',
        entityType: 'sequence_enrolment',
        entityId: r.id,
        after: { sequence: sequence.name, runId: ctx.run.id },
      })),
    );
    return {
      summary: `${rows.length} contact(s) enrolled in ${sequence.name}`,
      created: rows.map((r) => ({ type: 'enrolment' as const, id: r.id, label: sequence.name })),
    };
  },
  async preview(db, ctx, params) {
    const deal = needDeal(ctx);
    const sequence = await findSequence(db, ctx.workspaceId, String(params.sequence));
    if (!sequence) return { summary: `Would fail: no sequence "${String(params.sequence)}"`, details: [] };
    return { summary: `Enrol ${deal.contacts.filter((c) => c.email).length} contact(s) in ${sequence.name}`, details: [] };
  },
};

const stopSequence: ActionDefinition = {
  type: 'stop_sequence',
  label: 'Stop sequences',
  description: "Stops the active enrolments of the account's contacts (in one sequence, or in all).",
  params: [{ name: 'sequence', label: 'Sequence (name or id; empty for all)', kind: 'sequence', required: false }],
  schema: Type.Object({ sequence: Type.Optional(Type.String()) }, { additionalProperties: false }),
  async run(tx, ctx, params) {
    const deal = needDeal(ctx);
    const sequence = params.sequence ? await findSequence(tx, ctx.workspaceId, String(params.sequence)) : undefined;
    if (params.sequence && !sequence) throw new AppError('sequence.not_found', 'invalid', `No sequence "${String(params.sequence)}"`);
    let q = tx
      .updateTable('sequence_enrolments')
      .set({ status: 'stopped', stopped_reason: `rule: ${ctx.run.ruleName}`, stopped_at: sql`now()` })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('account_id', '=', deal.account.id)
      .where('status', '=', 'active');
    if (sequence) q = q.where('sequence_id', '=', sequence.id);
    const rows = await q.returning('id').execute();
    await recordAudit(
      tx,
      ctx.workspaceId,
      ctx.actor,
      rows.map((r) => ({
        action: 'enrolment.stopped',
        entityType: 'sequence_enrolment',
        entityId: r.id,
        after: { status: 'stopped', reason: `rule: ${ctx.run.ruleName}` },
      })),
    );
    return { summary: rows.length === 0 ? 'No active enrolment to stop' : `${rows.length} enrolment(s) stopped` };
  },
  async preview(db, ctx, params) {
    const deal = needDeal(ctx);
    const sequence = params.sequence ? await findSequence(db, ctx.workspaceId, String(params.sequence)) : undefined;
    let q = db
      .selectFrom('sequence_enrolments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('workspace_id', '=', ctx.workspaceId)
      .where('account_id', '=', deal.account.id)
      .where('status', '=', 'active');
    if (sequence) q = q.where('sequence_id', '=', sequence.id);
    const { n } = await q.executeTakeFirstOrThrow();
    return { summary: `Stop ${n} active enrolment(s)${sequence ? ` in ${sequence.name}` : ''}`, details: [] };
  },
};

/** Deal fields a rule may set; custom.<key> sets a custom field. */
const settableFields: Record<string, { column: 'deal_type' | 'complexity' | 'payment_terms' | 'contract_version'; values?: string[] }> = {
  dealType: { column: 'deal_type' },
  complexity: { column: 'complexity', values: ['simple', 'complex'] },
  paymentTerms: { column: 'payment_terms' },
  contractVersion: { column: 'contract_version' },
};

const setField: ActionDefinition = {
  type: 'set_field',
  label: 'Set a deal field',
  description: 'Sets dealType, complexity, paymentTerms, contractVersion or custom.<key> on the deal; emits deal.field_changed.',
  params: [
    { name: 'field', label: 'Field (dealType, complexity, paymentTerms, contractVersion, custom.<key>)', kind: 'text', required: true },
    { name: 'value', label: 'Value ({{...}} allowed)', kind: 'text', required: true },
  ],
  schema: Type.Object(
    {
      field: Type.String({ pattern: '^(dealType|complexity|paymentTerms|contractVersion|custom\\.[A-Za-z_][\\w]{0,62})$' }),
      value: Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]),
    },
    { additionalProperties: false },
  ),
  async run(tx, ctx, params) {
    const deal = needDeal(ctx);
    const field = String(params.field);
    const value = typeof params.value === 'string' ? fillTemplate(params.value, deal) : params.value;
    const row = await tx
      .selectFrom('opportunities')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', deal.deal.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    let before: unknown;
    if (field.startsWith('custom.')) {
      const key = field.slice('custom.'.length);
      before = (row.custom_fields as Record<string, unknown>)[key];
      if (JSON.stringify(before) === JSON.stringify(value)) return { summary: `${field} is already ${JSON.stringify(value)}` };
      await tx
        .updateTable('opportunities')
        .set({ custom_fields: sql`custom_fields || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)`, updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    } else {
      const spec = settableFields[field]!;
      if (spec.values && !spec.values.includes(String(value)))
        throw new AppError('action.failed', 'invalid', `${field} must be one of ${spec.values.join(', ')}`);
      before = row[spec.column];
      if (before === String(value)) return { summary: `${field} is already ${JSON.stringify(value)}` };
      await tx
        .updateTable('opportunities')
        .set({ [spec.column]: String(value), updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    }
    await enqueueEvent(tx, ctx.workspaceId, {
      type: 'deal.field_changed',
      subjectType: 'opportunity',
      subjectId: row.id,
      idempotencyKey: `deal.field_changed:${ctx.key}`,
      payload: { opportunityId: row.id, name: row.name, field, from: before ?? null, to: value, depth: eventDepth(ctx.actor), runId: ctx.run.id },
    });
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'opportunity.updated', entityType: 'opportunity', entityId: row.id, before: { [field]: before ?? null }, after: { [field]: value } },
    ]);
    return { summary: `${field} set to ${JSON.stringify(value)} (was ${JSON.stringify(before ?? null)})` };
  },
  async preview(_db, ctx, params) {
    const value = typeof params.value === 'string' ? fillTemplate(params.value, ctx.facts) : params.value;
    return { summary: `Set ${String(params.field)} to ${JSON.stringify(value)}`, details: [] };
  },
};

/** `allowedHosts` reads the workspace admin's allow-list when the call is made. */
const webhookAction = (allowedHosts: (workspaceId: string) => Promise<readonly string[]>): ActionDefinition => ({
  type: 'webhook',
  label: 'Call a webhook',
  description:
    'POSTs the event and the deal as JSON, signed with HMAC-SHA256 (X-Baton-Signature) when a secret is set, with an Idempotency-Key header, to a public http(s) address (or a host an admin allowed). A non-2xx answer is retried; redirects are not followed.',
  params: [
    { name: 'url', label: 'URL', kind: 'text', required: true },
    { name: 'secret', label: 'Signing secret', kind: 'text', required: false },
  ],
  schema: Type.Object(
    { url: Type.String({ pattern: '^https?://', maxLength: 2000 }), secret: Type.Optional(Type.String({ maxLength: 500 })) },
    { additionalProperties: false },
  ),
  async external(ctx, params) {
    const body = JSON.stringify({
      rule: { id: ctx.run.ruleId, name: ctx.run.ruleName, version: ctx.run.ruleVersion },
      runId: ctx.run.id,
      eventId: ctx.run.triggerEventId,
      subject: { type: ctx.run.subjectType, id: ctx.run.subjectId },
      deal: ctx.facts?.deal ?? null,
      account: ctx.facts?.account ?? null,
    });
    return callWebhook({
      url: String(params.url),
      body,
      secret: params.secret ? String(params.secret) : undefined,
      idempotencyKey: ctx.key,
      allowedHosts: await allowedHosts(ctx.workspaceId),
    });
  },
  async run(_tx, _ctx, params, external) {
    return { summary: `POST ${String(params.url)} answered ${String(external?.status)}`, output: external ?? {} };
  },
  async preview(db, ctx, params) {
    const refused = targetRefusal(String(params.url), await findWebhookHosts(db, ctx.workspaceId));
    if (refused) return { summary: `Would fail: ${String(params.url)} ${refusalText(refused)}`, details: [] };
    return { summary: `POST the deal to ${String(params.url)}`, details: [] };
  },
});

/** The action types rules can use. Later features register theirs here (documents, approvals). */
export function actionCatalog(
  options: {
    outside?: OutsideBriefExtractor | undefined;
    /** The workspace's webhook allow-list; without it only public addresses are called. */
    webhookHosts?: ((workspaceId: string) => Promise<readonly string[]>) | undefined;
  } = {},
): Map<string, ActionDefinition> {
  return new Map(
    [
      activateClient,
      createProject,
      createTask,
      assignOwner,
      notify,
      enrolSequence,
      stopSequence,
      setField,
      webhookAction(options.webhookHosts ?? (async () => [])),
      prepareBriefAction(options.outside),
      createKickoffTasks,
    ].map((a) => [a.type, a]),
  );
}

/** Problems with a rule's actions: unknown types, bad params, repeated keys. */
export function checkActions(
  actions: { key: string; type: string; params: Record<string, unknown> }[],
  catalog: Map<string, ActionDefinition>,
  base = '/actions',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const keys = new Set<string>();
  actions.forEach((a, i) => {
    if (keys.has(a.key)) issues.push({ path: `${base}/${i}/key`, message: `"${a.key}" is used by another action of this rule` });
    keys.add(a.key);
    const def = catalog.get(a.type);
    if (!def) {
      issues.push({ path: `${base}/${i}/type`, message: `must be one of ${[...catalog.keys()].join(', ')}` });
      return;
    }
    issues.push(...schemaIssues(def.schema, a.params, `${base}/${i}/params`));
    if (a.type === 'notify' && ['role', 'team', 'user'].includes(String(a.params.recipientType)) && !a.params.recipient)
      issues.push({ path: `${base}/${i}/params/recipient`, message: `is required when recipientType is ${String(a.params.recipientType)}` });
    if (a.type === 'notify' && a.params.recipientType === 'role' && a.params.recipient && !isRole(String(a.params.recipient)))
      issues.push({ path: `${base}/${i}/params/recipient`, message: `must be one of ${roles.join(', ')}` });
  });
  return issues;
}
