// Throwaway benchmark databases: PGlite in a fresh directory under the OS temp dir, or a new PostgreSQL database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../src/adapters/db/database.ts';

/** Statements sent to the database (transaction control included) and transactions begun, since it opened. */
export type StatementCount = { statements: number; transactions: number };
export type BenchDatabase = {
  database: Database;
  label: string;
  count: StatementCount;
  /** CPU ms the server's backends for this database have used, when the server runs on this machine (else undefined). */
  serverCpu?: () => ServerCpu | undefined;
  drop(): Promise<void>;
};

/** Clock ticks per backend process, to subtract one reading from a later one. */
export type ServerCpu = Map<number, number>;

const ticksPerSecond = 100; // USER_HZ on Linux

/**
 * CPU ticks (user + system) of this machine's PostgreSQL backends connected to `database`, read from /proc; undefined
 * when /proc cannot be read (another OS, a server elsewhere). Backends are named "postgres: ... <user> <database> <host>".
 */
function readServerCpu(database: string): ServerCpu | undefined {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const ticks: ServerCpu = new Map();
  for (const pid of pids) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${database} `)) continue;
      // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while being read.
    }
  }
  return ticks;
}

/** Server CPU ms between two readings (backends that ended in between are not counted). */
export function serverCpuMs(before: ServerCpu | undefined, after: ServerCpu | undefined): number | undefined {
  if (!before || !after || after.size === 0) return undefined;
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return (ticks * 1000) / ticksPerSecond;
}

function counter(): { count: StatementCount; onStatement: (sql: string) => void } {
  const count: StatementCount = { statements: 0, transactions: 0 };
  return {
    count,
    onStatement(sql) {
      count.statements++;
      if (/^\s*begin/i.test(sql)) count.transactions++;
    },
  };
}

export async function createPglite(): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
  try {
    const { count, onStatement } = counter();
    const database = await openDatabase({ dataDir, onStatement });
    await migrate(database.db);
    return {
      database,
      count,
      label: `PGlite (${dataDir})`,
      async drop() {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Why the server cannot be used, or undefined when it answers. */
export async function postgresUnreachable(serverUrl: string): Promise<string | undefined> {
  try {
    await admin(serverUrl, (c) => c.query('select 1'));
    return undefined;
  } catch (error) {
    if (!(error instanceof Error)) return String(error);
    const code = (error as Error & { code?: string }).code;
    return error.message || code || error.constructor.name;
  }
}

/** Creates `baton_bench_<random>` on the server; throws when the server cannot be reached. */
export async function createPostgres(serverUrl: string, poolSize: number): Promise<BenchDatabase> {
  const name = `baton_bench_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined);
  try {
    const { count, onStatement } = counter();
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize, onStatement });
    await migrate(database.db);
    const { version } = await admin(
      url.toString(),
      async (c) => (await c.query<{ version: string }>(`select current_setting('server_version') as version`)).rows[0] ?? { version: '?' },
    );
    return {
      database,
      count,
      label: `PostgreSQL ${version} (${url.host}, database ${name})`,
      serverCpu: ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? () => readServerCpu(name) : undefined,
      async drop() {
        await database.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
