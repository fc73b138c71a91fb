// Delivery projects from templates: plan (tasks, owners, due dates), create or add to the customer's project, and edit.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { assignTask, type Assignment, type AssignmentState, type RoundRobinTurns } from '../domain/assignment.ts';
import { dateIn, type WorkCalendar } from '../domain/calendar.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { planProject, type ProjectPlan, type TemplateDefinition } from '../domain/project-plan.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import {
  extendProject,
  insertMilestones,
  insertPhases,
  insertProject,
  linkProjectDeal,
  lockDealProject,
  projectPositions,
  setProjectOwner,
} from '../adapters/db/projects.repo.ts';
import { insertPlannedTasks } from '../adapters/db/tasks.repo.ts';
import { countOpenTasks, leastOpenCandidates, loadRosterCursors, saveCursors, takeTurns, type TeamRoleRecord } from '../adapters/db/team.repo.ts';
import { workspaceConfig, type WorkspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import { findTemplate, findTemplateForDealType, type Template } from '../adapters/db/templates.repo.ts';
import { loadDealFacts, type DealFacts } from '../adapters/db/deal-facts.repo.ts';
import { flow } from './flow.ts';
import { tellProjectOwner } from './notifications.flow.ts';

/** Which template: a template id, or the one made for the deal's type. */
export type TemplateChoice = { templateId: string } | { forDealType: true };

export type PlannedAssignment = Assignment & { ownerName: string | null };

/** What planning needs of a template (a stored one, or the current version kept in the workspace's set-up). */
export type PlanTemplate = Pick<Template, 'id' | 'name' | 'version' | 'upsellMode' | 'definition'>;

export type ProjectProposal = {
  facts: DealFacts;
  template: PlanTemplate;
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

/** The template from the workspace's set-up (current versions), else from storage. */
async function templateFor(db: DbOrTx, workspaceId: string, config: WorkspaceConfig, facts: DealFacts, choice: TemplateChoice): Promise<PlanTemplate> {
  if ('templateId' in choice) return config.templates.find((t) => t.id === choice.templateId) ?? chooseTemplate(db, workspaceId, facts, choice);
  const template = config.templates.find((t) => t.dealType === facts.deal.dealType) ?? config.templates.find((t) => t.dealType === null);
  if (!template) throw new AppError('template.none_for_deal', 'conflict', `No project template for deal type "${facts.deal.dealType}" and no general template`);
  return template;
}

/**
 * Plans the project a deal would get, with owners, without writing. With `lock`, the roster's round-robin turns
 * are read locked so that concurrent plans take them one after another (inside a transaction); with `firstTurns`
 * (turns taken ahead, see takeProjectTurns) they are not read at all.
 */
export async function proposeProject(
  db: DbOrTx,
  input: {
    workspaceId: string;
    facts: DealFacts;
    template: PlanTemplate;
    definition?: TemplateDefinition | undefined;
    today: string;
    lock?: boolean;
    firstTurns?: ReadonlyMap<string, number> | undefined;
    /** False: fewest-open-task counts are not read (a plan made only to count its round-robin turns). */
    countOpen?: boolean;
  },
): Promise<ProjectProposal> {
  const { workspaceId, facts, template } = input;
  const config = await workspaceConfig(db, workspaceId, facts.workspace.configVersion);
  const calendar = config.calendar;
  const startDate = facts.deal.closeDate ?? input.today;
  const definition = input.definition ?? template.definition;
  const plan = planProject(definition, facts, startDate, calendar);
  const roles = new Set([...plan.tasks.map((t) => t.role), ...(definition.ownerRole ? [definition.ownerRole] : [])]);
  const used = config.roster.filter((r) => roles.has(r.key));
  // Round-robin turns and open-task counts are read only when a role the plan uses shares work that way.
  const cursors =
    input.firstTurns ??
    (used.some((r) => r.strategy === 'round_robin') ? await loadRosterCursors(db, workspaceId, { lock: input.lock ?? false }) : new Map<string, number>());
  const roster: TeamRoleRecord[] = config.roster.map((r) => ({ ...r, cursor: cursors.get(r.key) ?? 0 }));
  const openTasks =
    input.countOpen === false
      ? new Map<string, number>()
      : await countOpenTasks(
          db,
          workspaceId,
          leastOpenCandidates(
            used.map((r) => ({ ...r, cursor: 0 })),
            plan.tasks.some((t) => t.assignment === 'least_open'),
          ),
        );
  const state: AssignmentState = { cursors: new Map(roster.map((r) => [r.key, r.cursor])), openTasks, turns: new Map() };
  const people = [...config.people.values()];
  const ctx = {
    dealOwnerId: facts.deal.ownerId,
    csmId: facts.account.csmId,
    // The deal owner is the sales rep for this deal, whatever their role.
    salesIds: new Set([...people.filter((p) => p.role === 'sales').map((p) => p.id), ...(facts.deal.ownerId ? [facts.deal.ownerId] : [])]),
    activeIds: new Set(people.filter((p) => p.active).map((p) => p.id)),
  };
  // Project tasks are delivery work: even a role that became a sales role gives them to no sales person.
  const byKey = new Map(roster.map((r) => [r.key, { ...r, kind: 'delivery' as const }]));
  const named = (a: Assignment): PlannedAssignment => ({ ...a, ownerName: a.ownerId ? (config.people.get(a.ownerId)?.name ?? null) : null });
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
 * Creates the deal's project from a template inside `tx` (or adds the deal's phases to the customer's open project
 * for an upsell when the template says so). At most one project per deal: a second call answers "exists". Every task
 * gets an owner and a due date, or the call fails. Pass the deal's `facts` when the caller read them holding the
 * deal's lock (a rule run does); otherwise the deal is locked and read here.
 */
export async function createProjectForDeal(
  tx: Tx,
  input: {
    workspaceId: string;
    opportunityId: string;
    choice: TemplateChoice;
    actor: Actor;
    now: Date;
    originKey: string;
    facts?: DealFacts | undefined;
    /** Round-robin turns taken ahead (takeProjectTurns); without them the roster is held until the commit. */
    turns?: TurnsTaken | undefined;
  },
): Promise<ProjectCreation> {
  const { workspaceId, opportunityId, actor } = input;
  // Holding the deal serialises a rule and a person creating its project at the same moment.
  const facts = input.facts ?? (await loadDealFacts(tx, workspaceId, opportunityId, { lock: true }));
  if (!facts) throw notFound('opportunity.not_found', 'Opportunity');
  if (facts.deal.projectId)
    return { outcome: 'exists', projectId: facts.deal.projectId, taskIds: [], summary: 'The deal already has a project: nothing created' };
  const config = await workspaceConfig(tx, workspaceId, facts.workspace.configVersion);
  const template = await templateFor(tx, workspaceId, config, facts, input.choice);
  const today = dateIn(input.now, facts.workspace.timeZone);
  let proposal = await proposeProject(tx, { workspaceId, facts, template, today, lock: !input.turns, firstTurns: input.turns?.first });
  let turnsTaken = !!input.turns;
  if (input.turns && !sameTurns(proposal.state.turns, input.turns.taken)) {
    // The deal changed since the turns were taken (an earlier action of the run): take them here, holding the roster.
    proposal = await proposeProject(tx, { workspaceId, facts, template, today, lock: true });
    turnsTaken = false;
  }
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
  const adding = !!proposal.existingProjectId;
  const projectId = proposal.existingProjectId ?? newId();
  if (adding) await extendProject(tx, workspaceId, projectId, plan.endDate);
  else
    await insertProject(tx, {
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
    });
  if (!adding) await tellProjectOwner(tx, { workspaceId, projectId, projectName: facts.deal.name, ownerId: proposal.owner?.ownerId, actor });
  await linkProjectDeal(tx, {
    id: newId(),
    workspace_id: workspaceId,
    project_id: projectId,
    opportunity_id: opportunityId,
    template_id: template.id,
    template_version: template.version,
    origin_run_id: runId,
    added_by_label: actor.label,
  });
  const base = adding ? await projectPositions(tx, workspaceId, projectId) : { phases: 0, tasks: 0 };
  const phaseIds = new Map(plan.phases.map((p) => [p.key, newId()]));
  await insertPhases(
    tx,
    plan.phases.map((p) => ({
      id: phaseIds.get(p.key)!,
      workspace_id: workspaceId,
      project_id: projectId,
      opportunity_id: opportunityId,
      key: p.key,
      name: p.name,
      position: base.phases + p.position,
    })),
  );
  await insertMilestones(
    tx,
    plan.milestones.map((m) => ({
      id: newId(),
      workspace_id: workspaceId,
      project_id: projectId,
      phase_id: phaseIds.get(m.phaseKey)!,
      key: m.key,
      name: m.name,
      due_date: m.dueDate,
    })),
  );
  const taskIds = new Map(plan.tasks.map((t) => [t.key, newId()]));
  await insertPlannedTasks(
    tx,
    plan.tasks.map((t) => {
      const a = proposal.assignments.get(t.key)!;
      return {
        id: taskIds.get(t.key)!,
        workspace_id: workspaceId,
        project_id: projectId,
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
        dependsOn: t.dependsOn.map((d) => taskIds.get(d)!),
        position: base.tasks + t.position,
        origin_run_id: runId,
        origin_key: `${input.originKey}:task:${t.key}`,
      };
    }),
  );
  if (!turnsTaken) await saveCursors(tx, workspaceId, changedCursors(proposal));
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

/** Round-robin turns taken for a deal's project ahead of its transaction: each role's first turn, and how many. */
export type TurnsTaken = { first: ReadonlyMap<string, number>; taken: ReadonlyMap<string, RoundRobinTurns> };

/**
 * Takes the round-robin turns the deal's project will need, in one statement of its own, before the transaction
 * that creates it (a rule run calls this first): that transaction then holds no lock on the roster, and wins of
 * different deals create their projects side by side. Nothing to take when the deal already has its project.
 */
export async function takeProjectTurns(
  db: DbOrTx,
  input: { workspaceId: string; facts: DealFacts; choice: TemplateChoice; now: Date },
): Promise<TurnsTaken | undefined> {
  const { workspaceId, facts } = input;
  if (facts.deal.projectId || facts.deal.projectCreation === 'manual') return undefined;
  const config = await workspaceConfig(db, workspaceId, facts.workspace.configVersion);
  const template = await templateFor(db, workspaceId, config, facts, input.choice);
  const today = dateIn(input.now, facts.workspace.timeZone);
  const counted = await proposeProject(db, { workspaceId, facts, template, today, firstTurns: new Map(), countOpen: false });
  const taken = counted.state.turns ?? new Map<string, RoundRobinTurns>();
  return { first: await takeTurns(db, workspaceId, taken), taken };
}

function sameTurns(a: ReadonlyMap<string, RoundRobinTurns> | undefined, b: ReadonlyMap<string, RoundRobinTurns>): boolean {
  const x = a ?? new Map<string, RoundRobinTurns>();
  return x.size === b.size && [...x].every(([key, t]) => b.get(key)?.taken === t.taken && b.get(key)?.among === t.among);
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
export const createProjectByHand = flow(
  async (tx, deps, input: { workspaceId: string; opportunityId: string; templateId?: string | undefined; actor: Actor }): Promise<string> => {
    const facts = await loadDealFacts(tx, input.workspaceId, input.opportunityId, { lock: true });
    if (!facts) throw notFound('opportunity.not_found', 'Opportunity');
    if (facts.deal.stageCategory !== 'won') throw new AppError('opportunity.not_won', 'conflict', 'Only a won deal gets a delivery project; mark it won first');
    const created = await createProjectForDeal(tx, {
      facts,
      workspaceId: input.workspaceId,
      opportunityId: input.opportunityId,
      choice: input.templateId ? { templateId: input.templateId } : { forDealType: true },
      actor: input.actor,
      now: deps.now(),
      originKey: `manual:${input.opportunityId}`,
    });
    if (created.outcome === 'exists')
      throw new AppError('project.exists', 'conflict', 'This deal already has a project', { details: { projectId: created.projectId } });
    return created.projectId;
  },
);

/**
 * Who gets a piece of work of a team role for this deal, through the roster (the deal's people, a fixed person,
 * round robin, fewest open tasks). With `persist` (inside a transaction) a round-robin turn is taken and saved.
 * A sales role may give it to a sales person unless it is `deliveryWork`.
 */
export async function planRoleAssignment(
  db: DbOrTx,
  input: { workspaceId: string; facts: DealFacts; role: string; persist: boolean; deliveryWork?: boolean },
): Promise<PlannedAssignment> {
  const { workspaceId, facts, role } = input;
  const config = await workspaceConfig(db, workspaceId, facts.workspace.configVersion);
  const rosterRole = config.roster.find((r) => r.key === role);
  const cursors = rosterRole?.strategy === 'round_robin' ? await loadRosterCursors(db, workspaceId, { lock: input.persist }) : new Map<string, number>();
  const roster: TeamRoleRecord[] = config.roster.map((r) => ({ ...r, cursor: cursors.get(r.key) ?? 0 }));
  const openTasks = await countOpenTasks(
    db,
    workspaceId,
    leastOpenCandidates(
      roster.filter((r) => r.key === role),
      false,
    ),
  );
  const state = { cursors: new Map(roster.map((r) => [r.key, r.cursor])), openTasks };
  const people = [...config.people.values()];
  // A sales role's task may go to a sales person (a rule's follow-up task); delivery work (the project owner) never does.
  const found = roster.find((r) => r.key === role);
  const a = assignTask(
    found && input.deliveryWork ? { ...found, kind: 'delivery' } : found,
    role,
    {
      dealOwnerId: facts.deal.ownerId,
      csmId: facts.account.csmId,
      salesIds: new Set([...people.filter((p) => p.role === 'sales').map((p) => p.id), ...(facts.deal.ownerId ? [facts.deal.ownerId] : [])]),
      activeIds: new Set(people.filter((p) => p.active).map((p) => p.id)),
    },
    state,
  );
  if (input.persist) {
    const changed = new Map([...state.cursors].filter(([k, v]) => roster.find((r) => r.key === k)?.cursor !== v));
    await saveCursors(db as Tx, workspaceId, changed);
  }
  return { ...a, ownerName: a.ownerId ? (config.people.get(a.ownerId)?.name ?? null) : null };
}

/** Gives the deal's project an owner from a team role, when it has none (a rule's action). */
export async function assignProjectOwner(
  tx: Tx,
  input: { workspaceId: string; facts: DealFacts; role: string; actor: Actor },
): Promise<{ outcome: 'no_project' | 'has_owner' | 'assigned'; projectName?: string; ownerName?: string | null }> {
  const project = await lockDealProject(tx, input.workspaceId, input.facts.deal.id);
  if (!project) return { outcome: 'no_project' };
  if (project.ownerId) return { outcome: 'has_owner', projectName: project.name };
  const plan = await planRoleAssignment(tx, { workspaceId: input.workspaceId, facts: input.facts, role: input.role, persist: true, deliveryWork: true });
  if (!plan.ownerId) throw new AppError('action.failed', 'conflict', `Nobody in "${input.role}" can own the project: ${plan.reason}`);
  await setProjectOwner(tx, input.workspaceId, project.id, plan.ownerId);
  await tellProjectOwner(tx, { workspaceId: input.workspaceId, projectId: project.id, projectName: project.name, ownerId: plan.ownerId, actor: input.actor });
  await recordAudit(tx, input.workspaceId, input.actor, [
    { action: 'project.owner_set', entityType: 'project', entityId: project.id, before: { ownerId: null }, after: { ownerId: plan.ownerId } },
  ]);
  return { outcome: 'assigned', projectName: project.name, ownerName: plan.ownerName };
}
