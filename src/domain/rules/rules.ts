// Rules as data: a trigger (a record event or a timer after one), a condition, and ordered actions.
import type { Condition } from './conditions.ts';

export type StageCategory = 'open' | 'won' | 'lost';

/** Matches a record event. For deal.stage_changed, `toStage`/`toCategory` match on the new stage. */
export type EventTrigger = {
  type: 'event';
  event: string;
  toStage?: string | undefined;
  toCategory?: StageCategory | undefined;
  /** For deal.field_changed: which field, and optionally the value it became. */
  field?: string | undefined;
  to?: unknown;
};

/** Fires `businessDays` after a matching event, at `hour` o'clock in the workspace time zone, if the condition still holds. */
export type TimerTrigger = Omit<EventTrigger, 'type'> & { type: 'timer'; businessDays: number; hour?: number | undefined };

export type Trigger = EventTrigger | TimerTrigger;

/** One action of a rule. `key` is stable within the rule and part of the action's idempotency key. */
export type ActionSpec = { key: string; type: string; params: Record<string, unknown> };

export const repeats = ['once', 'every_event', 'debounce'] as const;
export type Repeat = (typeof repeats)[number];

export type RuleDefinition = {
  name: string;
  description?: string | null | undefined;
  trigger: Trigger;
  condition?: Condition | undefined;
  actions: ActionSpec[];
  /**
   * once: a rule version runs at most once per record (the default); every_event: once per triggering event;
   * debounce: once per record and few seconds, when they are over (for refreshes that many events ask for).
   */
  repeat?: Repeat | undefined;
};

export type Rule = RuleDefinition & { id: string; version: number; enabled: boolean; position: number };

/** An outbox event as the rules see it. */
export type RuleEvent = {
  id: string;
  type: string;
  subjectType: string;
  subjectId: string;
  /** The stage the record moved into, for stage changes, wins, losses and reopenings. */
  stage?: { name: string; category: StageCategory } | undefined;
  field?: string | undefined;
  from?: unknown;
  to?: unknown;
  /** An approval's outcome (approval.decided): approved or rejected. */
  outcome?: string | undefined;
  /** How many automated changes led to this event (0 for a person's change). */
  depth: number;
};

/** Events that move a deal into a stage also count as deal.stage_changed. */
const stageEvents = new Set(['deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened']);

function sameText(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a trigger matches an event, on the new value ("stage becomes Won"), not just "something changed". */
export function triggerMatches(trigger: Trigger, event: RuleEvent): boolean {
  const typeMatches = trigger.event === event.type || (trigger.event === 'deal.stage_changed' && stageEvents.has(event.type));
  if (!typeMatches) return false;
  if (trigger.toStage !== undefined && !(event.stage && sameText(event.stage.name, trigger.toStage))) return false;
  if (trigger.toCategory !== undefined && event.stage?.category !== trigger.toCategory) return false;
  if (trigger.field !== undefined && event.field !== trigger.field) return false;
  if (trigger.to !== undefined && !sameText(event.to, trigger.to)) return false;
  return true;
}

/** The enabled rules an event starts, in their list order. */
export function matchRules<R extends Pick<Rule, 'enabled' | 'trigger' | 'position'>>(event: RuleEvent, rules: readonly R[]): R[] {
  return rules.filter((r) => r.enabled && triggerMatches(r.trigger, event)).sort((a, b) => a.position - b.position);
}

/** The idempotency key of a run: one per rule version and record, or per event for every_event rules. */
export function runKey(rule: Pick<Rule, 'id' | 'version' | 'repeat'>, event: Pick<RuleEvent, 'id' | 'subjectType' | 'subjectId'>, timer = false): string {
  const base = `rule:${rule.id}@${rule.version}:${event.subjectType}:${event.subjectId}${timer ? ':timer' : ''}`;
  return rule.repeat === 'every_event' ? `${base}:event:${event.id}` : base;
}

/** The idempotency key of one action of a run. */
export function actionKey(runKeyValue: string, action: Pick<ActionSpec, 'key'>): string {
  return `${runKeyValue}:action:${action.key}`;
}

/** Automated changes may cause events that start rules again; past this depth a run stops with an error. */
export const maxRuleDepth = 5;

/** A trigger in words, for lists and run pages. */
export function describeTrigger(trigger: Trigger): string {
  let text = trigger.event === 'deal.stage_changed' ? 'deal stage changes' : `${trigger.event}`;
  if (trigger.toStage) text = `deal stage becomes ${trigger.toStage}`;
  else if (trigger.toCategory) text = `deal stage becomes ${trigger.toCategory}`;
  if (trigger.field) text += ` (${trigger.field}${trigger.to !== undefined ? ` becomes ${JSON.stringify(trigger.to)}` : ''})`;
  if (trigger.type === 'timer') return `${trigger.businessDays} business day${trigger.businessDays === 1 ? '' : 's'} after ${text}`;
  return `when ${text}`;
}
