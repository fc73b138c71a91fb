// People working a project: change a task (completing it emits task.completed), comment, add a task, edit the project.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { openDependencies, overrideNote, type DependencyState } from '../domain/tasks.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { findProject, findTask, insertTasks, type Project, type Task, type TaskStatus } from '../adapters/db/projects.repo.ts';
import {
  findProjectPhase,
  findProjectRef,
  findTaskRef,
  findTaskStates,
  insertTaskComment,
  listTaskComments,
  lockProject,
  lockTask,
  nextTaskPosition,
  updateProjectRow,
  updateTaskRow,
} from '../adapters/db/tasks.repo.ts';
import { findWorkspaceTimeZone } from '../adapters/db/workspaces.repo.ts';
import { findBriefRow, toBrief } from '../adapters/db/briefs.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { lockOpportunity } from '../adapters/db/opportunities.repo.ts';
import { recordKickoffIn } from './brief-review.flow.ts';
import { refreshDelivery } from './delivery.flow.ts';
import { requireOptionalRef } from './references.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';
import { tellProjectOwner } from './notifications.flow.ts';
import { emitTaskCompleted } from './task-events.ts';
import { handoffResults, handoffTaskCategory, type HandoffResult } from '../domain/leads.ts';
import { completeHandoffTaskIn, type HandoffCompletion } from './leads.flow.ts';
import { findTaskLead, lockLead } from '../adapters/db/leads.repo.ts';
import { trialAcceptances, trialTaskCategory, type TrialAcceptance } from '../domain/traction.ts';
import { requireTraction } from './traction.flow.ts';
import { completeTrialTaskIn } from './trial-tasks.flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

/** Today's date in the workspace's time zone (what "overdue" is measured against). */
export async function workspaceToday(deps: Pick<Deps, 'db' | 'now'>, workspaceId: string): Promise<string> {
  return todayIn(deps.db, deps, workspaceId);
}

async function todayIn(db: DbOrTx, deps: Pick<Deps, 'now'>, workspaceId: string): Promise<string> {
  return dateIn(deps.now(), await findWorkspaceTimeZone(db, workspaceId));
}

export async function getTask(deps: Deps, workspaceId: string, id: string): Promise<Task> {
  return readTask(deps.db, deps, workspaceId, id);
}

/** The task as its page shows it, read in the given transaction (a flow's answer includes its own change). */
async function readTask(db: DbOrTx, deps: Pick<Deps, 'now'>, workspaceId: string, id: string): Promise<Task> {
  const task = await findTask(db, workspaceId, id, await todayIn(db, deps, workspaceId));
  if (!task) throw notFound('task.not_found', 'Task');
  return task;
}

export async function getProject(deps: Deps, workspaceId: string, id: string): Promise<Project> {
  return readProject(deps.db, deps, workspaceId, id);
}

async function readProject(db: DbOrTx, deps: Pick<Deps, 'now'>, workspaceId: string, id: string): Promise<Project> {
  const project = await findProject(db, workspaceId, id, await todayIn(db, deps, workspaceId));
  if (!project) throw notFound('project.not_found', 'Project');
  return project;
}

export type TaskChange = {
  status?: TaskStatus | undefined;
  ownerId?: string | undefined;
  dueDate?: string | undefined;
  title?: string | undefined;
  description?: string | null | undefined;
  /** Complete the task although tasks it depends on are open; the override is kept in the audit log and as a comment. */
  override?: boolean | undefined;
};

/**
 * Changes a task. Only people with task.write who own the task, or who may edit projects, may change it.
 * Completing it emits task.completed (rules can follow up); a task whose dependencies are open is completed only
 * with `override` (409 task.blocked_by_dependencies otherwise, naming them).
 */
export const updateTask = flow(async (tx, deps, ctx: Ctx & { mayEditAny: boolean }, id: string, change: TaskChange): Promise<Task> => {
  let completed = false;
  // The lock order: the task's deal first (completing the kickoff task changes the deal's brief), then the task.
  const dealId = (await findTaskRef(tx, ctx.workspaceId, id))?.opportunityId;
  if (dealId) await lockOpportunity(tx, ctx.workspaceId, dealId);
  const row = await lockTask(tx, ctx.workspaceId, id);
  if (!row) throw notFound('task.not_found', 'Task');
  if (!ctx.mayEditAny && row.owner_id !== ctx.actor.id)
    throw new AppError('auth.forbidden', 'forbidden', 'Only the task owner or a project editor can change this task');
  if (change.ownerId !== undefined) {
    if (!ctx.mayEditAny)
      throw new AppError('auth.forbidden', 'forbidden', 'Only a project editor can give a task to someone else', {
        fields: [{ path: 'body:/ownerId', message: 'needs the project.write permission' }],
      });
    await requireOptionalRef(tx, ctx.workspaceId, 'users', change.ownerId, 'body:/ownerId');
    // Delivery people join a deal once it shows traction (a trial task is the explicit way before).
    if (change.ownerId !== row.owner_id)
      await requireTraction(tx, {
        workspaceId: ctx.workspaceId,
        opportunityId: row.opportunity_id,
        ownerId: change.ownerId,
        category: row.category,
        now: deps.now(),
        path: 'body:/ownerId',
      });
  }
  const set: Record<string, unknown> = {};
  if (change.status === 'done' && row.status !== 'done' && row.category === trialTaskCategory)
    throw new AppError('task.needs_acceptance', 'invalid', 'A trial task is completed with an acceptance', {
      fields: [
        { path: 'body:/status', message: `a trial task is completed by POST /api/tasks/${id}/complete with an acceptance (${trialAcceptances.join(', ')})` },
      ],
    });
  if (change.status === 'done' && row.status !== 'done' && row.category === handoffTaskCategory)
    throw new AppError('task.needs_result', 'invalid', 'A lead handoff task is completed with a result', {
      fields: [
        { path: 'body:/status', message: `a lead handoff task is completed by POST /api/tasks/${id}/complete with a result (${handoffResults.join(', ')})` },
      ],
    });
  if (change.status !== undefined && change.status !== row.status) {
    // (The repository sets completed_at with the status.)
    set.status = change.status;
    completed = change.status === 'done';
  }
  let overridden: DependencyState[] = [];
  if (completed && row.depends_on.length > 0) {
    const open = openDependencies(row.depends_on, await findTaskStates(tx, ctx.workspaceId, row.depends_on));
    if (open.length > 0 && !change.override)
      throw new AppError(
        'task.blocked_by_dependencies',
        'conflict',
        `This task depends on ${open.length === 1 ? 'a task that is' : `${open.length} tasks that are`} still open: ${open.map((d) => d.title).join(', ')}`,
        { details: { openTasks: open } },
      );
    overridden = open;
  }
  if (change.ownerId !== undefined && change.ownerId !== row.owner_id)
    Object.assign(set, { owner_id: change.ownerId, flagged: false, flag_reason: null, assignment: 'manual' });
  if (change.dueDate !== undefined && change.dueDate !== row.due_date) set.due_date = change.dueDate;
  if (change.title !== undefined && change.title.trim() !== row.title) set.title = change.title.trim();
  if (change.description !== undefined && change.description !== row.description) set.description = change.description;
  if (Object.keys(set).length === 0) return readTask(tx, deps, ctx.workspaceId, id);
  await updateTaskRow(tx, ctx.workspaceId, id, set);
  const before = Object.fromEntries(Object.keys(set).map((k) => [k, (row as Record<string, unknown>)[k]]));
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: completed ? 'task.completed' : 'task.updated',
      entityType: 'task',
      entityId: id,
      before,
      after: overridden.length > 0 ? { ...set, override: { openTasks: overridden } } : set,
    },
  ]);
  if (overridden.length > 0) {
    await insertTaskComment(tx, {
      id: newId(),
      workspace_id: ctx.workspaceId,
      task_id: id,
      author_id: ctx.actor.type === 'user' ? ctx.actor.id : null,
      author_label: ctx.actor.label,
      body: overrideNote(overridden),
    });
  }
  if (completed) await emitTaskCompleted(tx, ctx, row);
  // Milestones and health follow the work, in this transaction (a reopened task un-reaches its milestone).
  if (row.project_id && (set.status !== undefined || set.due_date !== undefined)) await refreshDelivery(tx, ctx, row.project_id, deps.now());
  // The project's kickoff task done is the handoff's kickoff held (measured against the date it was planned for).
  if (completed && row.template_key === 'kickoff' && row.opportunity_id) {
    const brief = await findBriefRow(tx, ctx.workspaceId, { opportunityId: row.opportunity_id }, true);
    if (brief && !brief.kickoff_held_on) {
      await recordKickoffIn(tx, ctx, toBrief(brief), { heldOn: dateIn(deps.now(), await findWorkspaceTimeZone(tx, ctx.workspaceId)) });
    }
  }
  return readTask(tx, deps, ctx.workspaceId, id);
});

export type TaskCompletion = {
  /** Required for a lead handoff task, refused for any other. */
  result?: HandoffResult | undefined;
  details?: HandoffCompletion['details'];
  dueDate?: string | undefined;
  override?: boolean | undefined;
  /** Required for a trial task, refused for any other: accepted or not, with a note. */
  acceptance?: TrialAcceptance | undefined;
  note?: string | undefined;
};

/**
 * Completes a task. A lead's handoff task needs one of its five results (which move the lead, see leads.flow.ts);
 * any other task is completed as `PATCH status: done` does it and takes no result.
 */
export const completeTask = flow(async (tx, deps, ctx: Ctx & { mayEditAny: boolean }, id: string, input: TaskCompletion): Promise<Task> => {
  const ref = await findTaskLead(tx, ctx.workspaceId, id);
  if (!ref) throw notFound('task.not_found', 'Task');
  if (ref.category === trialTaskCategory) {
    if (input.result !== undefined) throw invalid([{ path: 'body:/result', message: 'a trial task is completed with an acceptance, not a result' }]);
    await completeTrialTaskIn(tx, deps, ctx, id, { acceptance: input.acceptance, note: input.note });
    return readTask(tx, deps, ctx.workspaceId, id);
  }
  if (input.acceptance !== undefined || input.note !== undefined)
    throw invalid([{ path: `body:/${input.acceptance !== undefined ? 'acceptance' : 'note'}`, message: 'only a trial task is completed with an acceptance' }]);
  if (ref.category !== handoffTaskCategory || !ref.leadId) {
    if (input.result !== undefined) throw invalid([{ path: 'body:/result', message: 'only a lead handoff task is completed with a result' }]);
    return updateTask.in(tx, deps, ctx, id, { status: 'done', override: input.override });
  }
  if (input.result === undefined)
    throw new AppError('task.needs_result', 'invalid', 'A lead handoff task is completed with a result', {
      fields: [{ path: 'body:/result', message: `is required for a lead handoff task: one of ${handoffResults.join(', ')}` }],
    });
  // The lock order: the lead first (completeHandoffTaskIn locks it), then the task.
  await lockLead(tx, ctx.workspaceId, ref.leadId);
  const row = await lockTask(tx, ctx.workspaceId, id);
  if (!row) throw notFound('task.not_found', 'Task');
  if (!ctx.mayEditAny && row.owner_id !== ctx.actor.id)
    throw new AppError('auth.forbidden', 'forbidden', 'Only the task owner or a project editor can complete this task');
  if (row.status === 'done' || row.status === 'cancelled')
    throw new AppError('task.closed', 'conflict', `The task is already ${row.status === 'done' ? `done (${row.result ?? 'no result'})` : 'cancelled'}`);
  await completeHandoffTaskIn(tx, deps, ctx, row, { result: input.result, details: input.details, dueDate: input.dueDate });
  return readTask(tx, deps, ctx.workspaceId, id);
});

export async function listComments(deps: Deps, workspaceId: string, taskId: string) {
  return listTaskComments(deps.db, workspaceId, taskId);
}

export const addComment = flow(async (tx, deps, ctx: Ctx, taskId: string, body: string) => {
  const text = body.trim();
  if (!text) throw invalid([{ path: 'body:/body', message: 'must not be empty' }]);
  const task = await findTaskRef(tx, ctx.workspaceId, taskId);
  if (!task) throw notFound('task.not_found', 'Task');
  const id = newId();
  const comment = await insertTaskComment(tx, {
    id,
    workspace_id: ctx.workspaceId,
    task_id: taskId,
    author_id: ctx.actor.type === 'user' ? ctx.actor.id : null,
    author_label: ctx.actor.label,
    body: text,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'task.commented', entityType: 'task', entityId: taskId, after: { commentId: id } }]);
  return comment;
});

/** A task a person adds to a project by hand: it needs an owner and a due date like every other. */
export const addProjectTask = flow(
  async (
    tx,
    deps,
    ctx: Ctx,
    projectId: string,
    input: { title: string; ownerId: string; dueDate: string; phaseId?: string | undefined; description?: string | undefined },
  ): Promise<Task> => {
    const id = newId();
    const project = await findProjectRef(tx, ctx.workspaceId, projectId);
    if (!project) throw notFound('project.not_found', 'Project');
    await requireOptionalRef(tx, ctx.workspaceId, 'users', input.ownerId, 'body:/ownerId');
    let opportunityId = project.opportunity_id;
    if (input.phaseId) {
      const phase = await findProjectPhase(tx, ctx.workspaceId, projectId, input.phaseId);
      if (!phase) throw invalid([{ path: 'body:/phaseId', message: 'is not a phase of this project' }]);
      opportunityId = phase.opportunity_id;
    }
    await requireTraction(tx, { workspaceId: ctx.workspaceId, opportunityId, ownerId: input.ownerId, category: null, now: deps.now(), path: 'body:/ownerId' });
    const position = await nextTaskPosition(tx, ctx.workspaceId, projectId);
    await insertTasks(tx, [
      {
        id,
        workspace_id: ctx.workspaceId,
        project_id: projectId,
        phase_id: input.phaseId ?? null,
        opportunity_id: opportunityId,
        account_id: project.account_id,
        title: input.title.trim(),
        description: input.description ?? null,
        owner_id: input.ownerId,
        due_date: input.dueDate,
        assignment: 'manual',
        position,
      },
    ]);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'task.created', entityType: 'task', entityId: id, after: { projectId, title: input.title, ownerId: input.ownerId, dueDate: input.dueDate } },
    ]);
    await refreshDelivery(tx, ctx, projectId, deps.now());
    return readTask(tx, deps, ctx.workspaceId, id);
  },
);

export const updateProject = flow(
  async (
    tx,
    deps,
    ctx: Ctx,
    id: string,
    change: { ownerId?: string | null | undefined; status?: string | undefined; health?: string | undefined; name?: string | undefined },
  ): Promise<Project> => {
    const row = await lockProject(tx, ctx.workspaceId, id);
    if (!row) throw notFound('project.not_found', 'Project');
    await requireOptionalRef(tx, ctx.workspaceId, 'users', change.ownerId, 'body:/ownerId');
    const set: Record<string, unknown> = {};
    if (change.ownerId !== undefined && change.ownerId !== row.owner_id) set.owner_id = change.ownerId;
    if (change.status !== undefined && change.status !== row.status) set.status = change.status;
    if (change.health !== undefined && change.health !== row.health) set.health = change.health;
    if (change.name !== undefined && change.name.trim() !== row.name) set.name = change.name.trim();
    if (Object.keys(set).length === 0) return readProject(tx, deps, ctx.workspaceId, id);
    // Someone decided about a project held by a reopen (resumed, cancelled...): the reopen warning goes.
    if (set.status !== undefined && row.reopen_hold_at) set.reopen_hold_at = null;
    await updateProjectRow(tx, ctx.workspaceId, id, set);
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, (row as Record<string, unknown>)[k]]));
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'project.updated', entityType: 'project', entityId: id, before, after: set }]);
    // Rules copy people on a status change (the account's watchers: the sales rep after the handoff).
    if (set.status !== undefined)
      await enqueueEvent(tx, ctx.workspaceId, {
        type: 'project.status_changed',
        subjectType: 'project',
        subjectId: id,
        idempotencyKey: `project.status_changed:${id}:${newId()}`,
        payload: { projectId: id, name: row.name, from: row.status, to: String(set.status), actor: ctx.actor.label, depth: eventDepth(ctx.actor) },
      });
    if (set.owner_id)
      await tellProjectOwner(tx, {
        workspaceId: ctx.workspaceId,
        projectId: id,
        projectName: (set.name as string | undefined) ?? row.name,
        ownerId: change.ownerId,
        actor: ctx.actor,
      });
    return readProject(tx, deps, ctx.workspaceId, id);
  },
);
