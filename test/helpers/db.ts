// A fresh, migrated database per test file: a copy of a migrated PGlite directory, or a new PostgreSQL database
// on the server named by DATABASE_URL. Never a mock.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { migrate, migrationNames, openDatabase, type Database } from '../../src/adapters/db/database.ts';
import type { Deps } from '../../src/flows/deps.ts';
import { eventHandlers } from '../../src/engine/handlers.ts';
import type { EventHandler } from '../../src/engine/outbox.ts';
import { automationFor, type Automation, type AutomationOptions } from '../../src/main.ts';

export const usingPostgres = !!process.env.DATABASE_URL;
const templateDir = process.env.BATON_TEST_TEMPLATE ?? path.resolve('.tmp/pglite-template');

/** Builds the migrated PGlite template once; test/run.mjs calls this before the tests start. */
export async function ensurePgliteTemplate(): Promise<string> {
  const ready = path.join(templateDir, 'ready');
  const stamp = migrationNames().join('\n');
  // Built with other migrations (an older checkout, another branch): rebuild, or every copy would start out of order.
  if (fs.existsSync(ready) && fs.readFileSync(ready, 'utf8') === stamp) return templateDir;
  // Built aside and moved into place, so that test files starting at once never copy a half-built template.
  const building = `${templateDir}.${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  const database = await openDatabase({ dataDir: building });
  await migrate(database.db);
  await database.close();
  fs.writeFileSync(path.join(building, 'ready'), stamp);
  fs.rmSync(templateDir, { recursive: true, force: true });
  try {
    fs.renameSync(building, templateDir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another process moved its build into place first
  }
  return templateDir;
}

export type TestDatabase = Database & { url: string | undefined; dataDir: string; drop(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  if (usingPostgres) {
    const name = `baton_test_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 20 });
    await migrate(database.db);
    return {
      ...database,
      url: url.toString(),
      dataDir: '',
      async drop() {
        await database.close();
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const template = await ensurePgliteTemplate();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-test-'));
  fs.cpSync(path.join(template), dataDir, { recursive: true });
  const database = await openDatabase({ dataDir });
  await migrate(database.db); // a no-op unless the cached template predates a migration
  return {
    ...database,
    url: undefined,
    dataDir,
    async drop() {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const quietLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function testDeps(database: Database, overrides: Partial<Deps> = {}): Deps {
  return { db: database.db, log: quietLog, now: () => new Date(), wakeOutbox: () => {}, ...overrides };
}

/** The outbox relay and rule runner as Baton wires them, quiet, writing e-mail under a temporary directory. */
export function automation(database: Database, options: AutomationOptions = {}): Automation {
  return automationFor(database, quietLog, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'baton-mail-')), ...options });
}

/** The outbox's handler for record events: it starts the matching rules' runs in the delivering transaction. */
export const dispatchHandler: EventHandler = eventHandlers({ now: () => new Date(), wakeRuns: () => {}, sendMail: async () => {} }).fallback;

/** How many rule runs a record's events started. */
export async function runsFor(database: Database, subjectId: string): Promise<number> {
  const { sql } = await import('kysely');
  return (
    await database.db
      .selectFrom('rule_runs')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('subject_id', '=', subjectId)
      .executeTakeFirstOrThrow()
  ).n;
}
