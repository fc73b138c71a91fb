// Tasks a person adds to a deal, and trial tasks: the explicit way to involve a delivery person before the deal shows
// traction, with its own owner, due date and acceptance criteria, completed as accepted or not (with a note).
import { eventDepth, type Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { trialAcceptances, trialTaskCategory, type TrialAcceptance } from '../domain/traction.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { lockOpportunity } from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { findTask, insertTasks, type Task } from '../adapters/db/projects.repo.ts';
import { findOpenDealProject, findTaskRef, lockTask, updateTaskRow } from '../adapters/db/tasks.repo.ts';
import { findWorkspaceTimeZone } from '../adapters/db/workspaces.repo.ts';
import { refreshDelivery } from './delivery.flow.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';
import { requireOptionalRef } from './references.ts';
import { emitTaskCompleted } from './task-events.ts';
import { requireTraction } from './traction.flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type DealTaskByHand = {
  title: string;
  ownerId: string;
  dueDate: string;
  description?: string | undefined;
  /** A trial task: may go to a delivery person before the deal shows traction; needs acceptance criteria. */
  trial?: boolean | undefined;
  acceptanceCriteria?: string | undefined;
};

/**
 * A task a person adds to a deal (on its open project when it has one). A delivery person before the deal shows
 * traction is refused, unless the task is a trial (409 task.traction_not_met otherwise).
 */
export const addDealTask = flow(async (tx, deps, ctx: Ctx, opportunityId: string, input: DealTaskByHand): Promise<Task> => {
  const deal = await lockOpportunity(tx, ctx.workspaceId, opportunityId);
  if (!deal) throw notFound('opportunity.not_found', 'Opportunity');
  const criteria = input.acceptanceCriteria?.trim() ?? '';
  if (input.trial && !criteria)
    throw invalid([{ path: 'body:/acceptanceCriteria', message: 'is required for a trial task: what it must show to be accepted' }]);
  if (!input.trial && criteria) throw invalid([{ path: 'body:/acceptanceCriteria', message: 'only a trial task has acceptance criteria' }]);
  await requireOptionalRef(tx, ctx.workspaceId, 'users', input.ownerId, 'body:/ownerId');
  const category = input.trial ? trialTaskCategory : null;
  await requireTraction(tx, { workspaceId: ctx.workspaceId, opportunityId, ownerId: input.ownerId, category, now: deps.now(), path: 'body:/ownerId' });
  const project = await findOpenDealProject(tx, ctx.workspaceId, opportunityId);
  const id = newId();
  await insertTasks(tx, [
    {
      id,
      workspace_id: ctx.workspaceId,
      project_id: project?.id ?? null,
      opportunity_id: opportunityId,
      account_id: deal.account_id,
      title: input.title.trim(),
      description: input.description?.trim() || null,
      owner_id: input.ownerId,
      due_date: input.dueDate,
      assignment: 'manual',
      category,
      acceptance_criteria: criteria || null,
      reporter_id: ctx.actor.type === 'user' ? ctx.actor.id : null,
      group_name: input.trial ? 'Trial' : null,
    },
  ]);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'task.created',
      entityType: 'task',
      entityId: id,
      after: { opportunityId, title: input.title.trim(), ownerId: input.ownerId, dueDate: input.dueDate, category, acceptanceCriteria: criteria || null },
    },
  ]);
  if (project) await refreshDelivery(tx, ctx, project.id, deps.now());
  const today = dateIn(deps.now(), await findWorkspaceTimeZone(tx, ctx.workspaceId));
  return (await findTask(tx, ctx.workspaceId, id, today))!;
});

/**
 * Completes a trial task with its acceptance (accepted, or not accepted with a note): recorded on the task, in the
 * audit log, and as trial.accepted / trial.not_accepted (and task.completed) for rules. The caller reads the task.
 */
export async function completeTrialTaskIn(
  tx: Tx,
  deps: Pick<Deps, 'now'>,
  ctx: Ctx & { mayEditAny: boolean },
  id: string,
  input: { acceptance?: TrialAcceptance | undefined; note?: string | undefined },
): Promise<void> {
  if (input.acceptance === undefined)
    throw new AppError('task.needs_acceptance', 'invalid', 'A trial task is completed with an acceptance', {
      fields: [{ path: 'body:/acceptance', message: `is required for a trial task: one of ${trialAcceptances.join(', ')}` }],
    });
  const note = input.note?.trim() || null;
  if (input.acceptance === 'not_accepted' && !note)
    throw invalid([{ path: 'body:/note', message: 'is required when a trial is not accepted: say what was missing' }]);
  // The lock order: the task's deal first, then the task (as every task change).
  const dealId = (await findTaskRef(tx, ctx.workspaceId, id))?.opportunityId;
  if (dealId) await lockOpportunity(tx, ctx.workspaceId, dealId);
  const row = await lockTask(tx, ctx.workspaceId, id);
  if (!row) throw notFound('task.not_found', 'Task');
  if (!ctx.mayEditAny && row.owner_id !== ctx.actor.id)
    throw new AppError('auth.forbidden', 'forbidden', 'Only the task owner or a project editor can complete this task');
  if (row.status === 'done' || row.status === 'cancelled')
    throw new AppError('task.closed', 'conflict', `The trial is already ${row.status === 'done' ? `decided (${row.result ?? 'no result'})` : 'cancelled'}`);
  await updateTaskRow(tx, ctx.workspaceId, id, { status: 'done', result: input.acceptance, result_details: JSON.stringify({ note }) });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'task.completed',
      entityType: 'task',
      entityId: id,
      before: { status: row.status },
      after: { status: 'done', acceptance: input.acceptance, note, acceptanceCriteria: row.acceptance_criteria },
    },
  ]);
  await emitTaskCompleted(tx, ctx, row);
  await enqueueEvent(tx, ctx.workspaceId, {
    type: input.acceptance === 'accepted' ? 'trial.accepted' : 'trial.not_accepted',
    subjectType: 'task',
    subjectId: id,
    idempotencyKey: `trial.decided:${id}:${newId()}`,
    payload: {
      taskId: id,
      title: row.title,
      opportunityId: row.opportunity_id,
      ownerId: row.owner_id,
      acceptanceCriteria: row.acceptance_criteria,
      note,
      actor: ctx.actor.label,
      depth: eventDepth(ctx.actor),
    },
  });
  if (row.project_id) await refreshDelivery(tx, ctx, row.project_id, deps.now());
}
