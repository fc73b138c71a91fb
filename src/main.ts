// The composition root: builds the database, the flows' deps, the outbox worker and the HTTP server, and wires them.
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { Config } from './adapters/config.ts';
import { migrate, openDatabase, type Database } from './adapters/db/database.ts';
import { buildServer } from './adapters/http/server.ts';
import { countWorkspaces, findWebhookHosts } from './adapters/db/workspaces.repo.ts';
import { createMailer } from './adapters/mail/mailer.ts';
import { createOpenAiExtractor } from './adapters/llm/openai-extractor.ts';
import type { BriefExtractor } from './flows/brief.flow.ts';
import { actionHandlers } from './engine/actions/index.ts';
import { createOutboxWorker, type OutboxWorker } from './engine/outbox.ts';
import { createDeliveryFeed, type DeliveryFeed } from './engine/feed.ts';
import { eventHandlers } from './engine/handlers.ts';
import { createRunWorker, type RunWorker } from './engine/runs.ts';
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './engine/webhook-deliveries.ts';
import type { Deps } from './flows/deps.ts';
import { seedDemo, demoEmail, demoPassword } from './demo/seed.ts';
import { bootstrap } from './flows/identity.flow.ts';
import { markInterruptedImports } from './adapters/db/imports.repo.ts';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { app: 'baton' } });
}

export type App = {
  deps: Deps;
  database: Database;
  worker: Automation;
  server: FastifyInstance;
  close(): Promise<void>;
};

/** Opens and migrates the database, wires deps, the worker and the server; does not listen. */
export async function createApp(
  config: Config,
  log: Logger,
  options: { seed?: boolean; runWorker?: boolean; httpLogger?: Logger | false; database?: Database } = {},
): Promise<App> {
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      holder: 'the server',
      onConnectionError: (error) => log.warn({ err: error.message }, 'database connection lost; the pool reconnects'),
    }));
  const applied = await migrate(database.db);
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  // Imports left running by a process that stopped: recorded interrupted. An embedded database has one process (this
  // one), so every running import is; on a server, others may be running theirs: only the silent ones.
  const interrupted = await markInterruptedImports(database.db, database.kind === 'pglite' ? 0 : 30);
  if (interrupted) log.warn({ imports: interrupted }, 'imports interrupted by a restart marked as such');
  // eslint-disable-next-line prefer-const -- assigned after deps, which reach it through wakeOutbox
  let worker: Automation | undefined;
  const llm = config.llm ? createOpenAiExtractor(config.llm) : undefined;
  // Delivered events reach the dashboard's live stream through this process's outbox worker.
  const feed = createDeliveryFeed();
  const deps: Deps = { db: database.db, log, now: () => new Date(), wakeOutbox: () => worker?.wake(), llm, feed };
  worker = automationFor(database, log, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, dataDir: config.dataDir, llm, feed });
  if (llm) log.info({ extractor: llm.name, url: config.llm!.url }, 'handoff briefs are prepared by the LLM, with the embedded extractor as fallback');

  if (config.bootstrapToken) {
    const created = await bootstrap(deps, config.bootstrapToken);
    if (created) log.info({ workspace: created.workspace.slug }, 'bootstrap: workspace and admin API token created');
  }
  if ((options.seed ?? config.demo) && (await countWorkspaces(database.db)) === 0) {
    await seedDemo(deps, { settle: () => worker!.drain() });
    await worker.drain();
  }
  const server = await buildServer({ ...deps, config, database }, { logger: options.httpLogger ?? log });
  if (options.runWorker ?? config.worker) worker.start();
  return {
    deps,
    database,
    worker,
    server,
    async close() {
      await server.close();
      await worker.stop();
      await database.close();
    },
  };
}

/** The outbox relay and the rule runner, started, stopped and drained together. */
export type Automation = {
  outbox: OutboxWorker;
  runs: RunWorker;
  /** Outbound webhook subscriptions' deliveries. */
  deliveries: DeliveryWorker;
  /** Delivers events and runs rules until nothing is left (events cause runs, runs cause events). */
  drain(): Promise<number>;
  wake(): void;
  start(): void;
  stop(): Promise<void>;
};

export type AutomationOptions = {
  smtpUrl?: string | undefined;
  mailFrom?: string;
  dataDir?: string;
  now?: () => Date;
  name?: string;
  /** The LLM that prepares handoff briefs in rule runs. */
  llm?: BriefExtractor | undefined;
  /** How long a debounced rule's window lasts (see dispatch.ts); tests that log notes in quick succession pass 0. */
  debounceMs?: number;
  runs?: { maxAttempts?: number; retryDelayMs?: (attempt: number) => number; leaseMs?: number };
  /** Outbound webhook deliveries (tests: a quicker backoff, a watched sender). */
  deliveries?: Partial<Pick<DeliveryWorkerOptions, 'maxAttempts' | 'retryDelayMs' | 'disableAfterMs' | 'send'>>;
  /** Where delivered events are published (the dashboard's live stream). */
  feed?: DeliveryFeed | undefined;
};

/** The automation as Baton runs it: the outbox relay feeding the rule dispatcher, and the rule runner. */
export function automationFor(database: Database, log: Logger, options: AutomationOptions = {}): Automation {
  const now = options.now ?? (() => new Date());
  const mailer = createMailer({ smtpUrl: options.smtpUrl, from: options.mailFrom ?? 'Baton <baton@localhost>', dataDir: options.dataDir ?? './data' });
  // eslint-disable-next-line prefer-const -- the outbox wakes the runner, which is built after it
  let runs: RunWorker | undefined;
  const deliveries = createDeliveryWorker({ db: database.db, log, now, ...options.deliveries });
  const outbox = outboxWorkerFor(
    database,
    log,
    options.name,
    {
      now,
      wakeRuns: () => runs?.wake(),
      wakeDeliveries: () => deliveries.wake(),
      timerSet: (dueAt) => runs?.timerSet(dueAt),
      debounceMs: options.debounceMs,
      sendMail: (tx, event) => mailer.send(tx, event),
    },
    options.feed,
  );
  runs = createRunWorker({
    db: database.db,
    log,
    actions: actionHandlers({
      outside: options.llm ? { extractor: options.llm, db: database.db, log } : undefined,
      webhookHosts: (workspaceId) => findWebhookHosts(database.db, workspaceId),
    }),
    now,
    concurrency: outboxConcurrency(database.kind),
    onEvents: () => outbox.wake(),
    ...(options.name && { name: `${options.name}:runs` }),
    ...options.runs,
  });
  const runner = runs;
  return {
    outbox,
    runs: runner,
    deliveries,
    async drain() {
      let total = 0;
      for (;;) {
        const n = (await outbox.drain()) + (await runner.drain()) + (await deliveries.drain());
        total += n;
        if (n === 0) return total;
      }
    },
    wake() {
      outbox.wake();
      runner.wake();
      deliveries.wake();
    },
    start() {
      outbox.start();
      runner.start();
      deliveries.start();
    },
    async stop() {
      await Promise.all([outbox.stop(), runner.stop(), deliveries.stop()]);
    },
  };
}

/**
 * PGlite runs one transaction at a time; a PostgreSQL pool can deliver events and run rules of several deals at once:
 * two lanes per core (a lane spends about half its time waiting on the database), at least two.
 */
export const outboxConcurrency = (kind: Database['kind']): number => (kind === 'postgres' ? Math.max(2, os.availableParallelism() * 2) : 1);

/** The outbox worker as Baton runs it: every handler, upkeep on PGlite, several lanes on PostgreSQL. */
export function outboxWorkerFor(
  database: Database,
  log: Logger,
  name: string | undefined,
  handlerDeps: Parameters<typeof eventHandlers>[0],
  feed?: DeliveryFeed,
): OutboxWorker {
  const { handlers, fallback, afterCommit, idle } = eventHandlers({ ...handlerDeps, db: database.db });
  return createOutboxWorker({
    db: database.db,
    log,
    handlers,
    fallback,
    afterCommit,
    ...(idle && { idle }),
    ...(feed && { onDelivered: (events) => feed.publish(events) }),
    afterBatch: maintenanceFor(database, log),
    concurrency: outboxConcurrency(database.kind),
    ...(name && { name }),
  });
}

/**
 * PGlite has no autovacuum: without it every update leaves a dead row and throughput decays. One table is vacuumed
 * every 100 delivered events, and at least every 5 s of activity: a short pause often, never a long one.
 */
export function maintenanceFor(database: Database, log: Logger): ((handled: number) => Promise<void>) | undefined {
  if (database.kind !== 'pglite') return undefined;
  let since = 0;
  let last = Date.now();
  return async (handled) => {
    since += handled;
    if (since === 0) return;
    if (since < 100 && Date.now() - last < 5_000) return;
    const started = Date.now();
    await database.maintain();
    log.debug({ events: since, ms: Date.now() - started }, 'embedded database: one table vacuumed');
    since = 0;
    last = Date.now();
  };
}

export function welcome(config: Config, demo: boolean): string {
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [``, `  Baton is running at ${url}`, `  API docs: ${url}/api/docs   OpenAPI: ${url}/api/openapi.json`];
  if (demo) lines.push(`  Log in as ${demoEmail('sales')} (or admin@, ops@, cs@, pm@, finance@, legal@baton.demo), password: ${demoPassword}`);
  lines.push(``);
  return lines.join('\n');
}
