// The dry run: what would the rules do if this deal were won now (or another event happened), written nowhere.
import type { ConditionTrace } from '../domain/rules/conditions.ts';
import { evaluate } from '../domain/rules/conditions.ts';
import { isActionType, type ActionParams, type ActionType } from '../domain/rules/actions.ts';
import { triggerMatches, type RuleDefinition, type RuleEvent, type StageCategory } from '../domain/rules/rules.ts';
import { dateIn } from '../domain/calendar.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Db, DbOrTx } from '../adapters/db/database.ts';
import { loadDealFacts } from '../adapters/db/deal-facts.repo.ts';
import { listRules } from '../adapters/db/rules.repo.ts';
import { listStages } from '../adapters/db/pipelines.repo.ts';
import { workspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import type { Deps } from '../flows/deps.ts';
import { checkRule, toDefinition, type RuleInput } from '../flows/rules.flow.ts';
import { actionHandlers, type ActionContext, type ActionHandlers, type ActionPreview } from './actions/index.ts';
import { timerDueAt, triggerLabel } from './dispatch.ts';

/** A handler's preview, with its params as the catalog types them (they were checked when the rule was saved). */
function previewAction<T extends ActionType>(
  handlers: ActionHandlers,
  type: T,
  db: DbOrTx,
  ctx: ActionContext,
  params: Record<string, unknown>,
): Promise<ActionPreview> {
  return (handlers[type] as ActionHandlers[T]).preview(db, ctx, params as ActionParams<T>);
}

export type DryRunResult = {
  event: { type: string; label: string };
  results: {
    ruleId: string | null;
    name: string;
    matched: boolean;
    triggerMatched: boolean;
    conditionMet: boolean;
    enabled: boolean;
    conditionTrace: ConditionTrace[];
    timer: { dueAt: string } | null;
    actions: { key: string; type: string; summary: string; details: string[] }[];
  }[];
};

/** "What would these rules do if this deal were won now" (or another event): nothing is written. */
export async function dryRun(
  deps: Pick<Deps, 'db' | 'now' | 'llm'> & { log?: Deps['log'] },
  workspaceId: string,
  input: { opportunityId: string; event?: string | undefined; toStage?: string | undefined; ruleIds?: string[] | undefined; rules?: RuleInput[] | undefined },
): Promise<DryRunResult> {
  const db: Db = deps.db;
  const facts = await loadDealFacts(db, workspaceId, input.opportunityId);
  if (!facts) throw notFound('opportunity.not_found', 'Opportunity');
  const config = await workspaceConfig(db, workspaceId, facts.workspace.configVersion);
  const type = input.event ?? 'deal.won';
  const now = deps.now();
  const today = dateIn(now, facts.workspace.timeZone);
  const ruleEvent: RuleEvent = { id: 'dry-run', type, subjectType: 'opportunity', subjectId: facts.deal.id, depth: 0 };
  // "As if": the deal moves into the stage the event names, with today's close date for a win.
  const stageCategory: StageCategory | undefined = type === 'deal.won' ? 'won' : type === 'deal.lost' ? 'lost' : undefined;
  if (stageCategory || input.toStage) {
    const stages = await listStages(db, workspaceId, facts.deal.pipelineId);
    const stage = input.toStage ? stages.find((s) => s.name.toLowerCase() === input.toStage!.toLowerCase()) : stages.find((s) => s.category === stageCategory);
    if (input.toStage && !stage) throw invalid([{ path: 'body:/toStage', message: `no stage "${input.toStage}" in the deal's pipeline` }]);
    if (stage) {
      ruleEvent.stage = { name: stage.name, category: stage.category as StageCategory };
      facts.deal.stage = stage.name;
      facts.deal.stageCategory = stage.category;
    }
  }
  if (type === 'deal.won' || type === 'deal.lost') {
    // As winDeal does: marking it now makes today the close date.
    facts.deal.closeDate = today;
    if (type === 'deal.won') facts.account.status = 'active';
  }
  let rules: { id: string | null; name: string; enabled: boolean; definition: RuleDefinition }[];
  if (input.rules) {
    const issues = input.rules.flatMap((r, i) => checkRule(r, `body:/rules/${i}`));
    if (issues.length) throw invalid(issues);
    rules = input.rules.map((r) => ({ id: null, name: r.name, enabled: r.enabled ?? true, definition: toDefinition(r) }));
  } else {
    const stored = await listRules(db, workspaceId);
    rules = stored
      .filter((r) => !input.ruleIds || input.ruleIds.includes(r.id))
      .map((r) => ({ id: r.id, name: r.name, enabled: r.enabled, definition: { ...r, description: r.description } }));
  }
  const handlers = actionHandlers({ outside: deps.llm && deps.log ? { extractor: deps.llm, db: deps.db, log: deps.log } : undefined });
  const withEvent = { ...facts, event: { type, stage: ruleEvent.stage?.name, stageCategory: ruleEvent.stage?.category, depth: 0 } };
  const results: DryRunResult['results'] = [];
  for (const rule of rules) {
    const triggerMatched = triggerMatches(rule.definition.trigger, ruleEvent);
    const trace: ConditionTrace[] = [];
    const conditionMet = evaluate(rule.definition.condition, withEvent, trace);
    // A timer is set whatever the condition says now; its condition is checked when it fires.
    const isTimer = rule.definition.trigger.type === 'timer';
    const matched = rule.enabled && triggerMatched && (isTimer || conditionMet);
    const timer =
      triggerMatched && rule.definition.trigger.type === 'timer' ? { dueAt: timerDueAt(config.calendar, rule.definition.trigger, now).toISOString() } : null;
    const actions: DryRunResult['results'][number]['actions'] = [];
    if (triggerMatched) {
      const ctx: ActionContext = {
        workspaceId,
        run: {
          id: 'dry-run',
          ruleId: rule.id ?? 'draft',
          ruleName: rule.name,
          ruleVersion: 0,
          depth: 0,
          triggerEventId: null,
          subjectType: 'opportunity',
          subjectId: facts.deal.id,
        },
        actor: { type: 'automation', id: null, label: `rule: ${rule.name} (dry run)` },
        key: 'dry-run',
        now,
        facts,
      };
      for (const a of rule.definition.actions) {
        try {
          const preview = isActionType(a.type)
            ? await previewAction(handlers, a.type, db, ctx, a.params)
            : { summary: `Unknown action type "${a.type}"`, details: [] };
          actions.push({ key: a.key, type: a.type, ...preview });
        } catch (error) {
          actions.push({ key: a.key, type: a.type, summary: `Would fail: ${error instanceof Error ? error.message : String(error)}`, details: [] });
        }
      }
    }
    results.push({ ruleId: rule.id, name: rule.name, matched, triggerMatched, conditionMet, enabled: rule.enabled, conditionTrace: trace, timer, actions });
  }
  return { event: { type, label: triggerLabel(ruleEvent, facts.deal.name) }, results };
}
