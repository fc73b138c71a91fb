// The cost of evaluating many rules against one event: the pure matching and conditions (domain/rules), and the
// dispatcher (engine/dispatch.ts dispatchEvent) in a transaction that is rolled back, each beside the same
// measurement in a workspace with only the handoff's 3 rules.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Database, Db, Tx } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { workspaceConfig } from '../src/adapters/db/workspace-config.repo.ts';
import { toOutboxEvent, type OutboxEvent } from '../src/adapters/db/outbox.repo.ts';
import { definitionOf, listRules, triggerEventOf, type StoredRule } from '../src/adapters/db/rules.repo.ts';
import { evaluate, type Condition, type ConditionTrace } from '../src/domain/rules/conditions.ts';
import { matchRules, type RuleDefinition, type RuleEvent, type Trigger } from '../src/domain/rules/rules.ts';
import { dispatchEvent, loadFacts, toRuleEvent } from '../src/engine/dispatch.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { checkRule, type RuleInput } from '../src/flows/rules.flow.ts';
import { silentLog } from './baton.ts';
import { round } from './measure.ts';
import { seedWorkspace, type BenchWorkspace } from './seed.ts';

const regions = ['emea', 'apac', 'amer', 'latam', 'nordics'];

/**
 * Rule i of the many: a third wait for a won deal with a condition on the amount, the deal type or custom
 * fields (a few of them hold for the bench deal); a third wait for other stages (fetched by the dispatcher, no
 * match); a third wait for other events (not fetched at all).
 */
export function manyRule(i: number): RuleInput {
  const notify = [
    {
      key: 'tell',
      type: 'notify',
      params: { recipientType: 'role', recipient: 'ops', channel: 'in_app', title: `Rule ${i}: {{deal.name}}`, body: '{{account.name}}' },
    },
  ];
  const base = { key: `bench-rule-${i}`, name: `Bench rule ${i}`, position: 1000 + i, actions: notify };
  const conditions: Condition[] = [
    { field: 'deal.amountMinor', op: 'gte', value: 1_000_000 + ((i * 7919) % 50) * 100_000 },
    {
      all: [
        { field: 'deal.dealType', op: 'eq', value: 'upsell' },
        { field: 'deal.amountMinor', op: 'gte', value: 100_000 },
      ],
    },
    {
      all: [
        { field: 'deal.custom.region', op: 'eq', value: regions[i % regions.length] },
        { field: 'deal.currency', op: 'in', value: ['EUR', 'USD'] },
      ],
    },
    {
      any: [
        { field: 'deal.dealType', op: 'eq', value: 'renewal' },
        { field: 'deal.custom.segment', op: 'eq', value: 'enterprise' },
        { not: { field: 'account.industry', op: 'not_exists' } },
      ],
    },
  ];
  switch (i % 3) {
    case 0:
      return {
        ...base,
        trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
        condition: conditions[Math.floor(i / 3) % conditions.length] as Record<string, unknown>,
      };
    case 1:
      return {
        ...base,
        trigger:
          i % 2 ? { type: 'event', event: 'deal.stage_changed', toStage: 'Proposal' } : { type: 'event', event: 'deal.stage_changed', toCategory: 'lost' },
        condition: conditions[0] as Record<string, unknown>,
      };
    default: {
      const events = [
        { type: 'event', event: 'task.completed' },
        { type: 'event', event: 'project.created' },
        { type: 'event', event: 'deal.field_changed', field: 'dealType' },
      ] as const;
      return { ...base, trigger: events[i % events.length]!, condition: conditions[2] as Record<string, unknown> };
    }
  }
}

/** Inserts rules and their first versions as createRule would store them (checked by checkRule), in bulk. */
export async function insertRules(db: Db, workspaceId: string, inputs: RuleInput[]): Promise<void> {
  for (const input of inputs) {
    const issues = checkRule(input);
    if (issues.length) throw new Error(`bench rule ${input.key} is not valid: ${JSON.stringify(issues)}`);
  }
  for (let from = 0; from < inputs.length; from += 250) {
    const chunk = inputs.slice(from, from + 250).map((input) => {
      const rule: RuleDefinition = {
        name: input.name,
        description: input.description ?? null,
        trigger: input.trigger as Trigger,
        condition: (input.condition ?? undefined) as Condition | undefined,
        actions: input.actions,
        repeat: input.repeat ?? 'once',
      };
      return { id: newId(), input, rule, definition: JSON.stringify(definitionOf(rule)) };
    });
    await db
      .insertInto('rules')
      .values(
        chunk.map(({ id, input, rule, definition }) => ({
          id,
          workspace_id: workspaceId,
          key: input.key!,
          name: input.name,
          enabled: true,
          position: input.position ?? 0,
          version: 1,
          trigger_event: triggerEventOf(rule.trigger),
          definition,
        })),
      )
      .execute();
    await db
      .insertInto('rule_versions')
      .values(chunk.map(({ id, definition }) => ({ id: newId(), workspace_id: workspaceId, rule_id: id, version: 1, definition, created_by_label: 'bench' })))
      .execute();
  }
}

export type RulesCost = {
  rules: number;
  /** Rules the dispatcher fetches for deal.won (its trigger events), of all the workspace's rules. */
  fetched: { few: number; many: number };
  /** Rules whose trigger matches and whose condition holds: the runs dispatchEvent starts. */
  started: { few: number; many: number };
  pure: { iterations: { few: number; many: number }; fewUs: number; manyUs: number; ratio: number; usPerRule: number };
  dispatch: { iterations: number; fewMs: number; manyMs: number; ratio: number; listRulesFewMs: number; listRulesManyMs: number };
};

type Side = { w: BenchWorkspace; event: OutboxEvent; rules: StoredRule[]; ruleEvent: RuleEvent; facts: Record<string, unknown> };

class Rollback extends Error {}

async function inRolledBack<T>(db: Db, run: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction().execute(async (tx) => {
      result = await run(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

/** One won deal's event in a workspace, with the rules, the rule event and the facts as the dispatcher sees them. */
async function prepareSide(db: Db, slug: string, extraRules: number): Promise<Side> {
  const w = await seedWorkspace(db, slug, 5);
  if (extraRules > 0)
    await insertRules(
      db,
      w.workspaceId,
      Array.from({ length: extraRules }, (_, i) => manyRule(i)),
    );
  const opportunityId = w.opportunityIds[0]!;
  await db
    .updateTable('opportunities')
    .set({ custom_fields: JSON.stringify({ region: 'emea', segment: 'mid' }) })
    .where('id', '=', opportunityId)
    .execute();
  await winDeal({ db, log: silentLog, now: () => new Date(), wakeOutbox: () => {} }, { workspaceId: w.workspaceId, opportunityId, actor: w.actor });
  const row = await db
    .selectFrom('outbox_events')
    .selectAll()
    .where('workspace_id', '=', w.workspaceId)
    .where('subject_id', '=', opportunityId)
    .where('type', '=', 'deal.won')
    .executeTakeFirstOrThrow();
  const event = toOutboxEvent(row);
  const ruleEvent = toRuleEvent(event, await workspaceConfig(db, w.workspaceId));
  const facts = {
    ...(await loadFacts(db, w.workspaceId, event.subjectType, event.subjectId)),
    event: { type: ruleEvent.type, stage: ruleEvent.stage?.name, stageCategory: ruleEvent.stage?.category, depth: ruleEvent.depth },
  };
  return { w, event, rules: await listRules(db, w.workspaceId), ruleEvent, facts };
}

/** matchRules + evaluate (with a trace, as the dispatcher does); returns how many rules would start a run. */
function evaluateAll(side: Side): number {
  let started = 0;
  for (const rule of matchRules(side.ruleEvent, side.rules)) {
    const trace: ConditionTrace[] = [];
    if (evaluate(rule.condition, side.facts, trace)) started++;
  }
  return started;
}

/** µs per event: repeats for about `ms` after a warm-up. */
function timePure(side: Side, ms: number): { us: number; iterations: number } {
  for (let i = 0; i < 2_000; i++) evaluateAll(side);
  let iterations = 0;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < ms) {
    for (let i = 0; i < 100; i++) evaluateAll(side);
    iterations += 100;
    now = performance.now();
  }
  return { us: ((now - t0) * 1000) / iterations, iterations };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

export async function measureRulesCost(
  database: Database,
  options: { rules: number; dispatchIterations: number; pureMs: number; log: (line: string) => void },
): Promise<RulesCost> {
  const { db } = database;
  const few = await prepareSide(db, 'rules-few', 0);
  const many = await prepareSide(db, 'rules-many', options.rules);
  await sql`vacuum analyze`.execute(db);
  const triggerEvents = ['deal.won', 'deal.stage_changed'];
  const fetched = (s: Side) => s.rules.filter((r) => r.enabled && triggerEvents.includes(r.trigger.event)).length;

  options.log(`rules cost: matching and conditions, ${few.rules.length} vs ${many.rules.length} rules ...`);
  const pureFew = timePure(few, options.pureMs);
  const pureMany = timePure(many, options.pureMs);

  options.log(`rules cost: dispatchEvent in rolled-back transactions, ${options.dispatchIterations} per side ...`);
  // Alternating blocks, so a drift of the embedded database over the run weighs on both sides alike.
  const times = { few: [] as number[], many: [] as number[], listFew: [] as number[], listMany: [] as number[] };
  const started = { few: 0, many: 0 };
  const blocks = 5;
  for (let b = 0; b < blocks; b++) {
    for (const [name, side] of [
      ['few', few],
      ['many', many],
    ] as const) {
      for (let i = 0; i < Math.ceil(options.dispatchIterations / blocks); i++) {
        const { ms, n } = await inRolledBack(db, async (tx) => {
          const t0 = performance.now();
          const n = (await dispatchEvent(tx, side.event, new Date())).started;
          return { ms: performance.now() - t0, n };
        });
        times[name].push(ms);
        started[name] = n;
        const t0 = performance.now();
        await listRules(db, side.w.workspaceId, { triggerEvents, enabledOnly: true });
        times[name === 'few' ? 'listFew' : 'listMany'].push(performance.now() - t0);
      }
    }
    // Rolled-back inserts leave dead rows behind in the run tables; PGlite has no autovacuum.
    await sql`vacuum analyze rule_runs, rule_run_steps, rule_timers`.execute(db);
  }
  const expectFew = evaluateAll(few);
  const expectMany = evaluateAll(many);
  if (started.few !== expectFew || started.many !== expectMany)
    throw new Error(`rules cost: dispatchEvent started ${started.few}/${started.many} runs, matching says ${expectFew}/${expectMany}`);
  const fewMs = median(times.few);
  const manyMs = median(times.many);
  return {
    rules: many.rules.length,
    fetched: { few: fetched(few), many: fetched(many) },
    started,
    pure: {
      iterations: { few: pureFew.iterations, many: pureMany.iterations },
      fewUs: round(pureFew.us, 2),
      manyUs: round(pureMany.us, 2),
      ratio: round(pureMany.us / pureFew.us, 1),
      usPerRule: round((pureMany.us - pureFew.us) / (many.rules.length - few.rules.length), 3),
    },
    dispatch: {
      iterations: times.many.length,
      fewMs: round(fewMs, 2),
      manyMs: round(manyMs, 2),
      ratio: round(manyMs / fewMs, 1),
      listRulesFewMs: round(median(times.listFew), 2),
      listRulesManyMs: round(median(times.listMany), 2),
    },
  };
}
