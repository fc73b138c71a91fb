// A project plan from a template and a deal: which tasks apply, their due dates in business days, their order.
import { addBusinessDays, type WorkCalendar } from './calendar.ts';
import type { AssignmentStrategy } from './assignment.ts';
import { checkCondition, describeCondition, evaluate, type Condition } from './rules/conditions.ts';

export const taskStatuses = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const projectStatuses = ['planned', 'active', 'on_hold', 'done', 'cancelled'] as const;
export const projectHealths = ['on_track', 'at_risk', 'off_track'] as const;

/** Due `days` business days after the close date, or after another task's (or milestone's) due date. */
export type DueRule = { from: 'close_date'; days: number } | { from: 'task'; task: string; days: number };

export type TaskTemplate = {
  key: string;
  title: string;
  description?: string | undefined;
  /** A delivery role of the team roster, e.g. "project_lead". */
  role: string;
  due: DueRule;
  estimateHours?: number | undefined;
  dependsOn?: string[] | undefined;
  /** The task is only planned when the deal matches (deal type, complexity, amount, custom field). */
  condition?: Condition | undefined;
  /** Overrides the role's assignment strategy for this task. */
  assignment?: AssignmentStrategy | undefined;
};

export type MilestoneTemplate = { key: string; name: string; due: DueRule };
export type TaskGroupTemplate = { name: string; tasks: TaskTemplate[] };
export type PhaseTemplate = { key: string; name: string; milestones?: MilestoneTemplate[] | undefined; groups: TaskGroupTemplate[] };

export type TemplateDefinition = {
  /** The delivery role that owns the project (the PM). */
  ownerRole?: string | undefined;
  phases: PhaseTemplate[];
};

export type PlannedTask = {
  key: string;
  phaseKey: string;
  group: string;
  title: string;
  description: string | null;
  role: string;
  dueDate: string;
  estimateHours: number | null;
  dependsOn: string[];
  assignment: AssignmentStrategy | undefined;
  position: number;
};

export type PlannedMilestone = { key: string; phaseKey: string; name: string; dueDate: string };
export type PlannedPhase = { key: string; name: string; position: number };

export type ProjectPlan = {
  phases: PlannedPhase[];
  milestones: PlannedMilestone[];
  tasks: PlannedTask[];
  /** Tasks whose condition did not match the deal, with the condition in words. */
  skipped: { key: string; title: string; condition: string }[];
  startDate: string;
  endDate: string;
};

export type PlanIssue = { path: string; message: string };

type Node = { key: string; due: DueRule; path: string };

function nodesOf(definition: TemplateDefinition): Node[] {
  const nodes: Node[] = [];
  definition.phases.forEach((phase, p) => {
    (phase.milestones ?? []).forEach((m, i) => nodes.push({ key: m.key, due: m.due, path: `phases[${p}].milestones[${i}]` }));
    phase.groups.forEach((group, g) => group.tasks.forEach((t, i) => nodes.push({ key: t.key, due: t.due, path: `phases[${p}].groups[${g}].tasks[${i}]` })));
  });
  return nodes;
}

/**
 * Where a template names one of `salesRoles` (sales roles of the roster): project tasks and the project owner are
 * delivery work, so each such place is an issue. A role the roster does not know is left to planning, which flags it.
 */
export function salesRoleIssues(definition: TemplateDefinition, salesRoles: ReadonlySet<string>): PlanIssue[] {
  const why = (role: string) => `"${role}" is a sales role; project tasks are delivery work, so use a delivery role`;
  const issues: PlanIssue[] = [];
  if (definition.ownerRole && salesRoles.has(definition.ownerRole)) issues.push({ path: 'ownerRole', message: why(definition.ownerRole) });
  definition.phases.forEach((phase, p) =>
    phase.groups.forEach((group, g) =>
      group.tasks.forEach((t, i) => {
        if (salesRoles.has(t.role)) issues.push({ path: `phases[${p}].groups[${g}].tasks[${i}].role`, message: why(t.role) });
      }),
    ),
  );
  return issues;
}

/** Everything wrong with a template: duplicate keys, unknown references, cycles, bad conditions. Empty when usable. */
export function checkTemplate(definition: TemplateDefinition): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (definition.phases.length === 0) issues.push({ path: 'phases', message: 'a template needs at least one phase' });
  const phaseKeys = new Set<string>();
  definition.phases.forEach((phase, p) => {
    if (phaseKeys.has(phase.key)) issues.push({ path: `phases[${p}].key`, message: `phase key "${phase.key}" is used twice` });
    phaseKeys.add(phase.key);
  });
  const nodes = nodesOf(definition);
  const byKey = new Map<string, Node>();
  for (const node of nodes) {
    if (byKey.has(node.key)) issues.push({ path: `${node.path}.key`, message: `key "${node.key}" is used twice` });
    byKey.set(node.key, node);
  }
  const taskKeys = new Set<string>();
  definition.phases.forEach((phase) => phase.groups.forEach((g) => g.tasks.forEach((t) => taskKeys.add(t.key))));
  for (const node of nodes) {
    if (node.due.from === 'task' && !byKey.has(node.due.task))
      issues.push({ path: `${node.path}.due.task`, message: `no task or milestone "${node.due.task}" in this template` });
  }
  definition.phases.forEach((phase, p) =>
    phase.groups.forEach((group, g) =>
      group.tasks.forEach((task, i) => {
        const path = `phases[${p}].groups[${g}].tasks[${i}]`;
        (task.dependsOn ?? []).forEach((dep, d) => {
          if (!taskKeys.has(dep)) issues.push({ path: `${path}.dependsOn[${d}]`, message: `no task "${dep}" in this template` });
          if (dep === task.key) issues.push({ path: `${path}.dependsOn[${d}]`, message: 'a task cannot depend on itself' });
        });
        issues.push(...checkCondition(task.condition, `${path}.condition`));
      }),
    ),
  );
  // Due dates chained through other tasks must not loop.
  for (const node of nodes) {
    const seen = new Set<string>([node.key]);
    let current: Node | undefined = node;
    while (current && current.due.from === 'task') {
      const next = byKey.get(current.due.task);
      if (!next) break;
      if (seen.has(next.key)) {
        issues.push({ path: `${node.path}.due`, message: `due dates loop: ${[...seen, next.key].join(' -> ')}` });
        break;
      }
      seen.add(next.key);
      current = next;
    }
  }
  return dedupe(issues);
}

function dedupe(issues: PlanIssue[]): PlanIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Plans a project: keeps the tasks whose condition matches the deal facts, dates everything in
 * business days from `startDate` (the close date) on the workspace calendar. The template must pass checkTemplate.
 */
export function planProject(definition: TemplateDefinition, facts: unknown, startDate: string, calendar: WorkCalendar): ProjectPlan {
  const nodes = new Map(nodesOf(definition).map((n) => [n.key, n]));
  const dates = new Map<string, string>();
  const dueOf = (key: string, depth = 0): string => {
    const known = dates.get(key);
    if (known) return known;
    const node = nodes.get(key);
    if (!node || depth > nodes.size) throw new RangeError(`cannot date "${key}"`);
    const base = node.due.from === 'close_date' ? startDate : dueOf(node.due.task, depth + 1);
    const date = addBusinessDays(base, node.due.days, calendar);
    dates.set(key, date);
    return date;
  };

  const phases: PlannedPhase[] = [];
  const milestones: PlannedMilestone[] = [];
  const tasks: PlannedTask[] = [];
  const skipped: ProjectPlan['skipped'] = [];
  definition.phases.forEach((phase, p) => {
    phases.push({ key: phase.key, name: phase.name, position: p + 1 });
    for (const m of phase.milestones ?? []) milestones.push({ key: m.key, phaseKey: phase.key, name: m.name, dueDate: dueOf(m.key) });
    for (const group of phase.groups) {
      for (const t of group.tasks) {
        if (!evaluate(t.condition, facts)) {
          skipped.push({ key: t.key, title: t.title, condition: describeCondition(t.condition) });
          continue;
        }
        tasks.push({
          key: t.key,
          phaseKey: phase.key,
          group: group.name,
          title: t.title,
          description: t.description ?? null,
          role: t.role,
          dueDate: dueOf(t.key),
          estimateHours: t.estimateHours ?? null,
          dependsOn: t.dependsOn ?? [],
          assignment: t.assignment,
          position: tasks.length + 1,
        });
      }
    }
  });
  // A dependency on a task this deal does not get is dropped rather than left dangling.
  const planned = new Set(tasks.map((t) => t.key));
  for (const t of tasks) t.dependsOn = t.dependsOn.filter((d) => planned.has(d));
  const all = [...tasks.map((t) => t.dueDate), ...milestones.map((m) => m.dueDate)];
  const endDate = all.reduce((max, d) => (d > max ? d : max), addBusinessDays(startDate, 0, calendar));
  return { phases, milestones, tasks, skipped, startDate, endDate };
}
