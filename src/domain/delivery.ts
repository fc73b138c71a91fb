// Delivery state computed from the work, never typed: a milestone is reached when its tasks are done, and a
// project's health (on track, at risk, off track) follows from overdue tasks, slipped milestones, first value and
// blocked tasks, with the reasons listed. Pure: today's date comes in as an argument.
import type { TaskStatus } from './project-plan.ts';

export type ProjectHealth = 'on_track' | 'at_risk' | 'off_track';

export type HealthReasonCode = 'overdue_tasks' | 'milestone_slipped' | 'first_value_missed' | 'first_value_overdue' | 'first_value_near' | 'blocked_tasks';
export type HealthReason = { code: HealthReasonCode; severity: 'at_risk' | 'off_track'; message: string };

export type DeliveryTask = { status: TaskStatus; dueDate: string | null };
export type DeliveryMilestone = { name: string; dueDate: string; reachedOn: string | null };
export type FirstValue = { due: string | null; reachedOn: string | null; missed: boolean };

/** Past this many days, a late task or milestone is not a risk any more but a project off track. */
export const offTrackDays = 7;
/** A first value due within this many days while work remains open puts the project at risk. */
export const firstValueWarningDays = 7;
/** This many overdue tasks at once put a project off track, however late each is. */
export const offTrackOverdueTasks = 3;

const isOpen = (status: TaskStatus) => status === 'todo' || status === 'in_progress' || status === 'blocked';
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A milestone's tasks all done (cancelled ones do not count against it; at least one done) reach it on the day the
 * last was completed; a reopened task un-reaches it. Returns the reached date, or null.
 */
export function milestoneReachedOn(tasks: readonly { status: TaskStatus; completedOn: string | null }[]): string | null {
  const counted = tasks.filter((t) => t.status !== 'cancelled');
  if (counted.length === 0 || counted.some((t) => t.status !== 'done')) return null;
  return counted.map((t) => t.completedOn ?? '').reduce((a, b) => (b > a ? b : a), '') || null;
}

/** A project's health on `today` and why: the worst of its reasons, on track when there is none. */
export function projectHealth(input: { today: string; tasks: readonly DeliveryTask[]; milestones: readonly DeliveryMilestone[]; firstValue: FirstValue }): {
  health: ProjectHealth;
  reasons: HealthReason[];
} {
  const { today } = input;
  const reasons: HealthReason[] = [];
  const open = input.tasks.filter((t) => isOpen(t.status));

  const overdue = open.filter((t) => t.dueDate !== null && t.dueDate < today);
  if (overdue.length > 0) {
    const latest = Math.max(...overdue.map((t) => days(t.dueDate!, today)));
    const off = overdue.length >= offTrackOverdueTasks || latest > offTrackDays;
    reasons.push({
      code: 'overdue_tasks',
      severity: off ? 'off_track' : 'at_risk',
      message: `${plural(overdue.length, 'task')} overdue, the latest by ${plural(latest, 'day')}`,
    });
  }

  for (const m of input.milestones) {
    if (m.reachedOn !== null || m.dueDate >= today) continue;
    const late = days(m.dueDate, today);
    reasons.push({
      code: 'milestone_slipped',
      severity: late > offTrackDays ? 'off_track' : 'at_risk',
      message: `Milestone "${m.name}" was due ${m.dueDate}, ${plural(late, 'day')} ago`,
    });
  }

  const fv = input.firstValue;
  if (fv.reachedOn === null) {
    if (fv.missed) reasons.push({ code: 'first_value_missed', severity: 'off_track', message: `First value was missed${fv.due ? ` (due ${fv.due})` : ''}` });
    else if (fv.due !== null && fv.due < today)
      reasons.push({ code: 'first_value_overdue', severity: 'off_track', message: `First value was due ${fv.due} and is not reached` });
    else if (fv.due !== null && days(today, fv.due) <= firstValueWarningDays && open.length > 0)
      reasons.push({
        code: 'first_value_near',
        severity: 'at_risk',
        message: `First value is due ${fv.due}, in ${plural(days(today, fv.due), 'day')}, with ${plural(open.length, 'task')} open`,
      });
  }

  const blocked = open.filter((t) => t.status === 'blocked').length;
  if (blocked > 0) reasons.push({ code: 'blocked_tasks', severity: 'at_risk', message: `${plural(blocked, 'task')} blocked` });

  const health: ProjectHealth = reasons.some((r) => r.severity === 'off_track') ? 'off_track' : reasons.length > 0 ? 'at_risk' : 'on_track';
  return { health, reasons };
}
