// Tasks automation makes for a deal: a rule's task for a team role, and the kickoff preparation tasks of an
// accepted handoff brief. Each has an owner and a due date, and one origin key so a repeated step adds nothing.
import type { Actor } from '../domain/actor.ts';
import { isActive } from '../domain/brief/review.ts';
import { addBusinessDays, dateIn } from '../domain/calendar.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
import { AppError } from '../domain/errors.ts';
import { fillTemplate } from '../domain/rules/template-text.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { findBriefRow, listItems, toBrief, type StoredBrief, type StoredItem } from '../adapters/db/briefs.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { insertTasks } from '../adapters/db/projects.repo.ts';
import { lockTasksByOrigin, updateTaskRow } from '../adapters/db/tasks.repo.ts';
import { loadCalendar } from '../adapters/db/team.repo.ts';
import { listActivePeople } from '../adapters/db/workspaces.repo.ts';
import { planRoleAssignment, type PlannedAssignment } from './projects.flow.ts';
import { emitTaskCompleted, type CompletedTask } from './task-events.ts';
import { assignmentHeld } from './traction.flow.ts';
import { findTractionGate } from '../adapters/db/traction.repo.ts';

export type DealTaskInput = { title: string; role: string; dueInBusinessDays: number; description?: string | undefined };
export type DealTaskPlan = PlannedAssignment & { title: string; dueDate: string };

/** Who would own a rule's task and when it is due; `persist` takes the round-robin turn (in a transaction). */
export async function planDealTask(
  db: DbOrTx,
  input: { workspaceId: string; facts: DealFacts; task: DealTaskInput; now: Date; persist: boolean },
): Promise<DealTaskPlan> {
  const [calendar, assignment] = await Promise.all([
    loadCalendar(db, input.workspaceId),
    planRoleAssignment(db, { workspaceId: input.workspaceId, facts: input.facts, role: input.task.role, persist: input.persist }),
  ]);
  const dueDate = addBusinessDays(dateIn(input.now, calendar.timeZone), input.task.dueInBusinessDays, calendar);
  return { ...assignment, title: fillTemplate(input.task.title, input.facts), dueDate };
}

/** A rule's task on the deal's open project (or on the account when there is none), owned through the roster. */
export async function createDealTask(
  tx: Tx,
  input: { workspaceId: string; facts: DealFacts; task: DealTaskInput; now: Date; actor: Actor; runId: string; key: string },
): Promise<{ created: { id: string; title: string; ownerName: string | null; dueDate: string } | null; held?: string }> {
  const { workspaceId, facts } = input;
  // Before the deal shows traction, a delivery person is not brought in: the step says why and assigns nobody.
  // (Checked on the plan before it takes a round-robin turn, and again on the person it gives.)
  const gated = (await findTractionGate(tx, workspaceId)).signals.length > 0;
  const gate = { workspaceId, opportunityId: facts.deal.id, category: null, now: input.now };
  if (gated) {
    const draft = await planDealTask(tx, { workspaceId, facts, task: input.task, now: input.now, persist: false });
    const draftHeld = await assignmentHeld(tx, { ...gate, ownerId: draft.ownerId });
    if (draftHeld) return { created: null, held: `"${draft.title}" not assigned: ${draftHeld.reason}` };
  }
  const plan = await planDealTask(tx, { workspaceId, facts, task: input.task, now: input.now, persist: true });
  if (!plan.ownerId) throw new AppError('action.failed', 'conflict', `Nobody can own "${plan.title}": ${plan.reason}`);
  const held = gated ? await assignmentHeld(tx, { ...gate, ownerId: plan.ownerId }) : null;
  if (held) throw new AppError('action.failed', 'conflict', `"${plan.title}" not assigned: ${held.reason}`);
  const project = facts.projects.find((p) => p.status !== 'done' && p.status !== 'cancelled');
  const id = newId();
  const [inserted] = await insertTasks(tx, [
    {
      id,
      workspace_id: workspaceId,
      project_id: project?.id ?? null,
      opportunity_id: facts.deal.id,
      account_id: facts.account.id,
      title: plan.title,
      description: input.task.description ? fillTemplate(input.task.description, facts) : null,
      role: input.task.role,
      owner_id: plan.ownerId,
      due_date: plan.dueDate,
      flagged: plan.flagged,
      flag_reason: plan.flagged ? plan.reason : null,
      assignment: plan.strategy,
      origin_run_id: input.runId,
      origin_key: input.key,
    },
  ]);
  if (!inserted) return { created: null };
  await recordAudit(tx, workspaceId, input.actor, [
    {
      action: 'task.created',
      entityType: 'task',
      entityId: id,
      after: { title: plan.title, ownerId: plan.ownerId, dueDate: plan.dueDate, runId: input.runId },
    },
  ]);
  return { created: { id, title: plan.title, ownerName: plan.ownerName, dueDate: plan.dueDate } };
}

export type KickoffPlan = { brief: StoredBrief | null; tasks: { item: StoredItem; ownerId: string | null; ownerName: string | null; due: string }[] };

/** The accepted brief's kickoff preparation list as tasks: owner (the item's, else the CSM, else the AE) and due date. */
export async function planKickoffTasks(
  db: DbOrTx,
  input: { workspaceId: string; facts: DealFacts; now: Date; dueInBusinessDays: number },
): Promise<KickoffPlan> {
  const row = await findBriefRow(db, input.workspaceId, { opportunityId: input.facts.deal.id });
  if (!row) return { brief: null, tasks: [] };
  const brief = toBrief(row);
  const [items, calendar, people] = await Promise.all([listItems(db, brief.id), loadCalendar(db, input.workspaceId), listActivePeople(db, input.workspaceId)]);
  const today = dateIn(input.now, calendar.timeZone);
  let due = addBusinessDays(today, input.dueInBusinessDays, calendar);
  // Before the kickoff when it is booked: preparation is no use after it.
  if (brief.kickoffOn && brief.kickoffOn > today) {
    const dayBefore = addBusinessDays(brief.kickoffOn, -1, calendar);
    if (dayBefore < due) due = dayBefore < today ? today : dayBefore;
  }
  const names = new Map(people.map((p) => [p.id, p.name]));
  const tasks = items
    .filter((i) => i.kind === 'kickoff_task' && isActive(i))
    .map((item) => {
      const ownerId = [item.ownerId, brief.csmId, brief.aeId].find((id): id is string => !!id && names.has(id)) ?? null;
      return { item, ownerId, ownerName: ownerId ? names.get(ownerId)! : null, due };
    });
  return { brief, tasks };
}

/** Creates the kickoff preparation tasks of an accepted brief on the deal's project (a rule on handoff.accepted). */
export async function createKickoffTasks(
  tx: Tx,
  input: { workspaceId: string; facts: DealFacts; now: Date; dueInBusinessDays: number; actor: Actor; runId: string; key: string },
): Promise<{ outcome: 'no_brief' | 'not_accepted' | 'nothing_listed' | 'created'; plan: KickoffPlan; created: { id: string; title: string }[] }> {
  const { workspaceId, facts } = input;
  const plan = await planKickoffTasks(tx, input);
  const { brief, tasks } = plan;
  if (!brief) return { outcome: 'no_brief', plan, created: [] };
  if (brief.status !== 'accepted') return { outcome: 'not_accepted', plan, created: [] };
  if (tasks.length === 0) return { outcome: 'nothing_listed', plan, created: [] };
  const unowned = tasks.find((t) => !t.ownerId);
  if (unowned) throw new AppError('action.failed', 'conflict', `Nobody can own "${unowned.item.text}": the handoff has no active CSM or AE`);
  const project = facts.projects.find((p) => p.status !== 'done' && p.status !== 'cancelled');
  const rows = tasks.map((t, n) => {
    const evidence = t.item.evidence.slice(0, 3).map((e) => `"${e.quote.slice(0, 160)}"`);
    return {
      id: newId(),
      workspace_id: workspaceId,
      project_id: project?.id ?? null,
      opportunity_id: facts.deal.id,
      account_id: facts.account.id,
      template_key: 'kickoff_prep',
      group_name: 'Kickoff preparation',
      title: t.item.text,
      description: `From the accepted handoff brief.${evidence.length ? ` Based on: ${evidence.join('; ')}` : ''}`,
      role: 'csm',
      owner_id: t.ownerId,
      due_date: t.due,
      assignment: t.item.ownerId === t.ownerId ? 'brief_owner' : 'handoff_csm',
      position: 500 + n,
      origin_run_id: input.runId,
      origin_key: `${input.key}:${t.item.id}`,
    };
  });
  const ids = new Set(await insertTasks(tx, rows));
  const created = rows.filter((r) => ids.has(r.id)).map((r) => ({ id: r.id, title: r.title }));
  await recordAudit(
    tx,
    workspaceId,
    input.actor,
    created.map((c) => ({ action: 'task.created', entityType: 'task', entityId: c.id, after: { title: c.title, runId: input.runId, from: 'handoff brief' } })),
  );
  return { outcome: 'created', plan, created };
}

/** Who reviews a handoff brief: the AE while it is with the AE, the CSM once it is sent. */
export type Reviewer = 'ae' | 'csm';
const reviewTaskKey = (briefId: string, reviewer: Reviewer) => `handoff-review:${briefId}:${reviewer}`;
export const reviewTaskGroup = 'Handoff review';

/**
 * "Review the handoff brief of <deal>" for whoever reviews the brief now (the brief's AE or CSM, else the deal owner
 * or the account CSM). One task per brief and reviewer, whatever the run: a second submission finds it and adds nothing.
 */
export async function createReviewTask(
  tx: Tx,
  input: { workspaceId: string; facts: DealFacts; now: Date; dueInBusinessDays: number; actor: Actor; runId: string },
): Promise<{
  outcome: 'no_brief' | 'accepted' | 'nobody' | 'exists' | 'created';
  reviewer?: Reviewer;
  task?: { id: string; title: string; ownerName: string; due: string };
}> {
  const { workspaceId, facts } = input;
  const row = await findBriefRow(tx, workspaceId, { opportunityId: facts.deal.id });
  if (!row) return { outcome: 'no_brief' };
  const brief = toBrief(row);
  if (brief.status === 'accepted') return { outcome: 'accepted' };
  const reviewer: Reviewer = brief.status === 'csm_review' ? 'csm' : 'ae';
  const [people, calendar] = await Promise.all([listActivePeople(tx, workspaceId), loadCalendar(tx, workspaceId)]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const candidates = reviewer === 'csm' ? [brief.csmId, facts.account.csmId] : [brief.aeId, facts.deal.ownerId];
  const ownerId = candidates.find((id): id is string => !!id && names.has(id));
  if (!ownerId) return { outcome: 'nobody', reviewer };
  const due = addBusinessDays(dateIn(input.now, calendar.timeZone), input.dueInBusinessDays, calendar);
  const title = `Review the handoff brief of ${facts.deal.name}`;
  const id = newId();
  const ids = await insertTasks(tx, [
    {
      id,
      workspace_id: workspaceId,
      // The deal's and the account's, not the delivery project's: the review is the handoff, not delivery work.
      project_id: null,
      opportunity_id: facts.deal.id,
      account_id: facts.account.id,
      template_key: 'handoff_review',
      group_name: reviewTaskGroup,
      title,
      description:
        reviewer === 'csm'
          ? 'The AE sent the handoff brief: accept it, or return it with what is missing.'
          : 'Check the handoff brief prepared from the deal, answer what is open, and send it to the CSM.',
      role: null,
      owner_id: ownerId,
      due_date: due,
      assignment: reviewer === 'csm' ? 'handoff_csm' : 'handoff_ae',
      origin_run_id: input.runId,
      origin_key: reviewTaskKey(brief.id, reviewer),
    },
  ]);
  if (ids.length === 0) return { outcome: 'exists', reviewer };
  await recordAudit(tx, workspaceId, input.actor, [
    { action: 'task.created', entityType: 'task', entityId: id, after: { title, ownerId, dueDate: due, runId: input.runId, from: 'handoff brief' } },
  ]);
  return { outcome: 'created', reviewer, task: { id, title, ownerName: names.get(ownerId)!, due } };
}

/**
 * The review tasks follow the brief: the reviewer who acted has done their review (`done`), and the one it goes back
 * to has theirs open again (`reopen`: a resubmitted brief, a returned one). Recorded in the audit log.
 */
export async function settleReviewTasks(
  tx: Tx,
  input: { workspaceId: string; briefId: string; actor: Actor; done?: Reviewer; reopen?: Reviewer },
): Promise<void> {
  const { workspaceId, briefId } = input;
  type Change = { task: CompletedTask; from: string; to: 'done' | 'todo' };
  const changes: Change[] = [];
  if (input.done) {
    const open = await lockTasksByOrigin(tx, workspaceId, [reviewTaskKey(briefId, input.done)], ['todo', 'in_progress', 'blocked']);
    changes.push(...open.map((task): Change => ({ task, from: task.status, to: 'done' })));
  }
  if (input.reopen) {
    const closed = await lockTasksByOrigin(tx, workspaceId, [reviewTaskKey(briefId, input.reopen)], ['done']);
    changes.push(...closed.map((task): Change => ({ task, from: task.status, to: 'todo' })));
  }
  for (const c of changes) await updateTaskRow(tx, workspaceId, c.task.id, { status: c.to });
  // Completed by the review, the task is completed as a person's click completes it: rules that follow up hear of it.
  for (const c of changes) if (c.to === 'done') await emitTaskCompleted(tx, { workspaceId, actor: input.actor }, c.task);
  if (changes.length)
    await recordAudit(
      tx,
      workspaceId,
      input.actor,
      changes.map((c) => ({
        action: c.to === 'done' ? 'task.completed' : 'task.updated',
        entityType: 'task',
        entityId: c.task.id,
        before: { status: c.from },
        after: { status: c.to, from: 'handoff brief' },
      })),
    );
}
