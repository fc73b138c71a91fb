import { http } from '../../../ui/http.ts';
import type { StageCategory } from '../../../../../src/domain/rules/rules.ts';
import type {
  Catalog,
  CatalogAction,
  CatalogField,
  FieldOption,
  CatalogTrigger,
  DryRunBody,
  DryRunResult,
  ParamSpec,
  Repeat,
  Rule,
  RuleChange,
  RuleDetail,
  RulesImported,
  RuleTimer,
  TraceEntry,
} from '../../../../../src/schemas/automation.ts';

export { describeTrigger, type ActionSpec, type Trigger } from '../../../../../src/domain/rules/rules.ts';
export type { Condition, ConditionTrace } from '../../../../../src/domain/rules/conditions.ts';
export type { CatalogField, DryRunResult, FieldOption, ParamSpec, Repeat, Rule, RuleDetail, RuleTimer };

export const stageCategories: StageCategory[] = ['open', 'won', 'lost'];

/** What PUT /api/rules/:id takes (POST takes a key as well); also an unsaved draft for a dry run. */
export type RuleInput = RuleChange;
export type ParamKind = ParamSpec['kind'];
export type ActionType = CatalogAction;
export type TriggerEvent = CatalogTrigger;
export type RuleCatalog = Catalog;
export type TraceLine = TraceEntry;

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

export const importRules = (yaml: string) => http.post<RulesImported>('/api/rules/import', { yaml });

/** Evaluates rules on a deal, "as if it were won now" unless `event` says otherwise; nothing is written. */
export const dryRun = (body: DryRunBody) => http.post<DryRunResult>('/api/rules/dry-run', body);

export const rulePath = (id: string) => `/rules/${encodeURIComponent(id)}`;

/** The trigger in words, with the event's name from the catalog in place of its key ("when deal won", not "when deal.won"). */
export function triggerWords(text: string, event: string, triggers: readonly TriggerEvent[] | undefined): string {
  const label = triggers?.find((t) => t.event === event)?.label;
  return label ? text.replace(event, label.charAt(0).toLowerCase() + label.slice(1)) : text;
}
