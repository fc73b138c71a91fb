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
import { createPglite, createPostgres, defaultPostgresUrl, type BenchDatabase } from './engines.ts';
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
};

/** Deals to prepare for a run: the expected rate times the duration, with headroom; a run that runs out says so. */
const dealsFor = (seconds: number, expectedPerSecond: number) => Math.ceil(seconds * expectedPerSecond * 1.6) + 500;

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

async function benchEngine(
  engine: EngineResult['engine'],
  bench: BenchDatabase,
  plan: { callers: number; baselineSeconds: number; batonSeconds: number; baselineRate: number; batonRate: number; maintenance: Maintenance; maintenanceLabel?: string },
): Promise<EngineResult> {
  const { database } = bench;
  const name = engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const dealsPrepared = { baseline: dealsFor(plan.baselineSeconds, plan.baselineRate), baton: dealsFor(plan.batonSeconds, plan.batonRate) };
  const t0 = Date.now();
  const baseW = await seedWorkspace(database.db, `bench-baseline-${engine}`, dealsPrepared.baseline);
  const batonW = await seedWorkspace(database.db, `bench-baton-${engine}`, dealsPrepared.baton);
  await analyze(database);
  log(`${name}: prepared ${dealsPrepared.baseline} + ${dealsPrepared.baton} deals in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  log(`${name}: baseline, ${plan.callers} caller(s), ${plan.baselineSeconds} s ...`);
  const base = await runFor({ seconds: plan.baselineSeconds, concurrency: plan.callers, deals: baseW.opportunityIds, win: baselineWin(database.db, baseW) });
  const baseline: PathResult = { ...summarise(base), callers: plan.callers, exhausted: base.exhausted, ...(plan.baselineSeconds >= 20 ? { decay: decay(base) } : {}) };

  // The baseline's events are not Baton's to deliver; take them out of the worker's way and clean up before Baton runs.
  await sql`update outbox_events set status = 'done', processed_at = now() where workspace_id = ${baseW.workspaceId} and status = 'pending'`.execute(database.db);
  await analyze(database);

  log(`${name}: Baton winDeal + outbox worker, ${plan.callers} caller(s), ${plan.batonSeconds} s ...`);
  const runner = startBaton(database, batonW, plan.maintenance);
  const run = await runFor({ seconds: plan.batonSeconds, concurrency: plan.callers, deals: batonW.opportunityIds, win: (id) => runner.win(id) });
  const drainMs = await runner.finish();
  const window = summarise(run);
  const baton: BatonResult = {
    ...summarise(run, drainMs),
    callers: plan.callers,
    exhausted: run.exhausted,
    window,
    drainMs: round(drainMs, 1),
    eventsDelivered: runner.handled(),
    ...(engine === 'pglite' ? { decay: decay(run) } : {}),
  };
  const checks = await checkBaton(database, batonW, run.completed);
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
  console.log(`Each win is of a fresh deal: an account with 2 contacts enrolled in a sequence and 1 open opportunity; 7 users (1 ops).`);
  console.log('');

  // PGlite: one transaction at a time, so one caller; the outbox worker shares the same instance.
  const policy = maintenancePolicy(settings.maintenance);
  let pglite: BenchDatabase | undefined;
  try {
    pglite = await createPglite();
    const database = pglite.database;
    const maintenance = policy ? policy(database) : maintenanceFor(database, silentLog);
    results.push(
      await benchEngine('pglite', pglite, {
        callers: 1,
        baselineSeconds: settings.pgliteBaselineSeconds,
        batonSeconds: settings.pgliteSeconds,
        baselineRate: 900,
        batonRate: 400,
        maintenance,
        maintenanceLabel: policy ? `bench candidate "${settings.maintenance}"` : 'maintenanceFor (src/main.ts)',
      }),
    );
  } finally {
    await pglite?.drop();
  }

  let postgres: BenchDatabase | undefined;
  try {
    postgres = await createPostgres(settings.postgresUrl, settings.postgresConcurrency + 4);
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.constructor.name : String(error);
    notes.push(`PostgreSQL: skipped (unreachable: ${reason})`);
  }
  if (postgres) {
    try {
      results.push(
        await benchEngine('postgres', postgres, {
          callers: settings.postgresConcurrency,
          baselineSeconds: settings.postgresSeconds,
          batonSeconds: settings.postgresSeconds,
          baselineRate: 2500,
          batonRate: 1200,
          maintenance: undefined,
        }),
      );
    } finally {
      await postgres.drop();
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
