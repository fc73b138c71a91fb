// Baton's own win path: the winDeal flow, with the in-process outbox worker delivering deal.won as main.ts wires it.
import { performance } from 'node:perf_hooks';
import { pino, type Logger } from 'pino';
import type { Database } from '../src/adapters/db/database.ts';
import { createOutboxWorker } from '../src/engine/outbox.ts';
import { eventHandlers } from '../src/engine/handlers.ts';
import { createRunWorker } from '../src/engine/runs.ts';
import { actionCatalog } from '../src/engine/actions.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { outboxConcurrency } from '../src/main.ts';
import type { Deps } from '../src/flows/deps.ts';
import type { BenchWorkspace } from './seed.ts';

export const silentLog: Logger = pino({ level: 'silent' });

export type Maintenance = ((handled: number) => Promise<void>) | undefined;

export type BatonRunner = {
  win(opportunityId: string): Promise<void>;
  /** Stops the polling loop and delivers what is left; returns the ms it took. */
  finish(): Promise<number>;
  /** Events the worker handled so far. */
  handled(): number;
};

export function startBaton(database: Database, w: BenchWorkspace, maintenance: Maintenance): BatonRunner {
  let handled = 0;
  const afterBatch = async (n: number) => {
    handled += n;
    await maintenance?.(n);
  };
  const runs = createRunWorker({ db: database.db, log: silentLog, actions: actionCatalog(), now: () => new Date(), concurrency: outboxConcurrency(database.kind) });
  const worker = createOutboxWorker({
    db: database.db,
    log: silentLog,
    ...eventHandlers({ now: () => new Date(), wakeRuns: () => runs.wake(), sendMail: async () => {} }),
    afterBatch,
    concurrency: outboxConcurrency(database.kind),
  });
  runs.start();
  // As in main.ts: a commit that enqueued wakes the worker instead of waiting for its next poll.
  const deps: Deps = { db: database.db, log: silentLog, now: () => new Date(), wakeOutbox: () => worker.wake() };
  worker.start();
  return {
    async win(opportunityId) {
      const result = await winDeal(deps, { workspaceId: w.workspaceId, opportunityId, actor: w.actor });
      if (!result.changed) throw new Error(`winDeal: ${opportunityId} was already won`);
    },
    async finish() {
      const t0 = performance.now();
      await worker.stop();
      await runs.stop();
      for (;;) if ((await worker.drain()) + (await runs.drain()) === 0) break;
      return performance.now() - t0;
    },
    handled: () => handled,
  };
}
