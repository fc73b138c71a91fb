// Delivery state computed, not typed: milestones reached when their tasks are done, project health with its reasons,
// first value recorded missed once its date passes. Runs in the transaction of the change that causes it.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { milestoneReachedOn, projectHealth, type HealthReason } from '../domain/delivery.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Db, Tx } from '../adapters/db/database.ts';
import {
  findDealProjectId,
  findDeliveryFacts,
  lockFirstValuesPastDue,
  lockProjectsToRecheck,
  setMilestoneReached,
  setProjectHealth,
} from '../adapters/db/delivery.repo.ts';
import { setFirstValueMissed } from '../adapters/db/briefs.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { findWorkspaceTimeZone } from '../adapters/db/workspaces.repo.ts';
import { emitHandoffEvent } from './brief.flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

const sweeper: Actor = { type: 'system', id: null, label: 'delivery sweep' };

const sameReasons = (a: unknown[], b: HealthReason[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Recomputes a project's milestones and health from its tasks, milestones and first value, in the caller's
 * transaction; every change is audited and announced (milestone.reached, milestone.reopened, project.health_changed).
 */
export async function refreshDelivery(tx: Tx, ctx: Ctx, projectId: string, now: Date): Promise<void> {
  const facts = await findDeliveryFacts(tx, ctx.workspaceId, projectId);
  if (!facts) return;
  const timeZone = await findWorkspaceTimeZone(tx, ctx.workspaceId);
  const today = dateIn(now, timeZone);
  const depth = eventDepth(ctx.actor);

  const milestones = [];
  for (const m of facts.milestones) {
    const tasks = facts.tasks.filter((t) => t.phaseId === m.phaseId);
    const reachedOn = milestoneReachedOn(tasks.map((t) => ({ status: t.status, completedOn: t.completedAt ? dateIn(t.completedAt, timeZone) : null })));
    if (reachedOn && !m.reachedAt) {
      const at = tasks.map((t) => t.completedAt).reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null) ?? now;
      await setMilestoneReached(tx, ctx.workspaceId, m.id, at);
      await recordAudit(tx, ctx.workspaceId, ctx.actor, [
        { action: 'milestone.reached', entityType: 'milestone', entityId: m.id, after: { projectId, reachedOn } },
      ]);
      await enqueueEvent(tx, ctx.workspaceId, {
        type: 'milestone.reached',
        subjectType: 'project',
        subjectId: projectId,
        idempotencyKey: `milestone.reached:${m.id}:${at.toISOString()}`,
        payload: { projectId, milestoneId: m.id, name: m.name, dueDate: m.dueDate, reachedOn, depth },
      });
      milestones.push({ name: m.name, dueDate: m.dueDate, reachedOn });
    } else if (!reachedOn && m.reachedAt) {
      await setMilestoneReached(tx, ctx.workspaceId, m.id, null);
      await recordAudit(tx, ctx.workspaceId, ctx.actor, [
        { action: 'milestone.reopened', entityType: 'milestone', entityId: m.id, before: { reachedAt: m.reachedAt.toISOString() }, after: { projectId } },
      ]);
      await enqueueEvent(tx, ctx.workspaceId, {
        type: 'milestone.reopened',
        subjectType: 'project',
        subjectId: projectId,
        idempotencyKey: `milestone.reopened:${m.id}:${m.reachedAt.toISOString()}`,
        payload: { projectId, milestoneId: m.id, name: m.name, depth },
      });
      milestones.push({ name: m.name, dueDate: m.dueDate, reachedOn: null });
    } else {
      milestones.push({ name: m.name, dueDate: m.dueDate, reachedOn: m.reachedAt ? dateIn(m.reachedAt, timeZone) : null });
    }
  }

  const fv = facts.firstValue;
  const { health, reasons } = projectHealth({
    today,
    tasks: facts.tasks,
    milestones,
    firstValue: { due: fv?.due ?? null, reachedOn: fv?.reachedOn ?? null, missed: !!fv?.missedAt },
  });
  const changed = health !== facts.project.health || !sameReasons(facts.project.healthReasons, reasons);
  await setProjectHealth(tx, ctx.workspaceId, projectId, { health, reasons: changed ? reasons : undefined, checkedOn: today });
  if (health === facts.project.health) return;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'project.health_changed', entityType: 'project', entityId: projectId, before: { health: facts.project.health }, after: { health, reasons } },
  ]);
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'project.health_changed',
    subjectType: 'project',
    subjectId: projectId,
    idempotencyKey: `project.health_changed:${projectId}:${facts.project.health}>${health}:${now.toISOString()}`,
    payload: { projectId, opportunityId: facts.project.opportunityId, from: facts.project.health, to: health, reasons: reasons.map((r) => r.message), depth },
  });
}

/**
 * The delivery sweep, driven by the rule runner's clock: records first value missed once its date has passed
 * (once per brief: the recorded miss takes it out of what the sweep finds), and recomputes the health of live
 * projects not computed yet today. Returns how many briefs and projects it worked.
 */
export async function sweepDelivery(db: Db, now: Date, limit = 100): Promise<number> {
  let worked = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await lockFirstValuesPastDue(tx, now, limit);
      for (const b of due) {
        const ctx = { workspaceId: b.workspace_id, actor: sweeper };
        await setFirstValueMissed(tx, b.workspace_id, b.id);
        await emitHandoffEvent(tx, b.workspace_id, { id: b.id, opportunityId: b.opportunity_id }, 'first_value.missed', sweeper, {
          reason: `not reached by ${b.first_value_due}`,
          due: b.first_value_due!,
        });
        await recordAudit(tx, b.workspace_id, sweeper, [
          { action: 'brief.first_value_recorded', entityType: 'handoff_brief', entityId: b.id, after: { missed: `not reached by ${b.first_value_due}` } },
        ]);
        const projectId = await findDealProjectId(tx, b.workspace_id, b.opportunity_id);
        if (projectId) await refreshDelivery(tx, ctx, projectId, now);
      }
      return due.length;
    });
    worked += n;
    if (n < limit) break;
  }
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await lockProjectsToRecheck(tx, now, limit);
      for (const p of due) await refreshDelivery(tx, { workspaceId: p.workspace_id, actor: sweeper }, p.id, now);
      return due.length;
    });
    worked += n;
    if (n < limit) break;
  }
  return worked;
}
