// A rule as the editor holds it: strings for what the user types (numbers, JSON), stable ids for React;
// converted to and from what the server takes. Pure: no React, no requests.
import type { FieldError } from '../../../ui/http.ts';
import type { ActionSpec, ActionType, CatalogField, Condition, Repeat, Rule, RuleInput, Trigger } from './rules.api.ts';
import { conditionDraftOf, conditionOf, type ConditionDraft } from './condition-draft.ts';

export type TriggerDraft = {
  type: Trigger['type'];
  event: string;
  toStage: string;
  toCategory: NonNullable<Trigger['toCategory']> | '';
  field: string;
  /** The value the field became: JSON when it parses (5, true), else the text as is. */
  to: string;
  businessDays: string;
  hour: string;
};

export type ActionDraft = {
  uid: string;
  key: string;
  type: string;
  /** The params edited as form fields (numbers already numbers). */
  params: Record<string, unknown>;
  /** Params of kind "json", as typed. */
  jsonParams: Record<string, string>;
  /** Edit all params as one JSON object instead of fields. */
  jsonMode: boolean;
  paramsText: string;
};

export type RuleDraft = {
  key: string;
  name: string;
  description: string;
  enabled: boolean;
  repeat: Repeat;
  trigger: TriggerDraft;
  /** pickers: the condition is `conditionRows`; json: it is the text of `condition` (the advanced view). */
  conditionMode: 'pickers' | 'json';
  conditionRows: ConditionDraft;
  condition: string;
  actions: ActionDraft[];
};

/** The key a name suggests: "Big win: tell finance" gives big-win-tell-finance. */
export function keyOf(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug && !/^[a-z]/.test(slug) ? `rule-${slug}` : slug;
}

let lastUid = 0;
const newUid = () => `a${++lastUid}`;

const text = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function actionDraft(action: ActionSpec, catalog: ActionType[] | undefined): ActionDraft {
  const spec = catalog?.find((a) => a.type === action.type);
  const jsonParams: Record<string, string> = {};
  for (const p of spec?.params ?? [])
    if (p.kind === 'json' && action.params[p.name] !== undefined) jsonParams[p.name] = JSON.stringify(action.params[p.name], null, 2);
  return {
    uid: newUid(),
    key: action.key,
    type: action.type,
    params: { ...action.params },
    jsonParams,
    // An action the catalog does not know can only be edited as JSON.
    jsonMode: Boolean(catalog && !spec),
    paramsText: JSON.stringify(action.params, null, 2),
  };
}

export function draftOf(rule: Rule, catalog: ActionType[] | undefined, fields: readonly CatalogField[] = []): RuleDraft {
  const t = rule.trigger;
  const rows = conditionDraftOf(rule.condition, fields);
  return {
    key: rule.key,
    name: rule.name,
    description: rule.description ?? '',
    enabled: rule.enabled,
    repeat: rule.repeat,
    trigger: {
      type: t.type,
      event: t.event,
      toStage: t.toStage ?? '',
      toCategory: t.toCategory ?? '',
      field: t.field ?? '',
      to: text(t.to),
      businessDays: t.type === 'timer' ? String(t.businessDays) : '',
      hour: t.type === 'timer' && t.hour !== undefined ? String(t.hour) : '',
    },
    // A condition the pickers cannot show (nesting, "some", "not") opens as JSON.
    conditionMode: rows ? 'pickers' : 'json',
    conditionRows: rows ?? { match: 'all', rows: [] },
    condition: rule.condition ? JSON.stringify(rule.condition, null, 2) : '',
    actions: rule.actions.map((a) => actionDraft(a, catalog)),
  };
}

export function emptyDraft(): RuleDraft {
  return {
    key: '',
    name: '',
    description: '',
    enabled: false,
    repeat: 'once',
    trigger: { type: 'event', event: 'deal.won', toStage: '', toCategory: '', field: '', to: '', businessDays: '', hour: '' },
    conditionMode: 'pickers',
    conditionRows: { match: 'all', rows: [] },
    condition: '',
    actions: [],
  };
}

export function newAction(draft: RuleDraft, type: string): ActionDraft {
  const taken = new Set(draft.actions.map((a) => a.key));
  let n = 1;
  while (taken.has(`${type || 'action'}_${n}`)) n++;
  return { uid: newUid(), key: `${type || 'action'}_${n}`, type, params: {}, jsonParams: {}, jsonMode: false, paramsText: '{}' };
}

function parseTo(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function triggerOf(t: TriggerDraft, issues: FieldError[]): Trigger {
  if (!t.event.trim()) issues.push({ path: '/trigger/event', message: 'choose the event that starts the rule' });
  const base = {
    event: t.event.trim(),
    ...(t.toStage.trim() ? { toStage: t.toStage.trim() } : {}),
    ...(t.toCategory ? { toCategory: t.toCategory } : {}),
    ...(t.field.trim() ? { field: t.field.trim() } : {}),
    ...(t.to.trim() ? { to: parseTo(t.to.trim()) } : {}),
  };
  if (t.type === 'event') return { type: 'event', ...base };
  const days = Number(t.businessDays.trim());
  if (!t.businessDays.trim() || !Number.isInteger(days) || days < 0)
    issues.push({ path: '/trigger/businessDays', message: 'must be a whole number of business days' });
  let hour: number | undefined;
  if (t.hour.trim()) {
    hour = Number(t.hour.trim());
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) issues.push({ path: '/trigger/hour', message: 'must be an hour from 0 to 23' });
  }
  return { type: 'timer', ...base, businessDays: Number.isInteger(days) ? days : 0, ...(hour !== undefined ? { hour } : {}) };
}

function paramsOf(action: ActionDraft, index: number, issues: FieldError[]): Record<string, unknown> {
  const path = `/actions/${index}/params`;
  if (action.jsonMode) {
    try {
      const parsed: unknown = action.paramsText.trim() ? JSON.parse(action.paramsText) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      issues.push({ path, message: 'must be a JSON object, like {"title": "Kick-off"}' });
    } catch (error) {
      issues.push({ path, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` });
    }
    return {};
  }
  const params = { ...action.params };
  for (const [name, value] of Object.entries(action.jsonParams)) {
    if (!value.trim()) {
      delete params[name];
      continue;
    }
    try {
      params[name] = JSON.parse(value);
    } catch (error) {
      issues.push({ path: `${path}/${name}`, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` });
    }
  }
  return params;
}

/** The rule to send, and what the browser can already tell is wrong, with paths like the server's (`/actions/0/params`). */
export function ruleInputOf(draft: RuleDraft, fields: readonly CatalogField[] = []): { input: RuleInput; issues: FieldError[] } {
  const issues: FieldError[] = [];
  if (!draft.name.trim()) issues.push({ path: '/name', message: 'enter a name' });
  let condition: Condition | undefined;
  if (draft.conditionMode === 'pickers') condition = conditionOf(draft.conditionRows, fields, issues);
  else if (draft.condition.trim()) {
    try {
      condition = JSON.parse(draft.condition) as Condition;
    } catch (error) {
      issues.push({ path: '/condition', message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` });
    }
  }
  const trigger = triggerOf(draft.trigger, issues);
  const actions = draft.actions.map((a, i) => {
    if (!a.type) issues.push({ path: `/actions/${i}/type`, message: 'choose what the action does' });
    if (!a.key.trim()) issues.push({ path: `/actions/${i}/key`, message: 'enter a key (it keeps the action’s identity across versions)' });
    return { key: a.key.trim(), type: a.type, params: paramsOf(a, i, issues) };
  });
  const input: RuleInput = {
    name: draft.name.trim(),
    description: draft.description.trim() || null,
    enabled: draft.enabled,
    trigger,
    ...(condition !== undefined ? { condition } : {}),
    actions,
    repeat: draft.repeat,
  };
  return { input, issues };
}

/** The parts of an error path: `body:/actions/0/params/title` and `actions[0].params.title` both give ['actions', '0', 'params', 'title']. */
export function pathParts(path: string): string[] {
  return path
    .replace(/^[a-z]+:/i, '')
    .split(/[/.[\]]+/)
    .filter(Boolean);
}

export function issuesUnder(issues: FieldError[], prefix: readonly string[]): FieldError[] {
  return issues.filter((i) => {
    const parts = pathParts(i.path);
    return prefix.every((p, n) => parts[n] === p);
  });
}
