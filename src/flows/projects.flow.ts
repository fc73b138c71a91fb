// Delivery projects from templates: plan (tasks, owners, due dates), create or add to the customer's project, and edit.
import { sql } from 'kysely';
import { eventDepth, type Actor } from '../domain/actor.ts';
import { assignTask, type Assignment, type AssignmentState } from '../domain/assignment.ts';
import { dateIn, type WorkCalendar } from '../domain/calendar.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { planProject, type ProjectPlan, type TemplateDefinition } from '../domain/project-plan.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { lockDealProject, setProjectOwner } from '../adapters/db/projects.repo.ts';
import { countOpenTasks, leastOpenCandidates, loadCalendar, loadPeople, loadRoster, saveCursors, type TeamRoleRecord } from '../adapters/db/team.repo.ts';
import { findTemplate, findTemplateForDealType, type Template } from '../adapters/db/templates.repo.ts';
import { loadDealFacts, type DealFacts } from '../adapters/db/deal-facts.repo.ts';
import type { Deps } from './deps.ts';

/** Which template: a template id, or the one made for the deal's type. */
export type TemplateChoice = { templateId: string } | { forDealType: true };

export type PlannedAssignment = Assignment & { ownerName: string | null };

export type ProjectProposal = {
  facts: DealFacts;
  template: Template;
  plan: ProjectPlan;
  /** Per task key. */
  assignments: Map<string, PlannedAssignment>;
  owner: PlannedAssignment | null;
  /** add_to_existing: the deal's phases go into this open project of the customer. */
  existingProjectId: string | null;
  state: AssignmentState;
  roster: TeamRoleRecord[];
  calendar: WorkCalendar;
};

export async function chooseTemplate(db: DbOrTx, workspaceId: string, facts: DealFacts, choice: TemplateChoice): Promise<Template> {
  if ('templateId' in choice) {
    const template = await findTemplate(db, workspaceId, choice.templateId);
    if (!template) throw notFound('template.not_found', 'Template');
    return template;
  }
  const template = await findTemplateForDealType(db, workspaceId, facts.deal.dealType);
  if (!template) throw new AppError('template.none_for_deal', 'conflict', `No project template for deal type "${facts.deal.dealType}" and no general template`);
  return template;
}

/**
 * Plans the project a deal would get, with owners, without writing. With `lock`, the roster rows
 * are locked so round-robin turns taken by concurrent plans do not collide (inside a transaction).
 */
export async function proposeProject(
  db: DbOrTx,
  input: { workspaceId: string; facts: DealFacts; template: Template; definition?: TemplateDefinition | undefined; today: string; lock?: boolean },
): Promise<ProjectProposal> {
  const { workspaceId, facts, template } = input;
  const [calendar, roster, people] = await Promise.all([
    loadCalendar(db, workspaceId),
    loadRoster(db, workspaceId, { lock: input.lock ?? false }),
    loadPeople(db, workspaceId),
  ]);
  const startDate = facts.deal.closeDate ?? input.today;
  const plan = planProject(input.definition ?? template.definition, facts, startDate, calendar);
  const openTasks = await countOpenTasks(
    db,
    workspaceId,
    leastOpenCandidates(
      roster,
      plan.tasks.some((t) => t.assignment === 'least_open'),
    ),
  );
  const state: AssignmentState = { cursors: new Map(roster.map((r) => [r.key, r.cursor])), openTasks };
  const ctx = {
    dealOwnerId: facts.deal.ownerId,
    csmId: facts.account.csmId,
    // The deal owner is the sales rep for this deal, whatever their role.
    salesIds: new Set([...people.salesIds, ...(facts.deal.ownerId ? [facts.deal.ownerId] : [])]),
    activeIds: people.activeIds,
  };
  const byKey = new Map(roster.map((r) => [r.key, r]));
  const named = (a: Assignment): PlannedAssignment => ({ ...a, ownerName: a.ownerId ? (people.names.get(a.ownerId) ?? null) : null });
  const definition = input.definition ?? template.definition;
  const upsell = template.upsellMode === 'add_to_existing' && facts.deal.dealType === 'upsell';
  const existing = upsell ? facts.projects.find((p) => p.status !== 'done' && p.status !== 'cancelled') : undefined;
  let owner: PlannedAssignment | null = null;
  if (!existing && definition.ownerRole) owner = named(assignTask(byKey.get(definition.ownerRole), definition.ownerRole, ctx, state));
  const assignments = new Map<string, PlannedAssignment>();
  for (const task of plan.tasks) {
    let a = assignTask(byKey.get(task.role), task.role, ctx, state, task.assignment);
    // Nobody in the role and no lead: the project owner takes it, flagged, so the task still has an owner.
    const fallback = existing ? (facts.projects.find((p) => p.id === existing.id)?.ownerId ?? null) : (owner?.ownerId ?? null);
    if (!a.ownerId && fallback) a = { ownerId: fallback, strategy: 'lead', flagged: true, reason: `${a.reason}; given to the project owner` };
    assignments.set(task.key, named(a));
  }
  return { facts, template, plan, assignments, owner, existingProjectId: existing?.id ?? null, state, roster, calendar };
}

export type ProjectCreation = {
  outcome: 'created' | 'added' | 'exists';
  projectId: string;
  taskIds: string[];
  summary: string;
};

/**
 * Creates the deal's project from a template inside `tx` (or adds the deal's phases to the customer's
 * open project for an upsell when the template says so). At most one project per deal: a second
 * call answers "exists". Every task gets an owner and a due date, or the call fails.
 */
export async function createProjectForDeal(
  tx: Tx,
  input: { workspaceId: string; opportunityId: string; choice: TemplateChoice; actor: Actor; now: Date; originKey: string },
): Promise<ProjectCreation> {
  const { workspaceId, opportunityId, actor } = input;
  // Holding the deal serialises a rule and a person creating its project at the same moment.
  await tx.selectFrom('opportunities').select('id').where('workspace_id', '=', workspaceId).where('id', '=', opportunityId).forUpdate().executeTakeFirst();
  const existingLink = await tx
    .selectFrom('project_deals')
    .select('project_id')
    .where('workspace_id', '=', workspaceId)
    .where('opportunity_id', '=', opportunityId)
    .executeTakeFirst();
  if (existingLink) return { outcome: 'exists', projectId: existingLink.project_id, taskIds: [], summary: 'The deal already has a project: nothing created' };
  const facts = await loadDealFacts(tx, workspaceId, opportunityId);
  if (!facts) throw notFound('opportunity.not_found', 'Opportunity');
  const template = await chooseTemplate(tx, workspaceId, facts, input.choice);
  const proposal = await proposeProject(tx, { workspaceId, facts, template, today: dateIn(input.now, facts.workspace.timeZone), lock: true });
  const unowned = proposal.plan.tasks.filter((t) => !proposal.assignments.get(t.key)?.ownerId);
  if (unowned.length > 0) {
    throw new AppError(
      'action.failed',
      'conflict',
      `Nobody can own ${unowned.map((t) => `"${t.title}"`).join(', ')}: ${proposal.assignments.get(unowned[0]!.key)?.reason ?? ''}. Add people to the team roster.`,
    );
  }
  const { plan } = proposal;
  const runId = actor.cause?.runId ?? null;
  let projectId = proposal.existingProjectId;
  const adding = !!projectId;
  if (!projectId) {
    projectId = newId();
    await tx
      .insertInto('projects')
      .values({
        id: projectId,
        workspace_id: workspaceId,
        account_id: facts.account.id,
        opportunity_id: opportunityId,
        template_id: template.id,
        template_version: template.version,
        name: facts.deal.name,
        owner_id: proposal.owner?.ownerId ?? null,
        start_date: plan.startDate,
        target_date: plan.endDate,
        origin_run_id: runId,
      })
      .execute();
  } else {
    await tx
      .updateTable('projects')
      .set({ target_date: sql`greatest(target_date, ${plan.endDate}::date)`, updated_at: sql`now()` })
      .where('id', '=', projectId)
      .execute();
  }
  await tx
    .insertInto('project_deals')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      project_id: projectId,
      opportunity_id: opportunityId,
      template_id: template.id,
      template_version: template.version,
      origin_run_id: runId,
      added_by_label: actor.label,
    })
    .execute();

  const basePosition = adding
    ? (
        await tx
          .selectFrom('project_phases')
          .select(sql<number>`coalesce(max(position), 0)::int`.as('n'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).n
    : 0;
  const phaseIds = new Map(plan.phases.map((p) => [p.key, newId()]));
  await tx
    .insertInto('project_phases')
    .values(
      plan.phases.map((p) => ({
        id: phaseIds.get(p.key)!,
        workspace_id: workspaceId,
        project_id: projectId!,
        opportunity_id: opportunityId,
        key: p.key,
        name: p.name,
        position: basePosition + p.position,
      })),
    )
    .execute();
  if (plan.milestones.length > 0) {
    await tx
      .insertInto('milestones')
      .values(
        plan.milestones.map((m) => ({
          id: newId(),
          workspace_id: workspaceId,
          project_id: projectId!,
          phase_id: phaseIds.get(m.phaseKey)!,
          key: m.key,
          name: m.name,
          due_date: m.dueDate,
        })),
      )
      .execute();
  }
  const taskIds = new Map(plan.tasks.map((t) => [t.key, newId()]));
  const taskBase = adding
    ? (
        await tx
          .selectFrom('tasks')
          .select(sql<number>`coalesce(max(position), 0)::int`.as('n'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).n
    : 0;
  if (plan.tasks.length > 0) {
    await tx
      .insertInto('tasks')
      .values(
        plan.tasks.map((t) => {
          const a = proposal.assignments.get(t.key)!;
          return {
            id: taskIds.get(t.key)!,
            workspace_id: workspaceId,
            project_id: projectId!,
            phase_id: phaseIds.get(t.phaseKey)!,
            opportunity_id: opportunityId,
            account_id: facts.account.id,
            template_key: t.key,
            group_name: t.group,
            title: t.title,
            description: t.description,
            role: t.role,
            owner_id: a.ownerId,
            due_date: t.dueDate,
            estimate_hours: t.estimateHours,
            flagged: a.flagged,
            flag_reason: a.flagged ? a.reason : null,
            assignment: a.strategy,
            depends_on: sql<string[]>`${`{${t.dependsOn.map((d) => taskIds.get(d)).join(',')}}`}::uuid[]`,
            position: taskBase + t.position,
            origin_run_id: runId,
            origin_key: `${input.originKey}:task:${t.key}`,
          };
        }),
      )
      .execute();
  }
  await saveCursors(tx, workspaceId, changedCursors(proposal));
  const depth = eventDepth(actor);
  await enqueueEvent(tx, workspaceId, {
    type: adding ? 'project.deal_added' : 'project.created',
    subjectType: 'project',
    subjectId: projectId,
    idempotencyKey: `project.deal_added:${opportunityId}`,
    payload: { projectId, opportunityId, templateId: template.id, templateVersion: template.version, tasks: plan.tasks.length, depth, runId },
  });
  const flagged = plan.tasks.filter((t) => proposal.assignments.get(t.key)?.flagged).length;
  await recordAudit(tx, workspaceId, actor, [
    {
      action: adding ? 'project.deal_added' : 'project.created',
      entityType: 'project',
      entityId: projectId,
      after: {
        opportunityId,
        template: template.name,
        templateVersion: template.version,
        tasks: plan.tasks.length,
        ownerId: proposal.owner?.ownerId ?? null,
        runId,
      },
    },
  ]);
  const summary = adding
    ? `Added ${plan.phases.length} phase(s) and ${plan.tasks.length} task(s) from ${template.name} v${template.version} to the customer's project`
    : `Created the project from ${template.name} v${template.version}: ${plan.tasks.length} task(s)${flagged ? `, ${flagged} flagged` : ''}${proposal.owner?.ownerId ? `, owner ${proposal.owner.ownerName}` : ', no owner yet'}`;
  return { outcome: adding ? 'added' : 'created', projectId, taskIds: [...taskIds.values()], summary };
}

function changedCursors(p: ProjectProposal): Map<string, number> {
  const changed = new Map<string, number>();
  for (const role of p.roster) {
    const next = p.state.cursors.get(role.key);
    if (next !== undefined && next !== role.cursor) changed.set(role.key, next);
  }
  return changed;
}

/** The deliberate next step on a won deal: a person creates its project from a template. */
export async function createProjectByHand(
  deps: Deps,
  input: { workspaceId: string; opportunityId: string; templateId?: string | undefined; actor: Actor },
): Promise<string> {
  const result = await deps.db.transaction().execute(async (tx) => {
    const deal = await tx
      .selectFrom('opportunities as o')
      .innerJoin('stages as s', 's.id', 'o.stage_id')
      .select(['o.id', 's.category'])
      .where('o.workspace_id', '=', input.workspaceId)
      .where('o.id', '=', input.opportunityId)
      .executeTakeFirst();
    if (!deal) throw notFound('opportunity.not_found', 'Opportunity');
    if (deal.category !== 'won') throw new AppError('opportunity.not_won', 'conflict', 'Only a won deal gets a delivery project; mark it won first');
    const created = await createProjectForDeal(tx, {
      workspaceId: input.workspaceId,
      opportunityId: input.opportunityId,
      choice: input.templateId ? { templateId: input.templateId } : { forDealType: true },
      actor: input.actor,
      now: deps.now(),
      originKey: `manual:${input.opportunityId}`,
    });
    if (created.outcome === 'exists')
      throw new AppError('project.exists', 'conflict', 'This deal already has a project', { details: { projectId: created.projectId } });
    return created;
  });
  deps.wakeOutbox();
  return result.projectId;
}

/**
 * Who gets a piece of work of a team role for this deal, through the roster (the deal's people, a fixed person,
 * round robin, fewest open tasks). With `persist` (inside a transaction) a round-robin turn is taken and saved.
 */
export async function planRoleAssignment(
  db: DbOrTx,
  input: { workspaceId: string; facts: DealFacts; role: string; persist: boolean },
): Promise<PlannedAssignment> {
  const { workspaceId, facts, role } = input;
  const [roster, people] = await Promise.all([loadRoster(db, workspaceId, { lock: input.persist }), loadPeople(db, workspaceId)]);
  const openTasks = await countOpenTasks(
    db,
    workspaceId,
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
      dealOwnerId: facts.deal.ownerId,
      csmId: facts.account.csmId,
      salesIds: new Set([...people.salesIds, ...(facts.deal.ownerId ? [facts.deal.ownerId] : [])]),
      activeIds: people.activeIds,
    },
    state,
  );
  if (input.persist) {
    const changed = new Map([...state.cursors].filter(([k, v]) => roster.find((r) => r.key === k)?.cursor !== v));
    await saveCursors(db as Tx, workspaceId, changed);
  }
  return { ...a, ownerName: a.ownerId ? (people.names.get(a.ownerId) ?? null) : null };
}

/** Gives the deal's project an owner from a team role, when it has none (a rule's action). */
export async function assignProjectOwner(
  tx: Tx,
  input: { workspaceId: string; facts: DealFacts; role: string; actor: Actor },
): Promise<{ outcome: 'no_project' | 'has_owner' | 'assigned'; projectName?: string; ownerName?: string | null }> {
  const project = await lockDealProject(tx, input.workspaceId, input.facts.deal.id);
  if (!project) return { outcome: 'no_project' };
  if (project.ownerId) return { outcome: 'has_owner', projectName: project.name };
  const plan = await planRoleAssignment(tx, { workspaceId: input.workspaceId, facts: input.facts, role: input.role, persist: true });
  if (!plan.ownerId) throw new AppError('action.failed', 'conflict', `Nobody in "${input.role}" can own the project: ${plan.reason}`);
  await setProjectOwner(tx, input.workspaceId, project.id, plan.ownerId);
  await recordAudit(tx, input.workspaceId, input.actor, [
    { action: 'project.owner_set', entityType: 'project', entityId: project.id, before: { ownerId: null }, after: { ownerId: plan.ownerId } },
  ]);
  return { outcome: 'assigned', projectName: project.name, ownerName: plan.ownerName };
}
