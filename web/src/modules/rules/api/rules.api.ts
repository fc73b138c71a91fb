import { http } from '../../../ui/http.ts';
import type { Condition } from '../../../../../src/domain/rules/conditions.ts';
import type { ActionSpec, StageCategory, Trigger } from '../../../../../src/domain/rules/rules.ts';
import type { TraceEntry } from '../../../../../src/schemas/automation.ts';

export { describeTrigger, type ActionSpec, type Trigger } from '../../../../../src/domain/rules/rules.ts';
export type { Condition, ConditionTrace } from '../../../../../src/domain/rules/conditions.ts';

export type Repeat = 'once' | 'every_event' | 'debounce';
export const stageCategories: StageCategory[] = ['open', 'won', 'lost'];

export type Rule = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  enabled: boolean;
  position: number;
  version: number;
  trigger: Trigger;
  condition: Condition | null;
  actions: ActionSpec[];
  repeat: Repeat;
  triggerText: string;
  lastRun: { id: string; status: string; createdAt: string } | null;
  updatedAt: string;
};

export type RuleTimer = {
  id: string;
  subject: { type: string; id: string; name: string; path: string | null };
  dueAt: string;
  status: 'waiting' | 'fired' | 'skipped';
  reason: string | null;
  runId: string | null;
  ruleVersion: number;
};

export type RuleDetail = Rule & { versions: { version: number; createdAt: string; createdBy: string }[]; timers: RuleTimer[] };

/** What POST /api/rules takes (PUT without the key); also an unsaved draft for a dry run. */
export type RuleInput = {
  name: string;
  description?: string | null;
  enabled?: boolean;
  trigger: Trigger;
  condition?: Condition;
  actions: ActionSpec[];
  repeat?: Repeat;
};

export type ParamKind = 'text' | 'longtext' | 'number' | 'select' | 'user' | 'role' | 'team_role' | 'template' | 'sequence' | 'json';
export type ParamSpec = { name: string; label: string; kind: ParamKind | string; required: boolean; options?: string[] };
export type ActionType = { type: string; label: string; description: string; params: ParamSpec[] };
export type TriggerEvent = { event: string; label: string; fields: string[] };
export type RuleCatalog = { triggers: TriggerEvent[]; actions: ActionType[] };

export type TraceLine = TraceEntry;

export type DryRunResult = {
  event: { type: string; label: string };
  results: {
    ruleId: string | null;
    name: string;
    matched: boolean;
    triggerMatched: boolean;
    conditionMet: boolean;
    /** Saved rules that are off are tried too, and say so. */
    enabled?: boolean;
    conditionTrace: TraceLine[];
    timer: { dueAt: string } | null;
    actions: { key: string; type: string; summary: string; details: string[] }[];
  }[];
};

export async function listRules(): Promise<Rule[]> {
  return (await http.get<{ items: Rule[] }>('/api/rules')).items;
}

export const getRule = (id: string) => http.get<RuleDetail>(`/api/rules/${encodeURIComponent(id)}`);

export const createRule = (input: RuleInput & { key: string }) => http.post<Rule>('/api/rules', input);

/** A new version when anything but enabled or position changed. */
export const saveRule = (id: string, input: RuleInput) => http.put<Rule>(`/api/rules/${encodeURIComponent(id)}`, input);

/** PUT carries the whole rule, so turning one on or off sends it back as it is. */
export const setRuleEnabled = (rule: Rule, enabled: boolean) => saveRule(rule.id, { ...ruleInputOf(rule), enabled });

export function ruleInputOf(rule: Rule): RuleInput {
  return {
    name: rule.name,
    ...(rule.description ? { description: rule.description } : {}),
    enabled: rule.enabled,
    trigger: rule.trigger,
    ...(rule.condition ? { condition: rule.condition } : {}),
    actions: rule.actions,
    repeat: rule.repeat,
  };
}

export const getCatalog = () => http.get<RuleCatalog>('/api/rules/catalog');

export const exportRules = () => http.text('/api/rules/export');

export const importRules = (yaml: string) => http.post<{ created: number; updated: number; rules: Rule[] }>('/api/rules/import', { yaml });

/** Evaluates rules on a deal, "as if it were won now" unless `event` says otherwise; nothing is written. */
export const dryRun = (body: { opportunityId: string; event?: string; ruleIds?: string[]; rules?: RuleInput[] }) =>
  http.post<DryRunResult>('/api/rules/dry-run', body);

export const rulePath = (id: string) => `/rules/${encodeURIComponent(id)}`;
