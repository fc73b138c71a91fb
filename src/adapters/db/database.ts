// Opens the database: embedded PGlite under the data directory, or PostgreSQL when DATABASE_URL is set.
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Migration, type Transaction } from 'kysely';
import pg from 'pg';
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { PGliteDriver } from './pglite-driver.ts';
import { preparedName } from './prepared.ts';
import { withoutValuesInErrors } from './query-errors.ts';
import { lockDataDir } from './data-lock.ts';
import type { DB } from './schema.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-enrolment-indexes.ts';
import * as m0003 from './migrations/0003-projects-and-rules.ts';
import * as m0004 from './migrations/0004-handoff-brief.ts';
import * as m0006 from './migrations/0006-webhook-hosts.ts';
import * as m0007 from './migrations/0007-workspace-config-version.ts';
import * as m0008 from './migrations/0008-debounced-brief-refresh.ts';
import * as m0009 from './migrations/0009-list-indexes.ts';
import * as m0010 from './migrations/0010-pipeline-archive.ts';
import * as m0011 from './migrations/0011-contact-buying-roles.ts';
import * as m0012 from './migrations/0012-deal-list-and-views.ts';
import * as m0013 from './migrations/0013-loss-reasons.ts';
import * as m0015 from './migrations/0015-handoff-measures.ts';
import * as m0016 from './migrations/0016-handoff-review-tasks.ts';
import * as m0017 from './migrations/0017-reopen-hold.ts';
import * as m0018 from './migrations/0018-handoff-csm-recipient.ts';
import * as m0020 from './migrations/0020-unplanned-wins.ts';
import * as m0030 from './migrations/0030-deal-terms.ts';
import * as m0031 from './migrations/0031-client-documents.ts';
import * as m0040 from './migrations/0040-conflict-confidence.ts';
import * as m0045 from './migrations/0045-open-task-counts.ts';
import * as m0046 from './migrations/0046-awaiting-project.ts';
import * as m0047 from './migrations/0047-returned-briefs.ts';
import * as m0050 from './migrations/0050-approvals.ts';
import * as m0051 from './migrations/0051-document-numbers.ts';
import * as m0052 from './migrations/0052-approval-policies-config.ts';
import * as m0053 from './migrations/0053-runs-waiting-for-approval.ts';
import * as m0054 from './migrations/0054-webhook-subscriptions.ts';
import * as m0060 from './migrations/0060-delivery-state.ts';
import * as m0061 from './migrations/0061-operations-digest.ts';
import * as m0070 from './migrations/0070-leads.ts';
import * as m0080 from './migrations/0080-inbound-connections.ts';
import * as m0081 from './migrations/0081-import-links.ts';
import * as m0090 from './migrations/0090-handoff-call.ts';
import * as m0091 from './migrations/0091-traction-gate.ts';
import * as m0092 from './migrations/0092-import-jobs.ts';
import * as m0093 from './migrations/0093-dashboard-views.ts';
import * as m0094 from './migrations/0094-contact-import-links.ts';
import * as m0095 from './migrations/0095-sales-roles.ts';
import * as m0096 from './migrations/0096-win-summaries.ts';
import * as m0097 from './migrations/0097-held-rule-steps.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Routine upkeep an embedded instance needs (PGlite has no autovacuum): one table per call, in turn. */
  maintain(): Promise<void>;
  close(): Promise<void>;
};

const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-enrolment-indexes': m0002,
  '0003-projects-and-rules': m0003,
  '0004-handoff-brief': m0004,
  '0006-webhook-hosts': m0006,
  '0007-workspace-config-version': m0007,
  '0008-debounced-brief-refresh': m0008,
  '0009-list-indexes': m0009,
  '0010-pipeline-archive': m0010,
  '0011-contact-buying-roles': m0011,
  '0012-deal-list-and-views': m0012,
  '0013-loss-reasons': m0013,
  '0015-handoff-measures': m0015,
  '0016-handoff-review-tasks': m0016,
  '0017-reopen-hold': m0017,
  '0018-handoff-csm-recipient': m0018,
  '0020-unplanned-wins': m0020,
  '0030-deal-terms': m0030,
  '0031-client-documents': m0031,
  '0040-conflict-confidence': m0040,
  '0045-open-task-counts': m0045,
  '0046-awaiting-project': m0046,
  '0047-returned-briefs': m0047,
  '0050-approvals': m0050,
  '0051-document-numbers': m0051,
  '0052-approval-policies-config': m0052,
  '0053-runs-waiting-for-approval': m0053,
  '0054-webhook-subscriptions': m0054,
  '0060-delivery-state': m0060,
  '0061-operations-digest': m0061,
  '0070-leads': m0070,
  '0080-inbound-connections': m0080,
  '0081-import-links': m0081,
  '0090-handoff-call': m0090,
  '0091-traction-gate': m0091,
  '0092-import-jobs': m0092,
  '0093-dashboard-views': m0093,
  '0094-contact-import-links': m0094,
  '0095-sales-roles': m0095,
  '0096-win-summaries': m0096,
  '0097-held-rule-steps': m0097,
};

/** The migrations this code knows, in order (a test template built with fewer is rebuilt). */
export const migrationNames = (): string[] => Object.keys(migrations);

/** Tables whose rows are updated (dead tuples pile up): vacuumed every other turn of the embedded upkeep. */
const updatedTables = [
  'outbox_events',
  'rule_runs',
  'rule_run_steps',
  'opportunities',
  'accounts',
  'sequence_enrolments',
  'team_roles',
  'api_tokens',
  'sessions',
  'rule_timers',
  'projects',
  'tasks',
  'mail_messages',
  'handoff_briefs',
  'brief_items',
  'brief_conflicts',
  'workspaces',
  'webhook_deliveries',
  'inbound_events',
  'inbound_links',
  'leads',
  'imports',
  'win_summaries',
];
/** Tables that only grow: analysed in turn, so the planner knows their size. */
const growingTables = [
  'deal_outcomes',
  'stage_changes',
  'outbox_attempts',
  'notifications',
  'audit_log',
  'project_deals',
  'project_phases',
  'milestones',
  'handoff_events',
  'lead_events',
];

/** The embedded upkeep's order of turns: an updated table every other turn, a growing one in between. */
const upkeepTurns = updatedTables.flatMap((t, i) => [t, growingTables[i % growingTables.length]!]);

const INT8 = 20;
const DATE = 1082;

/** `onStatement` sees every statement sent, transaction control included (the bench counts them). */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  onConnectionError?: (error: Error) => void;
  onStatement?: (sql: string) => void;
  /** Who opens the embedded database, named to another process that finds it in use ("the server", "baton migrate"). */
  holder?: string;
}): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return (v: string) => Number(v);
          if (oid === DATE) return (v: string) => v;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server ends (a restart, a failover, an administrator) is an 'error' event on the pool:
    // without a listener Node would crash the process. The pool replaces the connection on the next query.
    pool.on('error', (error) => (options.onConnectionError ?? ((e: Error) => process.emitWarning(`PostgreSQL connection lost: ${e.message}`)))(error));
    // Counted at the client, where Kysely's own log would miss begin and commit; marked hot statements go as named
    // prepared statements (prepared.ts).
    const onStatement = options.onStatement;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const first = args[0];
        onStatement?.(typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? ''));
        const name = typeof first === 'string' ? preparedName(first) : undefined;
        if (name !== undefined && Array.isArray(args[1])) return query({ name, text: first, values: args[1] }, ...args.slice(2));
        return query(...args);
      };
    });
    const db = new Kysely<DB>({ dialect: withoutValuesInErrors(new PostgresDialect({ pool })) });
    return { db, kind: 'postgres', maintain: async () => {}, close: () => db.destroy() };
  }
  await fs.mkdir(options.dataDir, { recursive: true });
  // Throws DatabaseInUse while another process (or this one) has the directory open.
  const lock = await lockDataDir(options.dataDir, options.holder ?? 'another Baton process');
  let pglite: PGlite;
  try {
    pglite = new PGlite(path.join(options.dataDir, 'pglite'), {
      parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
  let turn = 0;
  const db = new Kysely<DB>({
    dialect: withoutValuesInErrors({
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PGliteDriver(pglite, () => lock.release(), options.onStatement),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    }),
  });
  return {
    db,
    kind: 'pglite',
    // VACUUM cannot run inside a transaction; through the driver it waits its turn like any query, and while it runs
    // the one session does nothing else. One table per turn keeps that wait short (a vacuum of all of them at once
    // held writes for up to 10 s once the tables had grown); the caller takes turns often.
    maintain: async () => {
      const table = upkeepTurns[turn++ % upkeepTurns.length]!;
      await sql.raw(`vacuum analyze ${table}`).execute(db);
    },
    // Kysely leaves a driver that never ran a query alone: close PGlite and give the directory back here too.
    close: async () => {
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        await lock.release();
      }
    },
  };
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'baton_migrations',
    migrationLockTableName: 'baton_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
