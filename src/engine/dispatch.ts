// The rule dispatcher: turns an outbox event into rule runs (and timers), once per rule version and record.
import { describeCondition, evaluate, type ConditionTrace } from '../domain/rules/conditions.ts';
import { actionKey, describeTrigger, matchRules, maxRuleDepth, runKey, type RuleEvent, type StageCategory, type Trigger } from '../domain/rules/rules.ts';
import { addBusinessDays, dateIn, instantAt } from '../domain/calendar.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import type { OutboxEvent } from '../adapters/db/outbox.repo.ts';
import { decideTimer, findRule, insertRun, insertTimer, listRules, lockDueTimers, type StoredRule } from '../adapters/db/rules.repo.ts';
import { loadCalendar } from '../adapters/db/team.repo.ts';
import { loadDealFacts, type DealFacts } from '../adapters/db/deal-facts.repo.ts';

const stageEventTypes = new Set(['deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened']);

/** The event as rules see it: the stage it moved into, the field and value it changed, its depth. */
export async function toRuleEvent(
  db: DbOrTx,
  event: Pick<OutboxEvent, 'id' | 'type' | 'subjectType' | 'subjectId' | 'payload' | 'workspaceId'>,
): Promise<RuleEvent> {
  const p = event.payload;
  const ruleEvent: RuleEvent = {
    id: event.id,
    type: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    depth: typeof p.depth === 'number' ? p.depth : 0,
  };
  const stageId = (p.toStageId ?? p.stageId) as string | undefined;
  if (stageEventTypes.has(event.type) && stageId) {
    const stage = await db
      .selectFrom('stages')
      .select(['name', 'category'])
      .where('workspace_id', '=', event.workspaceId)
      .where('id', '=', stageId)
      .executeTakeFirst();
    if (stage) ruleEvent.stage = { name: stage.name, category: stage.category as StageCategory };
  }
  if (typeof p.field === 'string') {
    ruleEvent.field = p.field;
    ruleEvent.from = p.from;
    ruleEvent.to = p.to;
  }
  return ruleEvent;
}

export type Facts = Partial<DealFacts> & { event?: Record<string, unknown>; task?: Record<string, unknown>; project?: Record<string, unknown> };

/** The facts about an event's record: the deal behind it (for deals, tasks and projects) and the record itself. */
export async function loadFacts(db: DbOrTx, workspaceId: string, subjectType: string, subjectId: string): Promise<Facts> {
  if (subjectType === 'opportunity') return (await loadDealFacts(db, workspaceId, subjectId)) ?? {};
  if (subjectType === 'task') {
    const task = await db.selectFrom('tasks').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', subjectId).executeTakeFirst();
    if (!task) return {};
    const deal = task.opportunity_id ? await loadDealFacts(db, workspaceId, task.opportunity_id) : undefined;
    return {
      ...(deal ?? {}),
      task: {
        id: task.id,
        title: task.title,
        templateKey: task.template_key,
        status: task.status,
        role: task.role,
        ownerId: task.owner_id,
        dueDate: task.due_date,
      },
    };
  }
  if (subjectType === 'project') {
    const project = await db.selectFrom('projects').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', subjectId).executeTakeFirst();
    if (!project) return {};
    const deal = await loadDealFacts(db, workspaceId, project.opportunity_id);
    return { ...(deal ?? {}), project: { id: project.id, name: project.name, status: project.status, health: project.health, ownerId: project.owner_id } };
  }
  return {};
}

function eventFacts(e: RuleEvent): Record<string, unknown> {
  return { type: e.type, stage: e.stage?.name, stageCategory: e.stage?.category, field: e.field, from: e.from, to: e.to, depth: e.depth };
}

export function triggerLabel(e: RuleEvent, subjectName: string | undefined): string {
  const name = subjectName ? ` "${subjectName}"` : '';
  if (e.stage && stageEventTypes.has(e.type)) return `${e.type === 'deal.stage_changed' ? 'Stage changed' : e.type}: deal${name} moved to ${e.stage.name}`;
  if (e.field) return `${e.type}: ${e.field} of${name || ' the deal'} became ${JSON.stringify(e.to)}`;
  return `${e.type}${name ? ` on${name}` : ''}`;
}

function subjectName(facts: Facts): string | undefined {
  if (facts.task && typeof facts.task.title === 'string') return facts.task.title;
  if (facts.project && typeof facts.project.name === 'string') return facts.project.name;
  return facts.deal?.name;
}

/** Starts the runs an event causes, in the transaction that marks it delivered. Idempotent per rule version and record. */
export async function dispatchEvent(tx: Tx, event: OutboxEvent, now: Date): Promise<number> {
  const ruleEvent = await toRuleEvent(tx, event);
  const triggerEvents = stageEventTypes.has(event.type) ? [...new Set([event.type, 'deal.stage_changed'])] : [event.type];
  const candidates = await listRules(tx, event.workspaceId, { triggerEvents, enabledOnly: true });
  const matched = matchRules(ruleEvent, candidates);
  if (matched.length === 0) return 0;
  const facts = await loadFacts(tx, event.workspaceId, event.subjectType, event.subjectId);
  const withEvent = { ...facts, event: eventFacts(ruleEvent) };
  let started = 0;
  for (const rule of matched) {
    if (rule.trigger.type === 'timer') {
      const dueAt = await timerDueAt(tx, event.workspaceId, rule.trigger, now);
      await insertTimer(tx, event.workspaceId, {
        ruleId: rule.id,
        ruleVersion: rule.version,
        timerKey: runKey(rule, ruleEvent, true),
        eventId: event.id,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        depth: ruleEvent.depth,
        dueAt,
      });
      continue;
    }
    const trace: ConditionTrace[] = [];
    if (!evaluate(rule.condition, withEvent, trace)) continue;
    const id = await startRun(tx, event.workspaceId, rule, ruleEvent, trace, triggerLabel(ruleEvent, subjectName(facts)));
    if (id) started++;
  }
  return started;
}

async function startRun(
  tx: Tx,
  workspaceId: string,
  rule: StoredRule,
  e: RuleEvent,
  trace: ConditionTrace[],
  label: string,
  timer = false,
): Promise<string | null> {
  const key = runKey(rule, e, timer);
  const tooDeep = e.depth >= maxRuleDepth;
  return insertRun(tx, workspaceId, {
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
    steps: rule.actions.map((a) => ({ key: a.key, type: a.type, params: a.params, idempotencyKey: actionKey(key, a) })),
    failWith: tooDeep
      ? `Stopped: ${e.depth} automated changes in a row led here (limit ${maxRuleDepth}). A rule's action probably changes the record that triggers it again; check the rules this chain went through.`
      : undefined,
  });
}

/** When a timer fires: N business days from today in the workspace calendar, at the given local hour (09:00 by default). */
export async function timerDueAt(db: DbOrTx, workspaceId: string, trigger: Extract<Trigger, { type: 'timer' }>, now: Date): Promise<Date> {
  const calendar = await loadCalendar(db, workspaceId);
  const day = addBusinessDays(dateIn(now, calendar.timeZone), trigger.businessDays, calendar);
  return instantAt(day, trigger.hour ?? 9, calendar.timeZone);
}

/** Decides the timers due at `now`: a run when the rule's condition still holds, else skipped with the reason. */
export async function fireDueTimers(tx: Tx, now: Date, limit = 50): Promise<number> {
  const timers = await lockDueTimers(tx, now, limit);
  for (const t of timers) {
    const rule = await findRule(tx, t.workspace_id, t.rule_id);
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
    const runId = await startRun(tx, t.workspace_id, rule, { ...e, id: t.event_id ?? t.id }, trace, triggerLabel(e, subjectName(facts)), true);
    await decideTimer(tx, t.id, { status: 'fired', reason: 'condition holds', runId });
  }
  return timers.length;
}
