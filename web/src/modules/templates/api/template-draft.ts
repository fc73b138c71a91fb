// A template as the editor holds it: strings for what the user types (numbers, the condition's JSON), and
// stable ids for React; converted to and from the server's definition. Pure: no React, no requests.
import type { AssignmentStrategy } from '../../../../../src/schemas/settings.ts';
import type { Condition } from '../../../../../src/domain/rules/conditions.ts';
import type { FieldError } from '../../../ui/http.ts';
import type { DueRule, TaskTemplate, Template, TemplateDefinition, TemplateInput, UpsellMode } from './templates.api.ts';

export type DueDraft = { from: DueRule['from']; task: string; days: string };
export type TaskDraft = {
  uid: string;
  key: string;
  title: string;
  description: string;
  role: string;
  due: DueDraft;
  estimateHours: string;
  dependsOn: string[];
  assignment: AssignmentStrategy | '';
  /** The condition as JSON text; empty for "always". */
  condition: string;
};
export type MilestoneDraft = { uid: string; key: string; name: string; due: DueDraft };
export type GroupDraft = { uid: string; name: string; tasks: TaskDraft[] };
export type PhaseDraft = { uid: string; key: string; name: string; milestones: MilestoneDraft[]; groups: GroupDraft[] };
export type TemplateDraft = {
  key: string;
  name: string;
  description: string;
  dealType: string;
  upsellMode: UpsellMode;
  ownerRole: string;
  phases: PhaseDraft[];
};

let lastUid = 0;
export const newUid = () => `u${++lastUid}`;

const dueDraft = (due: DueRule | undefined): DueDraft =>
  due ? { from: due.from, task: due.from === 'task' ? due.task : '', days: String(due.days) } : { from: 'close_date', task: '', days: '0' };

const taskDraft = (t: TaskTemplate): TaskDraft => ({
  uid: newUid(),
  key: t.key,
  title: t.title,
  description: t.description ?? '',
  role: t.role,
  due: dueDraft(t.due),
  estimateHours: t.estimateHours === undefined || t.estimateHours === null ? '' : String(t.estimateHours),
  dependsOn: t.dependsOn ?? [],
  assignment: t.assignment ?? '',
  condition: t.condition ? JSON.stringify(t.condition, null, 2) : '',
});

export function draftOf(template: Template): TemplateDraft {
  return {
    key: template.key,
    name: template.name,
    description: template.description ?? '',
    dealType: template.dealType ?? '',
    upsellMode: template.upsellMode,
    ownerRole: template.definition.ownerRole ?? '',
    phases: template.definition.phases.map((p) => ({
      uid: newUid(),
      key: p.key,
      name: p.name,
      milestones: (p.milestones ?? []).map((m) => ({ uid: newUid(), key: m.key, name: m.name, due: dueDraft(m.due) })),
      groups: p.groups.map((g) => ({ uid: newUid(), name: g.name, tasks: g.tasks.map(taskDraft) })),
    })),
  };
}

/** Every task and milestone key in use, to pick a new one and to offer as "due after" and "depends on". */
export function keysOf(draft: TemplateDraft): { tasks: string[]; milestones: string[] } {
  const tasks: string[] = [];
  const milestones: string[] = [];
  for (const p of draft.phases) {
    for (const m of p.milestones) if (m.key.trim()) milestones.push(m.key.trim());
    for (const g of p.groups) for (const t of g.tasks) if (t.key.trim()) tasks.push(t.key.trim());
  }
  return { tasks, milestones };
}

function freeKey(prefix: string, used: Iterable<string>): string {
  const taken = new Set(used);
  let n = 1;
  while (taken.has(`${prefix}_${n}`)) n++;
  return `${prefix}_${n}`;
}

export function newTask(draft: TemplateDraft): TaskDraft {
  const { tasks, milestones } = keysOf(draft);
  return {
    uid: newUid(),
    key: freeKey('task', [...tasks, ...milestones]),
    title: '',
    description: '',
    role: '',
    due: { from: 'close_date', task: '', days: '5' },
    estimateHours: '',
    dependsOn: [],
    assignment: '',
    condition: '',
  };
}

export function newMilestone(draft: TemplateDraft): MilestoneDraft {
  const { tasks, milestones } = keysOf(draft);
  return { uid: newUid(), key: freeKey('milestone', [...tasks, ...milestones]), name: '', due: { from: 'close_date', task: '', days: '10' } };
}

export function newGroup(draft: TemplateDraft): GroupDraft {
  return { uid: newUid(), name: '', tasks: [newTask(draft)] };
}

export function newPhase(draft: TemplateDraft): PhaseDraft {
  return {
    uid: newUid(),
    key: freeKey(
      'phase',
      draft.phases.map((p) => p.key),
    ),
    name: '',
    milestones: [],
    groups: [newGroup(draft)],
  };
}

export function emptyDraft(): TemplateDraft {
  const draft: TemplateDraft = { key: '', name: '', description: '', dealType: '', upsellMode: 'new_project', ownerRole: '', phases: [] };
  return { ...draft, phases: [newPhase(draft)] };
}

/** Moves an item up (-1) or down (+1); out of range leaves the list as it is. */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

export const removeAt = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);
export const replaceAt = <T>(list: readonly T[], index: number, item: T): T[] => list.map((x, i) => (i === index ? item : x));

function wholeNumber(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) ? value : null;
}

function dueRule(due: DueDraft, path: string, issues: FieldError[]): DueRule {
  const days = wholeNumber(due.days);
  if (days === null) issues.push({ path: `${path}/days`, message: 'must be a whole number of business days' });
  if (due.from === 'task') {
    if (!due.task) issues.push({ path: `${path}/task`, message: 'choose the task or milestone it is due after' });
    return { from: 'task', task: due.task, days: days ?? 0 };
  }
  return { from: 'close_date', days: days ?? 0 };
}

/**
 * The definition to send, and what the browser can already tell is wrong (a condition that is not JSON, a
 * day count that is not a number), with the same paths the server uses (`/definition/phases/0/...`).
 */
export function definitionOf(draft: TemplateDraft): { definition: TemplateDefinition; issues: FieldError[] } {
  const issues: FieldError[] = [];
  const definition: TemplateDefinition = {
    ...(draft.ownerRole.trim() ? { ownerRole: draft.ownerRole.trim() } : {}),
    phases: draft.phases.map((p, pi) => {
      const phasePath = `/definition/phases/${pi}`;
      const milestones = p.milestones.map((m, mi) => ({
        key: m.key.trim(),
        name: m.name.trim(),
        due: dueRule(m.due, `${phasePath}/milestones/${mi}/due`, issues),
      }));
      return {
        key: p.key.trim(),
        name: p.name.trim(),
        ...(milestones.length > 0 ? { milestones } : {}),
        groups: p.groups.map((g, gi) => ({
          name: g.name.trim(),
          tasks: g.tasks.map((t, ti) => {
            const path = `${phasePath}/groups/${gi}/tasks/${ti}`;
            let condition: Condition | undefined;
            if (t.condition.trim()) {
              try {
                condition = JSON.parse(t.condition) as Condition;
              } catch (error) {
                issues.push({ path: `${path}/condition`, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` });
              }
            }
            let estimateHours: number | undefined;
            if (t.estimateHours.trim()) {
              const value = Number(t.estimateHours.trim());
              if (Number.isFinite(value) && value >= 0) estimateHours = value;
              else issues.push({ path: `${path}/estimateHours`, message: 'must be a number of hours' });
            }
            const task: TaskTemplate = {
              key: t.key.trim(),
              title: t.title.trim(),
              ...(t.description.trim() ? { description: t.description.trim() } : {}),
              role: t.role.trim(),
              due: dueRule(t.due, `${path}/due`, issues),
              ...(estimateHours !== undefined ? { estimateHours } : {}),
              ...(t.dependsOn.length > 0 ? { dependsOn: t.dependsOn } : {}),
              ...(condition !== undefined ? { condition } : {}),
              ...(t.assignment ? { assignment: t.assignment } : {}),
            };
            return task;
          }),
        })),
      };
    }),
  };
  return { definition, issues };
}

export function inputOf(draft: TemplateDraft, definition: TemplateDefinition): TemplateInput {
  return {
    name: draft.name.trim(),
    // null clears a description that was removed; leaving it out would keep the old one.
    description: draft.description.trim() || null,
    dealType: draft.dealType || null,
    upsellMode: draft.upsellMode,
    definition,
  };
}

/**
 * The parts of an error path, whichever way the server wrote it: `body:/definition/phases/0/groups/1/tasks/2/due/task`
 * or `phases[0].groups[1].tasks[2].due.task`. Without the leading `definition`.
 */
export function pathParts(path: string): string[] {
  const parts = path
    .replace(/^[a-z]+:/i, '')
    .split(/[/.[\]]+/)
    .filter(Boolean);
  return parts[0] === 'definition' ? parts.slice(1) : parts;
}

/** Whether an error path points inside the item at `prefix` (e.g. ['phases', '0', 'groups', '1', 'tasks', '2']). */
export function isUnder(path: string, prefix: readonly string[]): boolean {
  const parts = pathParts(path);
  return prefix.every((p, i) => parts[i] === p);
}

/** What is left of the path below `prefix`, for a message shown next to that item ("due.task is …"). */
export function restOf(path: string, prefix: readonly string[]): string {
  return pathParts(path).slice(prefix.length).join('.');
}

/** An error path in words: "Phase 1 (kickoff) › Group 2 › Task 3 (kickoff_call) › due.task". */
export function describePath(path: string, draft: TemplateDraft): string {
  const parts = pathParts(path);
  const words: string[] = [];
  let i = 0;
  const phase = parts[0] === 'phases' ? draft.phases[Number(parts[1])] : undefined;
  if (parts[0] === 'phases' && parts[1] !== undefined) {
    words.push(`Phase ${Number(parts[1]) + 1}${phase?.key ? ` (${phase.key})` : ''}`);
    i = 2;
    if (parts[2] === 'milestones' && parts[3] !== undefined) {
      const m = phase?.milestones[Number(parts[3])];
      words.push(`Milestone ${Number(parts[3]) + 1}${m?.key ? ` (${m.key})` : ''}`);
      i = 4;
    } else if (parts[2] === 'groups' && parts[3] !== undefined) {
      const g = phase?.groups[Number(parts[3])];
      words.push(`Group ${Number(parts[3]) + 1}${g?.name ? ` (${g.name})` : ''}`);
      i = 4;
      if (parts[4] === 'tasks' && parts[5] !== undefined) {
        const t = g?.tasks[Number(parts[5])];
        words.push(`Task ${Number(parts[5]) + 1}${t?.key ? ` (${t.key})` : ''}`);
        i = 6;
      }
    }
  }
  const rest = parts.slice(i).join('.');
  if (rest) words.push(rest);
  return words.join(' › ') || path;
}
