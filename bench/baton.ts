// Baton's own handoff: the winDeal flow, then the automation as the app runs it (automationFor in src/main.ts):
// the outbox relay delivers deal.won to the rule dispatcher, the rule runner runs every matched rule's actions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { pino, type Logger } from 'pino';
import type { Database, Db } from '../src/adapters/db/database.ts';
import { actionHandlers } from '../src/engine/actions/index.ts';
import { eventHandlers } from '../src/engine/handlers.ts';
import { createOutboxWorker } from '../src/engine/outbox.ts';
import { createRunWorker } from '../src/engine/runs.ts';
import { createDeliveryWorker } from '../src/engine/webhook-deliveries.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import type { Deps } from '../src/flows/deps.ts';
import { automationFor, outboxConcurrency, type Automation } from '../src/main.ts';
import type { BenchWorkspace } from './seed.ts';

export const silentLog: Logger = pino({ level: 'silent' });

export type Maintenance = ((handled: number) => Promise<void>) | undefined;

export type BatonRunner = {
  /** The winDeal call; the automation picks the handoff up after it returns. */
  win(opportunityId: string): Promise<void>;
  /** Stops the polling loops and runs what is left (events and rule runs) to the end; returns the ms it took. */
  finish(): Promise<number>;
  /** Wakes the relay after a commit made outside `win` (as the server's flows do). */
  wake(): void;
};

/**
 * Starts the automation and returns the win call. With `candidate`, the same pieces as automationFor with another
 * upkeep policy after each outbox batch (bench/maintenance.ts); without, exactly automationFor.
 */
export function startBaton(database: Database, w: BenchWorkspace, candidate?: { afterBatch: Maintenance }): BatonRunner {
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-mail-'));
  const automation = candidate === undefined ? automationFor(database, silentLog, { dataDir: mailDir }) : candidateAutomation(database, candidate.afterBatch);
  // As in main.ts: a commit that enqueued wakes the relay instead of waiting for its next poll.
  const deps: Deps = { db: database.db, log: silentLog, now: () => new Date(), wakeOutbox: () => automation.wake() };
  automation.start();
  return {
    async win(opportunityId) {
      const result = await winDeal(deps, { workspaceId: w.workspaceId, opportunityId, actor: w.actor });
      if (!result.changed) throw new Error(`winDeal: ${opportunityId} was already won`);
    },
    async finish() {
      const t0 = performance.now();
      await automation.stop();
      await automation.drain();
      const ms = performance.now() - t0;
      fs.rmSync(mailDir, { recursive: true, force: true });
      return ms;
    },
    wake: () => automation.wake(),
  };
}

/** automationFor's wiring (src/main.ts) with another afterBatch; in-app notifications only, so no mailer. */
function candidateAutomation(database: Database, afterBatch: Maintenance): Automation {
  const now = () => new Date();
  const concurrency = outboxConcurrency(database.kind);
  let wakeRuns = () => {};
  const outbox = createOutboxWorker({
    db: database.db,
    log: silentLog,
    ...eventHandlers({ now, wakeRuns: () => wakeRuns(), sendMail: async () => {} }),
    ...(afterBatch && { afterBatch }),
    concurrency,
  });
  const runs = createRunWorker({ db: database.db, log: silentLog, actions: actionHandlers(), now, concurrency, onEvents: () => outbox.wake() });
  wakeRuns = () => runs.wake();
  const deliveries = createDeliveryWorker({ db: database.db, log: silentLog, now });
  return {
    outbox,
    runs,
    deliveries,
    async drain() {
      let total = 0;
      for (;;) {
        const n = (await outbox.drain()) + (await runs.drain()) + (await deliveries.drain());
        total += n;
        if (n === 0) return total;
      }
    },
    wake() {
      outbox.wake();
      runs.wake();
      deliveries.wake();
    },
    start() {
      outbox.start();
      runs.start();
      deliveries.start();
    },
    async stop() {
      await Promise.all([outbox.stop(), runs.stop(), deliveries.stop()]);
    },
  };
}

/**
 * Keeps at most `limit` handoffs in flight (won, not yet through every rule run), as a steady stream of wins would:
 * without a bound the win calls outrun the automation and the backlog only grows. Asks the database only when
 * the count it knows could have reached the limit.
 */
export function inFlightGate(db: Db, workspaceId: string, limit: number): { gate: () => Promise<void>; waitedMs: () => number; queries: () => number } {
  let known = 0;
  let waited = 0;
  let queries = 0;
  const inFlight = async () =>
    ++queries &&
    Number(
      (
        await sql<{ n: number }>`
          select (select count(*) from outbox_events where workspace_id = ${workspaceId} and type = 'deal.won' and status = 'pending')
            + (select count(distinct subject_id) from rule_runs where workspace_id = ${workspaceId} and status in ('pending', 'running', 'retrying')) as n`.execute(
          db,
        )
      ).rows[0]?.n ?? 0,
    );
  return {
    async gate() {
      const t0 = performance.now();
      while (known >= limit) {
        known = await inFlight();
        if (known < limit) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      waited += performance.now() - t0;
      known++;
    },
    waitedMs: () => waited,
    queries: () => queries,
  };
}
