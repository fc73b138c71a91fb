// The OpenAPI document without a database or a listening socket: the server's routes registered against a
// connection pool that is never opened, for `baton openapi` and the typed client's generator (clients/typescript).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import type { DB } from '../db/schema.ts';
import { buildServer } from './server.ts';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  // No query runs while routes are registered; the pool would connect lazily, and is closed unused.
  const pool = new pg.Pool({ max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const app = await buildServer(
    { db, log: pino({ level: 'silent' }), now: () => new Date(), wakeOutbox: () => {}, config: { cookieSecure: false }, database: { kind: 'postgres' } },
    { logger: false },
  );
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await db.destroy();
  }
}
