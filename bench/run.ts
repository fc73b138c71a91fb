// `npm run bench`: mark-won throughput and latency of Baton's winDeal against a plain-SQL baseline, on PGlite and PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../src/adapters/db/database.ts';
import { maintenanceFor } from '../src/main.ts';
import { baselineWin } from './baseline.ts';
import { silentLog, startBaton, type Maintenance } from './baton.ts';
import { createPglite, createPostgres, defaultPostgresUrl, postgresUnreachable, type BenchDatabase } from './engines.ts';
import { maintenancePolicy } from './maintenance.ts';
import { decay, round, runFor, summarise, type Decay, type Summary } from './measure.ts';
import { seedWorkspace, type BenchWorkspace } from './seed.ts';

const envNumber = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return n;
};

const settings = {
  /** Baton's sustained run on PGlite, which is also the decay check. */
  pgliteSeconds: envNumber('BENCH_SECONDS', 60),
  /** The PGlite baseline runs long enough to compare its first and last 10 s. */
  pgliteBaselineSeconds: envNumber('BENCH_PGLITE_BASELINE_SECONDS', 20),
  postgresSeconds: envNumber('BENCH_PG_SECONDS', 15),
  postgresConcurrency: envNumber('BENCH_PG_CONCURRENCY', 4),
  postgresUrl: process.env.DATABASE_URL || defaultPostgresUrl,
  /** Which upkeep Baton runs on PGlite: `baton` is maintenanceFor from src/main.ts; others are candidates (bench/maintenance.ts). */
  maintenance: process.env.BENCH_MAINTENANCE ?? 'baton',
  decayGoal: 0.8,
  /** `pglite,postgres` by default; either alone for a shorter experiment. */
  engines: (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(','),
  /** Open deals (accounts) prepared per workspace; the baseline and Baton each get a workspace of this size. */
  accounts: envNumber('BENCH_ACCOUNTS', 20_000),
  /** Experiment only: adds the two indexes that spare winDeal two full scans of sequence_enrolments (not in Baton's schema). */
  extraIndexes: process.env.BENCH_EXTRA_INDEXES === '1',
};

type PathResult = Summary & { callers: number; exhausted: boolean; decay?: Decay };
type BatonResult = PathResult & { window: Summary; drainMs: number; eventsDelivered: number };
type EngineResult = {
  engine: 'pglite' | 'postgres';
  label: string;
  dealsPrepared: { baseline: number; baton: number };
  baseline: PathResult;
  baton: BatonResult;
  ratio: number;
  checks: { outcomes: number; stoppedEnrolments: number; eventsDone: number; notifications: number; ok: boolean };
  maintenance?: string;
};

async function analyze(database: Database): Promise<void> {
  await sql`vacuum analyze`.execute(database.db);
}

async function checkBaton(database: Database, w: BenchWorkspace, wins: number): Promise<EngineResult['checks']> {
  const ws = w.workspaceId;
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(database.db)).rows[0]?.n ?? 0);
  const outcomes = await count(sql<{ n: number }>`select count(*)::int as n from deal_outcomes where workspace_id = ${ws}`);
  const stoppedEnrolments = await count(sql<{ n: number }>`select count(*)::int as n from sequence_enrolments where workspace_id = ${ws} and status = 'stopped'`);
  const eventsDone = await count(sql<{ n: number }>`select count(*)::int as n from outbox_events where workspace_id = ${ws} and status = 'done'`);
  const notifications = await count(sql<{ n: number }>`select count(*)::int as n from notifications where workspace_id = ${ws}`);
  const ok = outcomes === wins && stoppedEnrolments === 2 * wins && eventsDone === wins && notifications === wins * w.opsUsers;
  return { outcomes, stoppedEnrolments, eventsDone, notifications, ok };
}

type Plan = {
  callers: number;
  baselineSeconds: number;
  batonSeconds: number;
  /** Baton's upkeep for this engine, given its database. */
  maintenance: (database: Database) => Maintenance;
  maintenanceLabel?: string;
};

/** A fresh, migrated database holding one workspace of open deals, ready to be won. */
async function prepare(name: string, open: () => Promise<BenchDatabase>, slug: string): Promise<{ bench: BenchDatabase; w: BenchWorkspace }> {
  const t0 = Date.now();
  const bench = await open();
  try {
    const w = await seedWorkspace(bench.database.db, slug, settings.accounts);
    if (settings.extraIndexes) {
      await sql`create index bench_enrolments_opportunity_idx on sequence_enrolments (workspace_id, opportunity_id) where status = 'active'`.execute(bench.database.db);
      await sql`create index bench_enrolments_stopped_by_idx on sequence_enrolments (workspace_id, stopped_by_outcome_id)`.execute(bench.database.db);
    }
    await analyze(bench.database);
    log(`${name}: fresh database with ${settings.accounts} open deals ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { bench, w };
  } catch (error) {
    await bench.drop();
    throw error;
  }
}

/** The baseline and Baton, each in its own fresh database with the same data, so neither inherits the other's rows. */
async function benchEngine(engine: EngineResult['engine'], open: () => Promise<BenchDatabase>, plan: Plan): Promise<EngineResult> {
  const name = engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const dealsPrepared = { baseline: settings.accounts, baton: settings.accounts };

  const b = await prepare(name, open, `bench-baseline-${engine}`);
  let baseline: PathResult;
  try {
    log(`${name}: baseline, ${plan.callers} caller(s), ${plan.baselineSeconds} s ...`);
    const base = await runFor({ seconds: plan.baselineSeconds, concurrency: plan.callers, deals: b.w.opportunityIds, win: baselineWin(b.bench.database.db, b.w) });
    baseline = { ...summarise(base), callers: plan.callers, exhausted: base.exhausted, ...(plan.baselineSeconds >= 20 ? { decay: decay(base) } : {}) };
  } finally {
    await b.bench.drop();
  }

  const { bench, w } = await prepare(name, open, `bench-baton-${engine}`);
  try {
    const { database } = bench;
    log(`${name}: Baton winDeal + outbox worker, ${plan.callers} caller(s), ${plan.batonSeconds} s ...`);
    const runner = startBaton(database, w, plan.maintenance(database));
    const run = await runFor({ seconds: plan.batonSeconds, concurrency: plan.callers, deals: w.opportunityIds, win: (id) => runner.win(id) });
    const drainMs = await runner.finish();
    const baton: BatonResult = {
      ...summarise(run, drainMs),
      callers: plan.callers,
      exhausted: run.exhausted,
      window: summarise(run),
      drainMs: round(drainMs, 1),
      eventsDelivered: runner.handled(),
      ...(engine === 'pglite' ? { decay: decay(run) } : {}),
    };
    const checks = await checkBaton(database, w, run.completed);
    return {
      engine,
      label: bench.label,
      dealsPrepared,
      baseline,
      baton,
      ratio: round(baton.perSecond / baseline.perSecond, 3),
      checks,
      ...(plan.maintenanceLabel ? { maintenance: plan.maintenanceLabel } : {}),
    };
  } finally {
    await bench.drop();
  }
}

function log(line: string): void {
  process.stderr.write(`  .. ${line}\n`);
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const padEnd = (s: string | number, n: number) => String(s).padEnd(n);

function table(results: EngineResult[]): string[] {
  const head = `${padEnd('Engine', 11)}${padEnd('Path', 22)}${pad('Callers', 7)}${pad('Seconds', 9)}${pad('Wins', 8)}${pad('Wins/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}  vs baseline`;
  const lines = [head, '-'.repeat(head.length)];
  for (const r of results) {
    const name = r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
    const row = (p: string, s: Summary, callers: number, note: string) =>
      `${padEnd(name, 11)}${padEnd(p, 22)}${pad(callers, 7)}${pad(s.seconds.toFixed(1), 9)}${pad(s.wins, 8)}${pad(s.perSecond.toFixed(1), 9)}${pad(s.p50Ms.toFixed(2), 9)}${pad(s.p99Ms.toFixed(2), 9)}  ${note}`;
    lines.push(row('baseline (plain SQL)', r.baseline, r.baseline.callers, ''));
    lines.push(row('baton winDeal+outbox', r.baton, r.baton.callers, `${r.ratio.toFixed(2)}x of baseline`));
    if (r.baseline.exhausted || r.baton.exhausted) lines.push(`${padEnd('', 11)}(ran out of prepared deals before the time was up)`);
  }
  return lines;
}

function describeDecay(d: Decay, goal: number): string {
  return `first 10 s ${d.firstPerSecond.toFixed(1)} wins/s, last 10 s ${d.lastPerSecond.toFixed(1)} wins/s, last/first ${d.ratio.toFixed(2)}`;
}

async function main(): Promise<void> {
  const results: EngineResult[] = [];
  const notes: string[] = [];
  let decayVerdict: { pass: boolean; ratio: number; goal: number; maintenance: string } | undefined;
  const cpus = os.cpus().length;
  console.log(`Baton bench: mark won (winDeal) vs the same row changes as plain SQL. Node ${process.version}, ${cpus} CPUs, ${os.cpus()[0]?.model ?? ''}`);
  console.log(
    `Each win is of a fresh deal: an account with 2 contacts enrolled in a sequence and 1 open opportunity; ${settings.accounts} such deals and 7 users (1 ops) in a fresh database for the baseline and another for Baton.`,
  );
  if (settings.extraIndexes) console.log('EXPERIMENT: indexes on sequence_enrolments (workspace_id, opportunity_id) where active and (workspace_id, stopped_by_outcome_id) added; not in Baton\'s schema.');
  console.log('');

  // PGlite: one transaction at a time, so one caller; the outbox worker shares the same instance.
  if (settings.engines.includes('pglite')) {
    const policy = maintenancePolicy(settings.maintenance);
    results.push(
      await benchEngine('pglite', createPglite, {
        callers: 1,
        baselineSeconds: settings.pgliteBaselineSeconds,
        batonSeconds: settings.pgliteSeconds,
        maintenance: (database) => (policy ? policy(database) : maintenanceFor(database, silentLog)),
        maintenanceLabel: policy ? `bench candidate policy "${settings.maintenance}"` : 'maintenanceFor (src/main.ts)',
      }),
    );
  }

  if (settings.engines.includes('postgres')) {
    const unreachable = await postgresUnreachable(settings.postgresUrl);
    if (unreachable) {
      notes.push(`PostgreSQL: skipped (unreachable: ${unreachable})`);
    } else {
      results.push(
        await benchEngine('postgres', () => createPostgres(settings.postgresUrl, settings.postgresConcurrency + 4), {
          callers: settings.postgresConcurrency,
          baselineSeconds: settings.postgresSeconds,
          batonSeconds: settings.postgresSeconds,
          // A server vacuums itself (autovacuum); maintenanceFor returns undefined for it too.
          maintenance: (database) => maintenanceFor(database, silentLog),
        }),
      );
    }
  }

  console.log(table(results).join('\n'));
  console.log('');
  for (const r of results) {
    const name = r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
    console.log(`${name}: ${r.label}`);
    console.log(
      `  Baton wins/s counts the outbox delivery: ${r.baton.window.seconds.toFixed(1)} s of wins (${r.baton.window.perSecond.toFixed(1)}/s while calling) + ${(r.baton.drainMs / 1000).toFixed(2)} s to deliver the ${r.baton.eventsDelivered} deal.won events' backlog.`,
    );
    console.log(
      `  Checked after the run: ${r.checks.outcomes} win records, ${r.checks.stoppedEnrolments} enrolments stopped, ${r.checks.eventsDone} events done, ${r.checks.notifications} notifications: ${r.checks.ok ? 'OK' : 'MISMATCH'}`,
    );
    if (!r.checks.ok) notes.push(`${name}: the state after Baton's run does not match the wins made`);
    if (r.engine === 'pglite') {
      const d = r.baton.decay!;
      const pass = d.ratio >= settings.decayGoal;
      decayVerdict = { pass, ratio: d.ratio, goal: settings.decayGoal, maintenance: r.maintenance ?? '' };
      console.log(`  Decay, Baton with ${r.maintenance} over ${r.baton.window.seconds.toFixed(0)} s: ${describeDecay(d, settings.decayGoal)}`);
      console.log(`    -> ${pass ? 'PASS' : 'FAIL'} (goal: last 10 s >= ${settings.decayGoal} x first 10 s; reported, not an exit code)`);
      console.log(`    wins per second: ${d.perSecondTimeline.join(' ')}`);
      if (r.baseline.decay) {
        console.log(`  Decay, baseline without upkeep over ${r.baseline.seconds.toFixed(0)} s: ${describeDecay(r.baseline.decay, settings.decayGoal)} (for comparison)`);
        console.log(`    wins per second: ${r.baseline.decay.perSecondTimeline.join(' ')}`);
      }
    }
  }
  for (const n of notes) console.log(n);

  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus, settings: { ...settings, postgresUrl: redact(settings.postgresUrl) }, results, decay: decayVerdict, notes }, null, 2) + '\n');
  console.log(`Figures written to ${path.relative(process.cwd(), file)}`);
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
