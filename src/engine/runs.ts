// The step runner: claims due rule runs (one at a time per record), runs each pending action in its
// own transaction with its effects, retries failed actions with backoff, and fires due timers.
import os from 'node:os';
import type { Logger } from 'pino';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/actor.ts';
import type { Db } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { createLoop } from './loop.ts';
import { claimDueRuns, completeStep, failStep, finishRun, holdRun, listSteps, type ClaimedRun } from '../adapters/db/rules.repo.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
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
import type { ActionContext, ActionHandlers, ActionResult } from './actions/index.ts';
import { fireDueTimers, loadFacts } from './dispatch.ts';

export type RunWorkerOptions = {
  db: Db;
  log: Logger;
  actions: ActionHandlers;
  now: () => Date;
  name?: string;
  pollMs?: number;
  batchSize?: number;
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
  start(): void;
  stop(): Promise<void>;
};

class LeaseLost extends Error {}

/** Failures that another attempt cannot fix (bad params, missing records): the run fails at once. */
function isPermanent(error: unknown): boolean {
  return error instanceof AppError && (error.kind === 'invalid' || error.kind === 'not_found' || error.kind === 'forbidden');
}

export function createRunWorker(options: RunWorkerOptions): RunWorker {
  const name = options.name ?? `runs:${os.hostname()}:${process.pid}:${newId().slice(-6)}`;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const delay = options.retryDelayMs ?? ((attempt: number, policy: RetryPolicy) => retryDelayMs(attempt, policy));
  const log = options.log.child({ worker: name });

  async function execute(run: ClaimedRun): Promise<void> {
    const rule = await options.db.selectFrom('rules').select(['name']).where('id', '=', run.rule_id).executeTakeFirst();
    const steps = await listSteps(options.db, run.id);
    const actor: Actor = {
      type: 'automation',
      id: run.rule_id,
      label: `rule: ${rule?.name ?? run.rule_id} v${run.rule_version}`,
      cause: { runId: run.id, ruleId: run.rule_id, depth: run.depth },
    };
    let queuedEvents = false;
    for (const step of steps) {
      if (step.status === 'succeeded' || step.status === 'skipped' || step.status === 'failed') continue;
      const policy: RetryPolicy = isActionType(step.action_type) ? actionCatalog[step.action_type].retry : 'standard';
      const attempt = step.attempts + 1;
      const base: Omit<ActionContext, 'facts'> = {
        workspaceId: run.workspace_id,
        run: {
          id: run.id,
          ruleId: run.rule_id,
          ruleName: rule?.name ?? '',
          ruleVersion: run.rule_version,
          depth: run.depth,
          triggerEventId: run.trigger_event_id,
          subjectType: run.subject_type,
          subjectId: run.subject_id,
        },
        actor,
        key: step.idempotency_key,
        now: options.now(),
      };
      try {
        const action = checkedAction(step.action_type, step.params);
        const handler = options.actions[action.type] as { external?: (ctx: ActionContext, params: unknown) => Promise<Record<string, unknown>> };
        // Calls to the outside world happen before the transaction; a retry repeats them with the same Idempotency-Key.
        const external = handler.external
          ? await handler.external(
              { ...base, facts: (await loadFacts(options.db, run.workspace_id, run.subject_type, run.subject_id)) as DealFacts },
              action.params,
            )
          : undefined;
        await options.db.transaction().execute(async (tx) => {
          if (!(await holdRun(tx, run.id, name, leaseMs))) throw new LeaseLost();
          const facts = await loadFacts(tx, run.workspace_id, run.subject_type, run.subject_id);
          const result = await runAction(
            options.actions,
            action.type,
            tx,
            { ...base, facts: facts.deal ? (facts as DealFacts) : undefined },
            action.params,
            external,
          );
          await completeStep(tx, step.id, result.status ?? 'succeeded', { summary: result.summary, created: result.created ?? [], ...result.output }, attempt);
        });
        queuedEvents = true;
      } catch (error) {
        if (error instanceof LeaseLost) {
          log.warn({ runId: run.id }, 'run lease lost; another worker continues it');
          return;
        }
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
        if (queuedEvents) options.onEvents?.();
        return;
      }
    }
    await options.db.transaction().execute(async (tx) => {
      await finishRun(tx, run.id, name);
    });
    if (queuedEvents) options.onEvents?.();
  }

  async function runOnce(): Promise<number> {
    await options.db.transaction().execute((tx) => fireDueTimers(tx, options.now()));
    const runs = await claimDueRuns(options.db, name, batchSize * concurrency, leaseMs);
    const queue = [...runs];
    const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let run = queue.shift(); run; run = queue.shift()) {
        try {
          await execute(run);
        } catch (error) {
          // A database failure while recording: the lease runs out and the run is taken up again.
          log.error({ runId: run.id, err: error }, 'rule run interrupted');
        }
      }
    });
    await Promise.all(lanes);
    return runs.length;
  }

  const loop = createLoop(runOnce, { pollMs, log, what: 'rule runner' });
  return { name, runOnce, ...loop };
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
  tx: Parameters<ActionHandlers[ActionType]['run']>[0],
  ctx: ActionContext,
  params: ActionParams<ActionType>,
  external: Record<string, unknown> | undefined,
): Promise<ActionResult> {
  const handler = handlers[type] as { run: (tx: unknown, ctx: ActionContext, params: unknown, external: unknown) => Promise<ActionResult> };
  return handler.run(tx, ctx, params, external);
}
