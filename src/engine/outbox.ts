// The outbox relay: claims due events, hands each to its handler in a transaction, retries failures with backoff.
import os from 'node:os';
import type { Logger } from 'pino';
import type { Db, Tx } from '../adapters/db/database.ts';
import {
  claimDueEvents,
  completeEvent,
  completeIdleEvents,
  failEvent,
  renewEventLeases,
  type Attempt,
  type ClaimedEvent,
  type OutboxEvent,
} from '../adapters/db/outbox.repo.ts';
import { newId } from '../adapters/db/ids.ts';
import { createLeaseKeeper, createLoop } from './loop.ts';
import { retryDelayMs } from '../domain/rules/actions.ts';

/** Handles one event inside the transaction that marks it done; it must be idempotent. */
export type EventHandler = (tx: Tx, event: OutboxEvent) => Promise<void>;

export type OutboxWorkerOptions = {
  db: Db;
  log: Logger;
  handlers: Record<string, EventHandler>;
  /** Handles every event type without a handler of its own. */
  fallback?: EventHandler;
  /** Called after each delivery commits (the rule runner looks for the runs it started). */
  afterCommit?: () => void;
  /** Called with the events whose delivery committed (the dashboard's live feed). */
  onDelivered?: (events: readonly OutboxEvent[]) => void;
  /** True when an event needs no handler's work: it is marked delivered in one statement, without a transaction. */
  idle?: (event: ClaimedEvent) => Promise<boolean>;
  name?: string;
  pollMs?: number;
  batchSize?: number;
  /** A worker stuck this long on one batch stops renewing its leases (default 5 minutes). */
  maxHoldMs?: number;
  /** How long a claimed event stays this worker's without a sign of life; renewed every third of that while it works. */
  leaseMs?: number;
  /** Events of different subjects handled at once (1 on PGlite, which runs one transaction at a time). */
  concurrency?: number;
  /** Called after each batch; the embedded database uses it for upkeep. */
  afterBatch?: (handled: number) => Promise<void>;
};

export type OutboxWorker = {
  readonly name: string;
  /** Processes due events until none is left; returns how many were handled. */
  drain(): Promise<number>;
  /** Processes one batch. */
  runOnce(): Promise<number>;
  /** Asks the polling loop to look now (after a commit that enqueued). */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
};

class LeaseLost extends Error {}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const name = options.name ?? `${os.hostname()}:${process.pid}:${newId().slice(-6)}`;
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 10_000;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const log = options.log.child({ worker: name });
  const leases = createLeaseKeeper({ leaseMs, maxHoldMs: options.maxHoldMs, log, renew: () => renewEventLeases(options.db, name, leaseMs) });

  async function handle(event: ClaimedEvent): Promise<void> {
    const handler = options.handlers[event.type] ?? options.fallback;
    const attempt: Attempt = { event, worker: name, startedAt: new Date() };
    try {
      if (options.idle && (await options.idle(event))) {
        if (!(await completeEvent(options.db, attempt))) throw new LeaseLost();
        options.onDelivered?.([event]);
        return;
      }
      await options.db.transaction().execute(async (tx) => {
        if (handler) await handler(tx, event);
        // Only the holder of the lease may complete; otherwise roll the handler's work back.
        if (!(await completeEvent(tx, attempt))) throw new LeaseLost();
      });
      options.afterCommit?.();
      options.onDelivered?.([event]);
    } catch (error) {
      if (error instanceof LeaseLost) {
        log.warn({ eventId: event.id }, 'outbox lease lost; another worker will deliver the event');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const state = await failEvent(options.db, attempt, message, retryDelayMs(event.attempts));
      log[state === 'failed' ? 'error' : 'warn']({ eventId: event.id, type: event.type, attempt: event.attempts, err: message }, `outbox event ${state}`);
    }
  }

  /** Of a batch, the events nobody listens to, completed together in one statement; the rest, to be handled. */
  async function completeIdle(events: ClaimedEvent[]): Promise<ClaimedEvent[]> {
    if (!options.idle) return events;
    const idle: ClaimedEvent[] = [];
    const rest: ClaimedEvent[] = [];
    for (const event of events) {
      const unheard = await options.idle(event).catch(() => false);
      (unheard ? idle : rest).push(event);
    }
    if (idle.length === 0) return rest;
    const startedAt = new Date();
    try {
      const completed = await completeIdleEvents(
        options.db,
        idle.map((event) => ({ event, worker: name, startedAt })),
      );
      if (completed.size < idle.length) log.warn({ lost: idle.length - completed.size }, 'outbox lease lost; another worker will deliver the events');
      options.onDelivered?.(idle.filter((event) => completed.has(event.id)));
    } catch (error) {
      // Each goes its own way instead, where a failure is recorded against the event.
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'completing idle events together failed');
      return events;
    }
    return rest;
  }

  async function runOnce(): Promise<number> {
    const events = await claimDueEvents(options.db, name, batchSize * concurrency, leaseMs);
    // Events that start nothing are delivered together; the others one by one, those of one subject in order (an
    // idle event does nothing, so delivering it ahead of its subject's others changes nothing).
    const handled = await completeIdle(events);
    const bySubject = new Map<string, ClaimedEvent[]>();
    for (const event of handled) bySubject.set(event.subjectId, [...(bySubject.get(event.subjectId) ?? []), event]);
    const queues = [...bySubject.values()];
    await leases.hold(async () => {
      const lanes = Array.from({ length: Math.min(concurrency, queues.length) }, async () => {
        for (let queue = queues.shift(); queue; queue = queues.shift()) {
          for (const event of queue) await handle(event);
        }
      });
      await Promise.all(lanes);
    });
    if (options.afterBatch) await options.afterBatch(events.length);
    return events.length;
  }

  const loop = createLoop(runOnce, { pollMs, log, what: 'outbox' });
  return {
    name,
    runOnce,
    ...loop,
    async stop() {
      await loop.stop();
      leases.stop();
    },
  };
}
