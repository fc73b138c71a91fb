// The rule dispatcher: turns an outbox event into rule runs (and timers), once per rule version and record.
// The workspace's rules, stages and calendar come from its cached set-up; the deal's facts are read once.
import { stageEventTypes } from '../domain/events.ts';
import { describeCondition, evaluate, type ConditionTrace } from '../domain/rules/conditions.ts';
import { actionKey, describeTrigger, matchRules, maxRuleDepth, runKey, type RuleEvent, type Trigger } from '../domain/rules/rules.ts';
import { addBusinessDays, dateIn, instantAt, type WorkCalendar } from '../domain/calendar.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { loadDealFacts } from '../adapters/db/deal-facts.repo.ts';
import type { OutboxEvent } from '../adapters/db/outbox.repo.ts';
import { findProjectFacts, findTaskFacts } from '../adapters/db/projects.repo.ts';
import { findLeadFacts } from '../adapters/db/leads.repo.ts';
import { decideTimer, insertRuns, insertTimer, lockDueTimers, type NewRun, type StoredRule } from '../adapters/db/rules.repo.ts';
import { workspaceConfig, type WorkspaceConfig } from '../adapters/db/workspace-config.repo.ts';

type EventLike = Pick<OutboxEvent, 'id' | 'type' | 'subjectType' | 'subjectId' | 'payload' | 'workspaceId'>;

/** The event as rules see it: the stage it moved into, the field and value it changed, its depth. */
export function toRuleEvent(event: EventLike, config: Pick<WorkspaceConfig, 'stages'>): RuleEvent {
  const p = event.payload;
  const ruleEvent: RuleEvent = {
    id: event.id,
    type: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    depth: typeof p.depth === 'number' ? p.depth : 0,
  };
  const stageId = (p.toStageId ?? p.stageId) as string | undefined;
  const stage = stageEventTypes.has(event.type) && stageId ? config.stages.get(stageId) : undefined;
  if (stage) ruleEvent.stage = { name: stage.name, category: stage.category };
  if (typeof p.outcome === 'string') ruleEvent.outcome = p.outcome;
  if (typeof p.field === 'string') {
    ruleEvent.field = p.field;
    ruleEvent.from = p.from;
    ruleEvent.to = p.to;
  }
  return ruleEvent;
}

export type Facts = Partial<DealFacts> & {
  event?: Record<string, unknown>;
  task?: Record<string, unknown>;
  project?: Record<string, unknown>;
  lead?: Record<string, unknown>;
};

/**
 * The facts about an event's record: the deal behind it (for deals, tasks and projects) and the record itself.
 * With `lock`, the deal's row is locked first (the lock order: deal, then brief, then project).
 */
export async function loadFacts(db: DbOrTx, workspaceId: string, subjectType: string, subjectId: string, options: { lock?: boolean } = {}): Promise<Facts> {
  if (subjectType === 'opportunity') return (await loadDealFacts(db, workspaceId, subjectId, options)) ?? {};
  if (subjectType === 'task') {
    const task = await findTaskFacts(db, workspaceId, subjectId);
    if (!task) return {};
    const deal = task.opportunityId ? await loadDealFacts(db, workspaceId, task.opportunityId, options) : undefined;
    return { ...(deal ?? {}), task };
  }
  if (subjectType === 'project') {
    const project = await findProjectFacts(db, workspaceId, subjectId);
    if (!project) return {};
    const deal = await loadDealFacts(db, workspaceId, project.opportunityId, options);
    return { ...(deal ?? {}), project };
  }
  if (subjectType === 'lead') {
    const lead = await findLeadFacts(db, workspaceId, subjectId);
    if (!lead) return {};
    // A converted lead's deal is known too.
    const deal = lead.opportunityId ? await loadDealFacts(db, workspaceId, lead.opportunityId, options) : undefined;
    return { ...(deal ?? {}), lead };
  }
  return {};
}

function eventFacts(e: RuleEvent): Record<string, unknown> {
  return { type: e.type, stage: e.stage?.name, stageCategory: e.stage?.category, field: e.field, from: e.from, to: e.to, outcome: e.outcome, depth: e.depth };
}

export function triggerLabel(e: RuleEvent, subjectName: string | undefined): string {
  const name = subjectName ? ` "${subjectName}"` : '';
  if (e.stage && stageEventTypes.has(e.type)) return `${e.type === 'deal.stage_changed' ? 'Stage changed' : e.type}: deal${name} moved to ${e.stage.name}`;
  if (e.field) return `${e.type}: ${e.field} of${name || ' the deal'} became ${JSON.stringify(e.to)}`;
  return `${e.type}${name ? ` on${name}` : ''}`;
}

function subjectName(facts: Facts): string | undefined {
  if (facts.lead && typeof facts.lead.title === 'string') return facts.lead.title;
  if (facts.task && typeof facts.task.title === 'string') return facts.task.title;
  if (facts.project && typeof facts.project.name === 'string') return facts.project.name;
  return facts.deal?.name;
}

/** The record's name as its event carries it (a deal's name, a task's title). */
function payloadName(payload: Record<string, unknown>): string | undefined {
  const name = payload.name ?? payload.title;
  return typeof name === 'string' ? name : undefined;
}

/** Whether an event could start a rule in its workspace (from the cached set-up; false needs no transaction). */
export async function mayStartRules(db: DbOrTx, event: Pick<OutboxEvent, 'workspaceId' | 'type'> & { configVersion?: number }): Promise<boolean> {
  const config = await workspaceConfig(db, event.workspaceId, event.configVersion);
  return candidateRules(config, event.type).length > 0;
}

/** The enabled rules waiting for an event, in list order (stage moves also count as deal.stage_changed). */
function candidateRules(config: WorkspaceConfig, type: string): StoredRule[] {
  const own = config.rulesByEvent.get(type) ?? [];
  if (!stageEventTypes.has(type) || type === 'deal.stage_changed') return own;
  return [...own, ...(config.rulesByEvent.get('deal.stage_changed') ?? [])];
}

export type Dispatched = { started: number; timers: Date[] };

/** Starts the runs an event causes, in the transaction that marks it delivered. Idempotent per rule version and record. */
export async function dispatchEvent(
  tx: Tx,
  event: EventLike & { configVersion?: number },
  now: Date,
  options: { debounceMs?: number } = {},
): Promise<Dispatched> {
  const config = await workspaceConfig(tx, event.workspaceId, event.configVersion);
  const ruleEvent = toRuleEvent(event, config);
  const matched = matchRules(ruleEvent, candidateRules(config, event.type));
  if (matched.length === 0) return { started: 0, timers: [] };
  // The record's facts are read only when a condition looks at them.
  const facts = matched.some((r) => r.trigger.type !== 'timer' && r.condition)
    ? await loadFacts(tx, event.workspaceId, event.subjectType, event.subjectId)
    : {};
  const withEvent = { ...facts, event: eventFacts(ruleEvent) };
  const name = subjectName(facts) ?? payloadName(event.payload);
  const runs: NewRun[] = [];
  const timers: Date[] = [];
  for (const rule of matched) {
    if (rule.trigger.type === 'timer') {
      const dueAt = timerDueAt(config.calendar, rule.trigger, now);
      const set = await insertTimer(tx, event.workspaceId, {
        ruleId: rule.id,
        ruleVersion: rule.version,
        timerKey: runKey(rule, ruleEvent, true),
        eventId: event.id,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        depth: ruleEvent.depth,
        dueAt,
      });
      if (set) timers.push(dueAt);
      continue;
    }
    const trace: ConditionTrace[] = [];
    if (!evaluate(rule.condition, withEvent, trace)) continue;
    runs.push(newRun(rule, ruleEvent, trace, triggerLabel(ruleEvent, name), false, now, options.debounceMs));
  }
  const started = await insertRuns(tx, event.workspaceId, runs);
  return { started: started.length, timers };
}

/** A debounced rule runs at most twice per record in a window this long (see rules' `repeat: 'debounce'`). */
export const defaultDebounceMs = 5_000;

function newRun(rule: StoredRule, e: RuleEvent, trace: ConditionTrace[], label: string, timer: boolean, now: Date, debounceMs = defaultDebounceMs): NewRun {
  // A debounced rule's first event in a window runs at once; the events after it in the window share one run at the
  // window's end, which sees everything they brought. (A window of 0 runs on every event.)
  if (rule.repeat === 'debounce' && debounceMs <= 0) return newRun({ ...rule, repeat: 'every_event' }, e, trace, label, timer, now);
  const window = rule.repeat === 'debounce' ? Math.floor(now.getTime() / debounceMs) : undefined;
  const key = window === undefined ? runKey(rule, e, timer) : `${runKey(rule, e, timer)}:window:${window}`;
  const steps = (k: string) => rule.actions.map((a) => ({ key: a.key, type: a.type, params: a.params, idempotencyKey: actionKey(k, a) }));
  const tooDeep = e.depth >= maxRuleDepth;
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    runKey: key,
    triggerEventId: e.id,
    triggerType: timer ? `timer:${e.type}` : e.type,
    triggerLabel: timer ? `${describeTrigger(rule.trigger)} (${label})` : label,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    depth: e.depth,
    conditions: trace,
    steps: steps(key),
    failWith: tooDeep
      ? `Stopped: ${e.depth} automated changes in a row led here (limit ${maxRuleDepth}). A rule's action probably changes the record that triggers it again; check the rules this chain went through.`
      : undefined,
    otherwise: window === undefined ? undefined : { runKey: `${key}:end`, startAt: new Date((window + 1) * debounceMs), steps: steps(`${key}:end`) },
  };
}

/** When a timer fires: N business days from today in the workspace calendar, at the given local hour (09:00 by default). */
export function timerDueAt(calendar: WorkCalendar, trigger: Extract<Trigger, { type: 'timer' }>, now: Date): Date {
  const day = addBusinessDays(dateIn(now, calendar.timeZone), trigger.businessDays, calendar);
  return instantAt(day, trigger.hour ?? 9, calendar.timeZone);
}

/** Decides the timers due at `now`: a run when the rule's condition still holds, else skipped with the reason. */
export async function fireDueTimers(tx: Tx, now: Date, limit = 50): Promise<number> {
  const timers = await lockDueTimers(tx, now, limit);
  for (const t of timers) {
    const config = await workspaceConfig(tx, t.workspace_id);
    const rule = config.rules.get(t.rule_id);
    if (!rule || !rule.enabled) {
      await decideTimer(tx, t.id, { status: 'skipped', reason: 'the rule is disabled', runId: null });
      continue;
    }
    if (rule.version !== t.rule_version || rule.trigger.type !== 'timer') {
      await decideTimer(tx, t.id, {
        status: 'skipped',
        reason: `the rule changed (v${t.rule_version} set the timer, v${rule.version} is current)`,
        runId: null,
      });
      continue;
    }
    const facts = await loadFacts(tx, t.workspace_id, t.subject_type, t.subject_id);
    const trace: ConditionTrace[] = [];
    const e: RuleEvent = { id: t.event_id ?? t.id, type: rule.trigger.event, subjectType: t.subject_type, subjectId: t.subject_id, depth: t.depth };
    if (!evaluate(rule.condition, { ...facts, event: eventFacts(e) }, trace)) {
      await decideTimer(tx, t.id, { status: 'skipped', reason: `condition no longer holds: ${describeCondition(rule.condition)}`, runId: null });
      continue;
    }
    const [started] = await insertRuns(tx, t.workspace_id, [newRun(rule, e, trace, triggerLabel(e, subjectName(facts)), true, now)]);
    await decideTimer(tx, t.id, { status: 'fired', reason: 'condition holds', runId: started?.id ?? null });
  }
  return timers.length;
}
