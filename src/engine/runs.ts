// The step runner: claims due rule runs a record at a time (its queued runs together), runs their actions, retries
// failed actions with backoff, and fires timers when one is due.
//
// A record's runs whose actions all stay inside Baton run in one transaction: the deal is locked and its facts read
// once, every action's effects, the step log and the runs' end commit together. If any action fails, that
// transaction rolls back and the runs go step by step instead, each action in its own transaction, so that what
// succeeds commits and the failure is recorded and retried. Actions that call the outside world (a webhook, an LLM)
// always go step by step: the call happens before the step's transaction and is repeated with the same key.
import os from 'node:os';
import type { Logger } from 'pino';
import type { Actor } from '../domain/actor.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
import { AppError } from '../domain/errors.ts';
import {
  actionCatalog,
  isActionType,
  maxAttempts as attemptsFor,
  retryDelayMs,
  type ActionParams,
  type ActionType,
  type RetryPolicy,
} from '../domain/rules/actions.ts';
import { schemaIssues } from '../domain/schema-issues.ts';
import type { Db, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  claimDueRuns,
  completeSteps,
  completeStepsAndRuns,
  failStep,
  finishRuns,
  holdRun,
  nextTimerDue,
  parkRun,
  releaseHeldRuns,
  renewRunLeases,
  type ClaimedRun,
  type StepOutcome,
  type ClaimedStep,
} from '../adapters/db/rules.repo.ts';
import { workspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import type { ActionContext, ActionHandlers, ActionResult } from './actions/index.ts';
import { checkApprovalDeadlines } from '../flows/approvals.flow.ts';
import { sweepDelivery } from '../flows/delivery.flow.ts';
import { sendDueDigests } from '../flows/digest.flow.ts';
import { fireDueTimers, loadFacts, type Facts } from './dispatch.ts';
import { createLoop, createLeaseKeeper } from './loop.ts';

export type RunWorkerOptions = {
  db: Db;
  log: Logger;
  actions: ActionHandlers;
  now: () => Date;
  name?: string;
  pollMs?: number;
  batchSize?: number;
  /** A worker stuck this long on one batch stops renewing its leases (default 5 minutes). */
  maxHoldMs?: number;
  /** How long a claimed run stays this worker's without a sign of life; the worker renews it every third of that. */
  leaseMs?: number;
  concurrency?: number;
  /** Attempts per action before the run fails (default: by the action's retry policy). */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number, policy: RetryPolicy) => number;
  /** Called when a run committed work that queued events (the outbox should look). */
  onEvents?: () => void;
};

export type RunWorker = {
  readonly name: string;
  /** Runs due runs and timers until none is left; returns how many runs were worked on. */
  drain(): Promise<number>;
  runOnce(): Promise<number>;
  wake(): void;
  /** A timer was set for this moment: look then. */
  timerSet(dueAt: Date): void;
  start(): void;
  stop(): Promise<void>;
};

class LeaseLost extends Error {}

/** Failures that another attempt cannot fix (bad params, missing records): the run fails at once. */
function isPermanent(error: unknown): boolean {
  return error instanceof AppError && (error.kind === 'invalid' || error.kind === 'not_found' || error.kind === 'forbidden');
}

const finished = (step: ClaimedStep) => step.status === 'succeeded' || step.status === 'skipped' || step.status === 'failed';

/** Timers set by other processes are seen at the latest after this long. */
const timerRecheckMs = 30_000;

export function createRunWorker(options: RunWorkerOptions): RunWorker {
  const name = options.name ?? `runs:${os.hostname()}:${process.pid}:${newId().slice(-6)}`;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 10_000;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const delay = options.retryDelayMs ?? ((attempt: number, policy: RetryPolicy) => retryDelayMs(attempt, policy));
  const log = options.log.child({ worker: name });
  const leases = createLeaseKeeper({ leaseMs, maxHoldMs: options.maxHoldMs, log, renew: () => renewRunLeases(options.db, name, leaseMs) });

  // When the next timer is due, as far as this process knows (null: none); re-read at least every 30 s.
  let nextTimerAt: number | null = null;
  let timersReadAt = 0;

  function contextFor(run: ClaimedRun, ruleName: string, step: ClaimedStep, facts: Facts): ActionContext {
    const actor: Actor = {
      type: 'automation',
      id: run.rule_id,
      label: `rule: ${ruleName} v${run.rule_version}`,
      cause: { runId: run.id, ruleId: run.rule_id, depth: run.depth },
    };
    return {
      workspaceId: run.workspace_id,
      run: {
        id: run.id,
        ruleId: run.rule_id,
        ruleName,
        ruleVersion: run.rule_version,
        depth: run.depth,
        triggerEventId: run.trigger_event_id,
        subjectType: run.subject_type,
        subjectId: run.subject_id,
      },
      actor,
      key: step.idempotency_key,
      now: options.now(),
      facts: facts.deal ? (facts as DealFacts) : undefined,
    };
  }

  async function ruleNames(db: Db | Tx, runs: ClaimedRun[], facts: Facts): Promise<Map<string, string>> {
    const config = await workspaceConfig(db, runs[0]!.workspace_id, facts.workspace?.configVersion);
    return new Map(runs.map((r) => [r.id, config.rules.get(r.rule_id)?.name ?? r.rule_id]));
  }

  /** The record's runs in one transaction; false (nothing written) when an action failed or calls the outside world. */
  async function runTogether(runs: ClaimedRun[], steps: Map<string, ClaimedStep[]>): Promise<boolean> {
    const pending = runs.flatMap((run) => (steps.get(run.id) ?? []).filter((s) => !finished(s)).map((step) => ({ run, step })));
    if (pending.some(({ step }) => !isActionType(step.action_type) || options.actions[step.action_type].external || mayWait(step))) return false;
    const first = runs[0]!;
    try {
      const reserved = await reserveAll(runs, pending);
      await options.db.transaction().execute(async (tx) => {
        let facts = await loadFacts(tx, first.workspace_id, first.subject_type, first.subject_id, { lock: true });
        const names = await ruleNames(tx, runs, facts);
        const outcomes: StepOutcome[] = [];
        let stale = false;
        for (const { run, step } of pending) {
          const action = checkedAction(step.action_type, step.params);
          // An earlier action changed what the facts say: read them again, once, before the next action uses them.
          if (stale) facts = await loadFacts(tx, first.workspace_id, first.subject_type, first.subject_id);
          const ctx = { ...contextFor(run, names.get(run.id)!, step, facts), reserved: reserved.get(step.id) };
          const result = await runAction(options.actions, action.type, tx, ctx, action.params, undefined);
          if (result.status === 'waiting') throw new Error(`${step.action_key} waits: its run goes step by step`);
          outcomes.push({ stepId: step.id, status: result.status ?? 'succeeded', output: stepOutput(result), attempt: step.attempts + 1 });
          stale = !!result.changedFacts;
        }
        const ended = await completeStepsAndRuns(
          tx,
          outcomes,
          runs.map((r) => r.id),
          name,
        );
        if (ended !== runs.length) throw new LeaseLost();
      });
      return true;
    } catch (error) {
      if (error instanceof LeaseLost) throw error;
      log.debug(
        { runs: runs.map((r) => r.id), err: error instanceof Error ? error.message : String(error) },
        'runs together failed; running them step by step',
      );
      return false;
    }
  }

  /**
   * What the pending steps' actions take ahead of the transaction (round-robin turns), each in a statement of its own;
   * the record's facts are read for it without a lock, and only when some action reserves.
   */
  async function reserveAll(runs: ClaimedRun[], pending: { run: ClaimedRun; step: ClaimedStep }[]): Promise<Map<string, unknown>> {
    const reserved = new Map<string, unknown>();
    const reserving = pending.filter(({ step }) => isActionType(step.action_type) && options.actions[step.action_type].reserve);
    if (reserving.length === 0) return reserved;
    const first = runs[0]!;
    const facts = await loadFacts(options.db, first.workspace_id, first.subject_type, first.subject_id);
    for (const { run, step } of reserving) {
      const action = checkedAction(step.action_type, step.params);
      reserved.set(step.id, await reserveFor(action, contextFor(run, '', step, facts)));
    }
    return reserved;
  }

  function reserveFor(action: { type: ActionType; params: ActionParams<ActionType> }, ctx: ActionContext): Promise<unknown> {
    const handler = options.actions[action.type] as { reserve?: (db: Db, ctx: ActionContext, params: unknown) => Promise<unknown> };
    return handler.reserve ? handler.reserve(options.db, ctx, action.params) : Promise.resolve(undefined);
  }

  function mayWait(step: ClaimedStep): boolean {
    if (!isActionType(step.action_type)) return false;
    const handler = options.actions[step.action_type] as { waits?: (params: unknown) => boolean };
    return !!handler.waits?.(step.params);
  }

  /** One run, step by step: each action in its own transaction; the last one also ends the run. */
  async function runStepByStep(run: ClaimedRun, steps: ClaimedStep[]): Promise<'done' | 'stopped'> {
    const pending = steps.filter((s) => !finished(s));
    let facts = await loadFacts(options.db, run.workspace_id, run.subject_type, run.subject_id);
    const names = await ruleNames(options.db, [run], facts);
    for (const [i, step] of pending.entries()) {
      const policy: RetryPolicy = isActionType(step.action_type) ? actionCatalog[step.action_type].retry : 'standard';
      const attempt = step.attempts + 1;
      try {
        const action = checkedAction(step.action_type, step.params);
        const handler = options.actions[action.type] as { external?: (ctx: ActionContext, params: unknown) => Promise<Record<string, unknown>> };
        // Calls to the outside world happen before the transaction; a retry repeats them with the same Idempotency-Key.
        const external = handler.external ? await handler.external(contextFor(run, names.get(run.id)!, step, facts), action.params) : undefined;
        const reserved = await reserveFor(action, contextFor(run, names.get(run.id)!, step, facts));
        const last = i === pending.length - 1;
        const parked = await options.db.transaction().execute(async (tx) => {
          facts = await loadFacts(tx, run.workspace_id, run.subject_type, run.subject_id, { lock: true });
          const ctx = { ...contextFor(run, names.get(run.id)!, step, facts), reserved };
          const result = await runAction(options.actions, action.type, tx, ctx, action.params, external);
          if (result.status === 'waiting') {
            // The step is not done: the run waits for the request, released by this worker, and is resumed by its decision.
            if (
              !result.waitingFor ||
              !(await parkRun(tx, {
                runId: run.id,
                stepId: step.id,
                worker: name,
                waitingFor: result.waitingFor,
                output: { ...stepOutput(result), summary: result.summary },
                attempt,
              }))
            )
              throw new LeaseLost();
            return true;
          }
          const outcome: StepOutcome = { stepId: step.id, status: result.status ?? 'succeeded', output: stepOutput(result), attempt };
          // Only the worker holding the run may commit its step; the last step ends the run in the same statement.
          if (last) {
            if ((await completeStepsAndRuns(tx, [outcome], [run.id], name)) !== 1) throw new LeaseLost();
          } else {
            if (!(await holdRun(tx, run.id, name, leaseMs))) throw new LeaseLost();
            await completeSteps(tx, [outcome]);
          }
          return false;
        });
        options.onEvents?.();
        if (parked) return 'stopped';
      } catch (error) {
        if (error instanceof LeaseLost) throw error;
        const message = error instanceof Error ? error.message : String(error);
        const final = isPermanent(error) || attempt >= (options.maxAttempts ?? attemptsFor[policy]);
        await failStep(options.db, {
          runId: run.id,
          stepId: step.id,
          worker: name,
          attempt,
          error: message,
          final,
          retryInMs: final ? 0 : delay(attempt, policy),
          actionKey: step.action_key,
        });
        log[final ? 'error' : 'warn'](
          { runId: run.id, step: step.action_key, attempt, err: message },
          final ? 'rule action failed' : 'rule action will be retried',
        );
        return 'stopped';
      }
    }
    if (pending.length === 0 && (await options.db.transaction().execute((tx) => finishRuns(tx, [run.id], name))) !== 1) throw new LeaseLost();
    return 'done';
  }

  /** A record's claimed runs, oldest first: together when they can, else one by one until one stops. */
  async function execute(runs: ClaimedRun[], steps: Map<string, ClaimedStep[]>): Promise<void> {
    try {
      if (await runTogether(runs, steps)) {
        options.onEvents?.();
        return;
      }
      for (const [i, run] of runs.entries()) {
        if ((await runStepByStep(run, steps.get(run.id) ?? [])) === 'stopped') {
          // The runs behind a stopped one wait their turn again (in order), rather than overtaking it.
          await releaseRuns(runs.slice(i + 1));
          return;
        }
      }
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
      log.warn({ runs: runs.map((r) => r.id) }, 'run lease lost; another worker continues them');
    }
  }

  async function releaseRuns(runs: ClaimedRun[]): Promise<void> {
    await releaseHeldRuns(
      options.db,
      runs.map((r) => r.id),
      name,
    );
  }

  async function fireTimers(force: boolean): Promise<void> {
    const now = options.now();
    if (!force && Date.now() - timersReadAt < timerRecheckMs && (nextTimerAt === null || nextTimerAt > now.getTime())) return;
    if (force || nextTimerAt === null || nextTimerAt <= now.getTime()) {
      while ((await options.db.transaction().execute((tx) => fireDueTimers(tx, now))) > 0);
    }
    // Approval SLAs: reminders and escalations due by this clock (at most every 30 s, and on every drain).
    await checkApprovalDeadlines(options.db, now);
    // Delivery: first values past their date recorded missed, and each live project's health once a day.
    await sweepDelivery(options.db, now);
    // The operations digest of each workspace whose hour has come today, once.
    await sendDueDigests(options.db, now);
    nextTimerAt = (await nextTimerDue(options.db))?.getTime() ?? null;
    timersReadAt = Date.now();
  }

  async function runOnce(force = false): Promise<number> {
    await fireTimers(force);
    const runs = await claimDueRuns(options.db, name, batchSize * concurrency, leaseMs);
    if (runs.length === 0) return 0;
    const steps = new Map(runs.map((r) => [r.id, r.steps]));
    const bySubject = new Map<string, ClaimedRun[]>();
    for (const run of runs) {
      const key = `${run.workspace_id}:${run.subject_id}`;
      bySubject.set(key, [...(bySubject.get(key) ?? []), run]);
    }
    const queue = [...bySubject.values()];
    await leases.hold(async () => {
      const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let group = queue.shift(); group; group = queue.shift()) {
          try {
            await execute(group, steps);
          } catch (error) {
            // A database failure while recording: the lease runs out and the runs are taken up again.
            log.error({ runs: group.map((r) => r.id), err: error }, 'rule run interrupted');
          }
        }
      });
      await Promise.all(lanes);
    });
    return runs.length;
  }

  const loop = createLoop(() => runOnce(false), { pollMs, log, what: 'rule runner' });
  return {
    name,
    runOnce: () => runOnce(true),
    ...loop,
    // Draining (tests, seeding) always looks at the timers: a test clock may have moved past them.
    async drain() {
      let total = 0;
      for (;;) {
        const n = await runOnce(true);
        total += n;
        if (n === 0) return total;
      }
    },
    timerSet(dueAt) {
      if (nextTimerAt === null || dueAt.getTime() < nextTimerAt) nextTimerAt = dueAt.getTime();
    },
    async stop() {
      await loop.stop();
      leases.stop();
    },
  };
}

function stepOutput(result: ActionResult): Record<string, unknown> {
  return { summary: result.summary, created: result.created ?? [], ...result.output };
}

/** Checks a stored step's type and params against the catalog (a rule saved before a change of it may not fit). */
function checkedAction(type: string, params: Record<string, unknown>): { type: ActionType; params: ActionParams<ActionType> } {
  if (!isActionType(type)) throw new AppError('action.failed', 'invalid', `Unknown action type "${type}"`);
  const issues = schemaIssues(actionCatalog[type].schema, params, '/params');
  if (issues.length)
    throw new AppError('action.failed', 'invalid', `The action's params do not fit ${type}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return { type, params: params as ActionParams<ActionType> };
}

/** Runs a handler with the params its type declares (checked by checkedAction). */
function runAction(
  handlers: ActionHandlers,
  type: ActionType,
  tx: Tx,
  ctx: ActionContext,
  params: ActionParams<ActionType>,
  external: Record<string, unknown> | undefined,
): Promise<ActionResult> {
  const handler = handlers[type] as { run: (tx: Tx, ctx: ActionContext, params: unknown, external: unknown) => Promise<ActionResult> };
  return handler.run(tx, ctx, params, external);
}
