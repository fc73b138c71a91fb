// `npm run bench`: the won-deal handoff (win, project from a 30-task template, notifications, rule runs) through Baton
// against a plain-SQL baseline making the same row changes, on PGlite and PostgreSQL; the cost of 1,000 rules; a SOW as PDF.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../src/adapters/db/database.ts';
import { baselineHandoff } from './baseline.ts';
import { inFlightGate, startBaton, type Maintenance } from './baton.ts';
import { checkHandoffs, countRows, handoffTables, handoffTimes, rowsPerHandoff, type HandoffChecks, type RowCounts } from './checks.ts';
import { createPglite, createPostgres, defaultPostgresUrl, postgresUnreachable, serverCpuMs, type BenchDatabase, type StatementCount } from './engines.ts';
import { maintenancePolicy } from './maintenance.ts';
import { decay, percentile, round, runFor, summarise, type Decay, type Summary } from './measure.ts';
import { measureRulesCost, type RulesCost } from './rules-cost.ts';
import { addDocumentsAndApprovals, type DocumentsSetup } from './documents.ts';
import { briefLines, measureBriefPreparation, type BriefSize } from './brief.ts';
import { measurePdfGeneration, pdfLines, type PdfTiming } from './pdf.ts';
import { seedWorkspace, tasksPerProject, type BenchWorkspace } from './seed.ts';
import { measurePages, pagesLines, type PageTiming } from './pages.ts';
import { findScaleWorkspace, seedScale } from './scale.ts';
import { dashboardLines, measureDashboard, seedDashboard } from './dashboard.ts';
import { importLines, measureImport, type ImportTiming } from './imports.ts';
import { inboundLines, measureInbound, type InboundTiming } from './inbound.ts';
import { migrate, openDatabase } from '../src/adapters/db/database.ts';

const envNumber = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return n;
};

const settings = {
  /** Baton's run on PGlite, which is also the decay check (handoffs completed early in the run vs at its end). */
  pgliteSeconds: envNumber('BENCH_SECONDS', 60),
  pgliteBaselineSeconds: envNumber('BENCH_PGLITE_BASELINE_SECONDS', 20),
  postgresSeconds: envNumber('BENCH_PG_SECONDS', 15),
  postgresConcurrency: envNumber('BENCH_PG_CONCURRENCY', 4),
  postgresUrl: process.env.DATABASE_URL || defaultPostgresUrl,
  /** Which upkeep Baton runs on PGlite: `baton` is automationFor's maintenanceFor (src/main.ts); others are candidates (bench/maintenance.ts). */
  maintenance: process.env.BENCH_MAINTENANCE ?? 'baton',
  decayGoal: 0.8,
  /**
   * Parts to run: `pglite,postgres,documents,rules,brief,pages,pdf` by default; any of them alone for a shorter experiment.
   * `documents`: the handoff with the SOW generated into review and a finance approval requested (bench/documents.ts),
   * on PGlite and on PostgreSQL, each beside its own plain-SQL baseline. `dashboard` (not by default: it seeds 100,000
   * won deals per engine): the delivery dashboard's pages (bench/dashboard.ts). `inbound`: signed HubSpot events that win
   * deals and run the handoff (bench/inbound.ts); `import`: a CSV export of deals imported, then imported again
   * (bench/imports.ts); both on PGlite and PostgreSQL, each beside its plain-SQL baseline.
   */
  parts: (process.env.BENCH_ENGINES ?? 'pglite,postgres,documents,inbound,import,rules,brief,pages,pdf').split(','),
  /** Inbound events (`inbound`): the window of each side, and the open deals each workspace holds. */
  inboundSeconds: envNumber('BENCH_INBOUND_SECONDS', 15),
  inboundDeals: envNumber('BENCH_INBOUND_DEALS', 3_000),
  /** Rows of the CSV export imported (`import`). */
  importRows: envNumber('BENCH_IMPORT_ROWS', 2_000),
  /** Baton's window with documents and approvals on, PGlite. */
  documentsPgliteSeconds: envNumber('BENCH_DOCUMENTS_SECONDS', 30),
  /** The delivery dashboard (`dashboard`): won deals in its scale workspace (bench/dashboard.ts), 12 tasks each. */
  dashboardWonDeals: envNumber('BENCH_DASHBOARD_WON', 100_000),
  dashboardTasksPerPhase: envNumber('BENCH_DASHBOARD_TASKS_PER_PHASE', 4),
  dashboardIterations: envNumber('BENCH_DASHBOARD_ITERATIONS', 30),
  /** Where the dashboard's workspace is made and read, one fresh database each: `postgres,pglite` by default. */
  dashboardEngines: (process.env.BENCH_DASHBOARD_ENGINES ?? 'postgres,pglite').split(','),
  /**
   * A PostgreSQL database for the dashboard to keep between runs (migrated, seeded once if it holds no scale
   * workspace, never dropped): seeding 100,000 wins takes long, and the slow queries are then there to EXPLAIN.
   */
  dashboardUrl: process.env.BENCH_DASHBOARD_URL || undefined,
  /** The SOW PDF (`pdf`): renders per measurement. */
  pdfRenders: envNumber('BENCH_PDF_RENDERS', 200),
  /** The list pages (`pages`): deals in the scale workspace (a third won, each with a 30-task project). */
  pagesDeals: envNumber('BENCH_PAGES_DEALS', 100_000),
  pagesIterations: envNumber('BENCH_PAGES_ITERATIONS', 30),
  /** `postgres` (default) or `pglite`: where the scale workspace is made. */
  pagesEngine: process.env.BENCH_PAGES_ENGINE ?? 'postgres',
  /**
   * A PostgreSQL database to keep between runs (migrated, seeded once if it holds no scale workspace, never dropped),
   * e.g. postgres://postgres@127.0.0.1:5432/baton_scale; without it, a fresh database dropped after the run.
   */
  pagesUrl: process.env.BENCH_PAGES_URL || undefined,
  /** Open deals prepared per database; the baseline and Baton each get a database of this size. */
  accounts: envNumber('BENCH_ACCOUNTS', 10_000),
  /** Rules added to a workspace for the rules-cost measurement. */
  rules: envNumber('BENCH_RULES', 1_000),
  rulesDispatchIterations: envNumber('BENCH_RULES_ITERATIONS', 100),
  /** Baton's callers keep at most this many handoffs in flight (won, rules not yet done). */
  inFlight: envNumber('BENCH_IN_FLIGHT', 50),
};

type Engine = 'pglite' | 'postgres';
/** cpuMsPerHandoff: this process's CPU time (user + system) per handoff; on PGlite it includes the embedded database. */
/** Statements (transaction control included) and transactions per handoff, counted at the database connection. */
type StatementsPerHandoff = { statements: number; transactions: number };
/** serverCpuMsPerHandoff: CPU of PostgreSQL's backends for the bench database per handoff, when the server runs on this machine. */
type BaselineResult = Summary & {
  callers: number;
  exhausted: boolean;
  cpuMsPerHandoff: number;
  serverCpuMsPerHandoff?: number;
  perHandoff: StatementsPerHandoff;
  decay?: Decay;
};
type BatonResult = {
  callers: number;
  exhausted: boolean;
  /** Handoffs (wins) made in the window. */
  handoffs: number;
  /** Window plus the time to finish every handoff left over when it closed. */
  seconds: number;
  /** Handoffs completed per second: all the window's wins, each with its project, tasks and notifications, over `seconds`. */
  perSecond: number;
  /** The winDeal call alone (the automation finishes the handoff after it returns). */
  winCall: Summary;
  /** This process's CPU time per handoff, window and finishing included. */
  cpuMsPerHandoff: number;
  serverCpuMsPerHandoff?: number;
  drainMs: number;
  /** Share of the window the callers waited because `inFlight` handoffs were unfinished. */
  gateWaitShare: number;
  /** Handoffs whose last rule run finished before the window closed, per second of window. */
  completedInWindowPerSecond: number;
  /** From the win's transaction to the end of its last rule run, ms (includes waiting behind up to `inFlight` handoffs). */
  handoffLag: { p50Ms: number; p99Ms: number };
  /** On PGlite: handoffs completed per second early in the window (after a warm-up) and at its end. */
  decay?: Decay;
  perHandoff: StatementsPerHandoff;
  /** The longest a win call waited (a write held up, by upkeep or by the automation), ms. */
  longestPauseMs: number;
};
type EngineResult = {
  engine: Engine;
  /** documents: the handoff with the SOW in review and a finance approval request (bench/documents.ts). */
  variant: 'handoff' | 'documents';
  label: string;
  baseline: BaselineResult;
  baton: BatonResult;
  /** Baton handoffs/s over baseline handoffs/s. */
  ratio: number;
  checks: { baseline: HandoffChecks; baton: HandoffChecks };
  rowsPerHandoff: { baseline: RowCounts; baton: RowCounts };
  maintenance?: string;
};

function log(line: string): void {
  process.stderr.write(`  .. ${line}\n`);
}

const cpuMsPer = (since: NodeJS.CpuUsage, handoffs: number) => {
  const used = process.cpuUsage(since);
  return round((used.user + used.system) / 1000 / Math.max(1, handoffs), 2);
};

const engineName = (e: Engine) => (e === 'pglite' ? 'PGlite' : 'PostgreSQL');

const perHandoff = (count: StatementCount, before: StatementCount, handoffs: number, excluded = 0): StatementsPerHandoff => ({
  statements: round((count.statements - before.statements - excluded) / Math.max(1, handoffs), 1),
  transactions: round((count.transactions - before.transactions) / Math.max(1, handoffs), 1),
});

/** A fresh, migrated database holding one bench workspace of open deals, ready to be won. */
async function prepare(
  name: string,
  open: () => Promise<BenchDatabase>,
  slug: string,
  withDocuments = false,
): Promise<{ bench: BenchDatabase; w: BenchWorkspace; before: RowCounts; documents?: DocumentsSetup }> {
  const t0 = Date.now();
  const bench = await open();
  try {
    const w = await seedWorkspace(bench.database.db, slug, settings.accounts);
    const documents = withDocuments ? await addDocumentsAndApprovals(bench.database.db, w) : undefined;
    await sql`vacuum analyze`.execute(bench.database.db);
    const before = await countRows(bench.database.db, w.workspaceId);
    log(
      `${name}: fresh database with ${settings.accounts} open deals, roster, template and rules${documents ? ', document templates, terms and a finance policy' : ''} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    return { bench, w, before, ...(documents && { documents }) };
  } catch (error) {
    await bench.drop();
    throw error;
  }
}

type Plan = {
  callers: number;
  baselineSeconds: number;
  batonSeconds: number;
  candidate?: (database: Database) => Maintenance;
  maintenanceLabel?: string;
  /** Baton's workspace also generates the SOW into review and requests a finance approval on each win. */
  documents?: boolean;
};

/** The baseline and Baton, each in its own fresh database with the same data, so neither inherits the other's rows. */
async function benchEngine(engine: Engine, open: () => Promise<BenchDatabase>, plan: Plan): Promise<EngineResult> {
  const name = engineName(engine);

  const b = await prepare(name, open, `bench-baseline-${engine}`);
  let baseline: BaselineResult;
  let baselineChecks: HandoffChecks;
  let baselineRows: RowCounts;
  try {
    const db = b.bench.database.db;
    log(`${name}: baseline, the whole handoff as plain SQL in one transaction, ${plan.callers} caller(s), ${plan.baselineSeconds} s ...`);
    const cpu0 = process.cpuUsage();
    const server0 = b.bench.serverCpu?.();
    const counted = { ...b.bench.count };
    const run = await runFor({ seconds: plan.baselineSeconds, concurrency: plan.callers, deals: b.w.opportunityIds, win: baselineHandoff(db, b.w) });
    const serverMs = serverCpuMs(server0, b.bench.serverCpu?.());
    baseline = {
      ...summarise(run),
      callers: plan.callers,
      exhausted: run.exhausted,
      cpuMsPerHandoff: cpuMsPer(cpu0, run.completed),
      ...(serverMs !== undefined ? { serverCpuMsPerHandoff: round(serverMs / Math.max(1, run.completed), 2) } : {}),
      perHandoff: perHandoff(b.bench.count, counted, run.completed),
      ...(plan.baselineSeconds >= 20 ? { decay: decay(run.doneAt, run.elapsedMs) } : {}),
    };
    baselineChecks = await checkHandoffs(db, b.w, run.completed);
    baselineRows = rowsPerHandoff(b.before, await countRows(db, b.w.workspaceId), run.completed);
  } finally {
    await b.bench.drop();
  }

  const { bench, w, before, documents } = await prepare(name, open, `bench-baton-${engine}${plan.documents ? '-documents' : ''}`, plan.documents);
  try {
    const { db } = bench.database;
    log(
      `${name}: Baton, winDeal + automation (outbox relay, rule dispatcher, rule runner)${documents ? ' with the SOW and a finance approval' : ''}, ${plan.callers} caller(s), ${plan.batonSeconds} s ...`,
    );
    const runner = startBaton(bench.database, w, plan.candidate ? { afterBatch: plan.candidate(bench.database) } : undefined);
    const gate = inFlightGate(db, w.workspaceId, settings.inFlight);
    const cpu0 = process.cpuUsage();
    const server0 = bench.serverCpu?.();
    const counted = { ...bench.count };
    const windowStart = Date.now();
    const run = await runFor({ seconds: plan.batonSeconds, concurrency: plan.callers, deals: w.opportunityIds, win: (id) => runner.win(id), gate: gate.gate });
    const windowEnd = Date.now();
    log(`${name}: Baton, window closed with ${run.completed} wins; finishing the handoffs left ...`);
    const drainMs = await runner.finish();
    const cpuMsPerHandoff = cpuMsPer(cpu0, run.completed);
    const serverMs = serverCpuMs(server0, bench.serverCpu?.());
    const statements = perHandoff(bench.count, counted, run.completed, gate.queries());
    const times = await handoffTimes(db, w.workspaceId);
    const lags = times.map((t) => t.doneAt - t.wonAt).sort((x, y) => x - y);
    const completedInWindow = times.filter((t) => t.doneAt <= windowEnd).length;
    const seconds = (run.elapsedMs + drainMs) / 1000;
    const winCall = summarise(run);
    // Handoffs complete in batches (a claim takes up to 20 runs), so the decay check compares long stretches:
    // up to 20 s after a 5 s warm-up (the first handoffs need a few seconds to go through) against the last ones.
    const stretch = Math.max(5, Math.min(20, Math.floor((run.elapsedMs / 1000 - 5) / 2)));
    const batonDecay =
      engine === 'pglite'
        ? decay(
            times.map((t) => t.doneAt - windowStart),
            run.elapsedMs,
            { window: stretch, skip: 5 },
          )
        : undefined;
    const baton: BatonResult = {
      callers: plan.callers,
      exhausted: run.exhausted,
      handoffs: run.completed,
      seconds: round(seconds, 2),
      perSecond: round(run.completed / seconds, 1),
      winCall,
      cpuMsPerHandoff,
      ...(serverMs !== undefined ? { serverCpuMsPerHandoff: round(serverMs / Math.max(1, run.completed), 2) } : {}),
      drainMs: round(drainMs, 1),
      gateWaitShare: round(gate.waitedMs() / plan.callers / run.elapsedMs, 3),
      completedInWindowPerSecond: round(completedInWindow / (run.elapsedMs / 1000), 1),
      handoffLag: { p50Ms: round(percentile(lags, 0.5), 1), p99Ms: round(percentile(lags, 0.99), 1) },
      ...(batonDecay ? { decay: batonDecay } : {}),
      perHandoff: statements,
      longestPauseMs: round(Math.max(0, ...run.latencies), 1),
    };
    const checks = await checkHandoffs(db, w, run.completed, documents);
    const rows = rowsPerHandoff(before, await countRows(db, w.workspaceId), run.completed);
    return {
      engine,
      variant: documents ? 'documents' : 'handoff',
      label: bench.label,
      baseline,
      baton,
      ratio: round(baton.perSecond / baseline.perSecond, 3),
      checks: { baseline: baselineChecks, baton: checks },
      rowsPerHandoff: { baseline: baselineRows, baton: rows },
      ...(plan.maintenanceLabel ? { maintenance: plan.maintenanceLabel } : {}),
    };
  } finally {
    await bench.drop();
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const padEnd = (s: string | number, n: number) => String(s).padEnd(n);

function table(results: EngineResult[]): string[] {
  const head = `${padEnd('Engine', 11)}${padEnd('Path', 30)}${pad('Callers', 7)}${pad('Handoffs', 9)}${pad('Seconds', 9)}${pad('Handoffs/s', 11)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}  Baton/baseline`;
  const lines = [head, '-'.repeat(head.length)];
  for (const r of results) {
    const name = engineName(r.engine);
    const b = r.baseline;
    const t = r.baton;
    const row = (path: string, callers: number, n: number, seconds: number, perSecond: number, p50: number, p99: number, note: string) =>
      `${padEnd(name, 11)}${padEnd(path, 30)}${pad(callers, 7)}${pad(n, 9)}${pad(seconds.toFixed(1), 9)}${pad(perSecond.toFixed(1), 11)}${pad(p50.toFixed(2), 9)}${pad(p99.toFixed(2), 9)}  ${note}`;
    lines.push(row('baseline: 1 SQL transaction', b.callers, b.wins, b.seconds, b.perSecond, b.p50Ms, b.p99Ms, ''));
    const path = r.variant === 'documents' ? 'Baton: + SOW, finance approval' : 'Baton: winDeal + automation';
    lines.push(row(path, t.callers, t.handoffs, t.seconds, t.perSecond, t.winCall.p50Ms, t.winCall.p99Ms, `${r.ratio.toFixed(2)}x`));
    if (b.exhausted || t.exhausted) lines.push(`${padEnd('', 11)}(ran out of prepared deals before the time was up: raise BENCH_ACCOUNTS)`);
  }
  lines.push('');
  lines.push(
    'Handoff: the win, then a project from the 30-task template, 3 Operations notifications and one to the project owner, 3 rule runs (win -> outbox -> dispatcher -> runner).',
  );
  lines.push("Handoffs/s: baseline = handoff transactions in the window / window. Baton = the window's wins, each checked complete afterwards,");
  lines.push(`  / (window + time to finish the ones still in flight when it closed); callers keep at most ${settings.inFlight} handoffs in flight.`);
  lines.push('p50/p99: baseline = the whole handoff transaction; Baton = the winDeal call alone (the automation finishes the handoff after it returns).');
  if (results.some((r) => r.variant === 'documents'))
    lines.push(
      '+ SOW, finance approval: the same handoff with a 4th rule generating the statement of work into review (Liquid, numbered, stored with its data) and a finance approval request frozen with its context; its baseline is the plain handoff.',
    );
  return lines;
}

function rowsLine(r: EngineResult): string[] {
  const diff = handoffTables.filter((t) => r.rowsPerHandoff.baseline[t] !== r.rowsPerHandoff.baton[t]);
  const total = (c: RowCounts) =>
    round(
      handoffTables.reduce((n, t) => n + c[t], 0),
      2,
    );
  const lines = [
    `  Rows inserted per handoff: Baton ${total(r.rowsPerHandoff.baton)}, baseline ${total(r.rowsPerHandoff.baseline)} (${handoffTables.map((t) => `${t} ${r.rowsPerHandoff.baton[t]}`).join(', ')})`,
  ];
  if (diff.length)
    lines.push(`    differs: ${diff.map((t) => `${t} Baton ${r.rowsPerHandoff.baton[t]} vs baseline ${r.rowsPerHandoff.baseline[t]}`).join('; ')}`);
  return lines;
}

function describeChecks(c: HandoffChecks): string {
  if (!c.ok) return `MISMATCH: ${c.problems.join('; ')}`;
  const documents = c.documentsInReview === undefined ? '' : `, ${c.documentsInReview} SOWs in review, ${c.approvalsPending} finance approvals pending`;
  return `OK (${c.projects} projects, ${c.tasks} tasks all owned and dated, ${c.runs} runs succeeded, ${c.notifications} notifications${documents}, no duplicates)`;
}

function rulesLines(r: RulesCost): string[] {
  return [
    `Rules evaluation cost (PGlite), one deal.won event: ${r.rules} rules in the workspace (${r.fetched.many} fetched for the event, ${r.started.many} start a run) vs the handoff workspace's 3 rules (${r.fetched.few} fetched, ${r.started.few} start a run)`,
    `  matchRules + evaluate, in memory:     ${r.pure.manyUs.toFixed(1)} µs per event vs ${r.pure.fewUs.toFixed(2)} µs (${r.pure.ratio}x; ${r.pure.usPerRule.toFixed(3)} µs per extra rule)`,
    `  dispatchEvent, rolled-back transaction: ${r.dispatch.manyMs.toFixed(2)} ms per event vs ${r.dispatch.fewMs.toFixed(2)} ms (${r.dispatch.ratio}x; median of ${r.dispatch.iterations}); of which listRules ${r.dispatch.listRulesManyMs.toFixed(2)} ms vs ${r.dispatch.listRulesFewMs.toFixed(2)} ms`,
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  const results: EngineResult[] = [];
  const notes: string[] = [];
  let rulesCost: RulesCost | undefined;
  let brief: BriefSize[] | undefined;
  let pdf: PdfTiming[] | undefined;
  let pages: { label: string; lines: string[]; timings: PageTiming[] } | undefined;
  const dashboard: { label: string; lines: string[]; timings: PageTiming[] }[] = [];
  const inbound: InboundTiming[] = [];
  const imports: { engine: string; timing: ImportTiming }[] = [];
  const cpus = os.cpus().length;
  const loadAtStart = os.loadavg()[0]!;
  console.log(`Baton bench: the won-deal handoff vs the same row changes as plain SQL. Node ${process.version}, ${cpus} CPUs, ${os.cpus()[0]?.model ?? ''}`);
  console.log(
    `Each handoff wins a fresh deal (an account with 2 contacts in a sequence) and the rules make a project from a ${tasksPerProject}-task template (3 phases, 3 milestones; owners from a roster: deal CSM, round robin, fewest open tasks) and notify the 3 ops users. ${settings.accounts} open deals per database, one fresh database for the baseline and another for Baton.`,
  );
  console.log(
    'The baseline writes every row Baton leaves, in its final state (events delivered, rule runs and steps succeeded), in one transaction per handoff.',
  );
  console.log('');

  // PGlite: one transaction at a time, so one caller; the automation shares the same instance.
  if (settings.parts.includes('pglite')) {
    const policy = maintenancePolicy(settings.maintenance);
    results.push(
      await benchEngine('pglite', createPglite, {
        callers: 1,
        baselineSeconds: settings.pgliteBaselineSeconds,
        batonSeconds: settings.pgliteSeconds,
        ...(policy
          ? { candidate: policy, maintenanceLabel: `bench candidate policy "${settings.maintenance}"` }
          : { maintenanceLabel: 'maintenanceFor (src/main.ts)' }),
      }),
    );
  }

  if (settings.parts.includes('postgres')) {
    const unreachable = await postgresUnreachable(settings.postgresUrl);
    if (unreachable) {
      notes.push(`PostgreSQL: skipped (unreachable: ${unreachable})`);
    } else {
      // With several callers (a busy team) and with one (the latency of a single handoff), each against its own baseline.
      for (const callers of [...new Set([settings.postgresConcurrency, 1])]) {
        results.push(
          await benchEngine('postgres', () => createPostgres(settings.postgresUrl, callers + 10), {
            callers,
            baselineSeconds: settings.postgresSeconds,
            batonSeconds: settings.postgresSeconds,
          }),
        );
      }
    }
  }

  if (settings.parts.includes('documents')) {
    results.push(
      await benchEngine('pglite', createPglite, {
        callers: 1,
        baselineSeconds: settings.pgliteBaselineSeconds,
        batonSeconds: settings.documentsPgliteSeconds,
        maintenanceLabel: 'maintenanceFor (src/main.ts)',
        documents: true,
      }),
    );
    const unreachable = await postgresUnreachable(settings.postgresUrl);
    if (unreachable) notes.push(`PostgreSQL with documents and approvals: skipped (unreachable: ${unreachable})`);
    else
      results.push(
        await benchEngine('postgres', () => createPostgres(settings.postgresUrl, settings.postgresConcurrency + 10), {
          callers: settings.postgresConcurrency,
          baselineSeconds: settings.postgresSeconds,
          batonSeconds: settings.postgresSeconds,
          documents: true,
        }),
      );
  }

  if (settings.parts.includes('inbound')) {
    const unreachable = await postgresUnreachable(settings.postgresUrl);
    const runs: [string, () => Promise<BenchDatabase>, number][] = [['PGlite', createPglite, 1]];
    if (unreachable) notes.push(`Inbound events on PostgreSQL: skipped (unreachable: ${unreachable})`);
    else runs.push(['PostgreSQL', () => createPostgres(settings.postgresUrl, settings.postgresConcurrency + 10), settings.postgresConcurrency]);
    for (const [engine, open, callers] of runs)
      inbound.push(
        await measureInbound(engine, open, { callers, seconds: settings.inboundSeconds, deals: settings.inboundDeals, inFlight: settings.inFlight, log }),
      );
  }

  if (settings.parts.includes('import')) {
    const unreachable = await postgresUnreachable(settings.postgresUrl);
    const runs: [string, () => Promise<BenchDatabase>][] = [['PGlite', createPglite]];
    if (unreachable) notes.push(`CSV import on PostgreSQL: skipped (unreachable: ${unreachable})`);
    else runs.push(['PostgreSQL', () => createPostgres(settings.postgresUrl, 4)]);
    for (const [engine, open] of runs) {
      const bench = await open();
      try {
        imports.push({ engine, timing: await measureImport(bench.database, { rows: settings.importRows, log }) });
      } finally {
        await bench.drop();
      }
    }
  }

  if (settings.parts.includes('rules')) {
    const bench = await createPglite();
    try {
      rulesCost = await measureRulesCost(bench.database, { rules: settings.rules, dispatchIterations: settings.rulesDispatchIterations, pureMs: 1_000, log });
    } finally {
      await bench.drop();
    }
  }

  if (settings.parts.includes('brief')) {
    const bench = await createPglite();
    try {
      brief = await measureBriefPreparation(bench.database, [
        { label: '2 KB', bytes: 2 * 1024, iterations: 40 },
        { label: '20 KB', bytes: 20 * 1024, iterations: 15 },
        { label: '200 KB', bytes: 200 * 1024, iterations: 5 },
      ]);
    } finally {
      await bench.drop();
    }
  }

  if (settings.parts.includes('pdf')) {
    const bench = await createPglite();
    try {
      pdf = await measurePdfGeneration(bench.database, { renders: settings.pdfRenders, log });
    } finally {
      await bench.drop();
    }
  }

  if (settings.parts.includes('pages')) {
    pages = await benchPages(notes);
  }

  if (settings.parts.includes('dashboard')) {
    for (const engine of settings.dashboardEngines) {
      const measured = await benchDashboard(engine, notes);
      if (measured) dashboard.push(measured);
    }
  }

  console.log(table(results).join('\n'));
  console.log('');
  for (const r of results) {
    const name = engineName(r.engine);
    const t = r.baton;
    console.log(`${name}${r.variant === 'documents' ? ' with the SOW and a finance approval' : ''}: ${r.label}`);
    console.log(
      `  Baton: ${t.handoffs} wins in the ${t.winCall.seconds.toFixed(1)} s window, ${t.completedInWindowPerSecond.toFixed(1)} handoffs/s completed inside it, then ${(t.drainMs / 1000).toFixed(1)} s to finish those in flight; callers waited on the in-flight bound ${(t.gateWaitShare * 100).toFixed(0)} % of the window.`,
    );
    console.log(
      `  CPU of this process per handoff: baseline ${r.baseline.cpuMsPerHandoff} ms, Baton ${t.cpuMsPerHandoff} ms${r.engine === 'pglite' ? ' (the embedded database included)' : " (PostgreSQL's own CPU not included)"}.`,
    );
    if (r.baseline.serverCpuMsPerHandoff !== undefined && t.serverCpuMsPerHandoff !== undefined)
      console.log(
        `  CPU of PostgreSQL's backends per handoff: baseline ${r.baseline.serverCpuMsPerHandoff} ms, Baton ${t.serverCpuMsPerHandoff} ms (the server runs on this machine; 10 ms ticks).`,
      );
    console.log(
      `  Baton: from the win's transaction to the end of its last rule run p50 ${(t.handoffLag.p50Ms / 1000).toFixed(2)} s, p99 ${(t.handoffLag.p99Ms / 1000).toFixed(2)} s (includes the queue of up to ${settings.inFlight} handoffs).`,
    );
    console.log(
      `  Statements per handoff (at the database connection, begin and commit included): Baton ${t.perHandoff.statements} in ${t.perHandoff.transactions} transactions, baseline ${r.baseline.perHandoff.statements} in ${r.baseline.perHandoff.transactions}.`,
    );
    console.log(`  Longest pause: a win call waited at most ${t.longestPauseMs.toFixed(0)} ms (goal on PGlite: under 1,000 ms).`);
    console.log(`  Checked after the run, Baton: ${describeChecks(r.checks.baton)}`);
    console.log(`  Checked after the run, baseline: ${describeChecks(r.checks.baseline)}`);
    for (const line of rowsLine(r)) console.log(line);
    if (!r.checks.baton.ok) notes.push(`${name}: the state after Baton's run does not match the wins made`);
    if (!r.checks.baseline.ok) notes.push(`${name}: the baseline did not write what a handoff writes`);
    if (t.decay) {
      const d = t.decay;
      const pass = d.ratio >= settings.decayGoal;
      console.log(
        `  Decay, Baton with ${r.maintenance} over ${t.winCall.seconds.toFixed(0)} s: handoffs completed ${d.firstPerSecond}/s in s ${d.skipSeconds}-${d.skipSeconds + d.windowSeconds}, ${d.lastPerSecond}/s in the last ${d.windowSeconds} s, last/first ${d.ratio.toFixed(2)} -> ${pass ? 'PASS' : 'FAIL'} (goal >= ${settings.decayGoal}; reported, not an exit code)`,
      );
      console.log(`    handoffs completed per second: ${d.perSecondTimeline.join(' ')}`);
    }
    if (r.baseline.decay) {
      const d = r.baseline.decay;
      console.log(
        `  Baseline without upkeep over ${r.baseline.seconds.toFixed(0)} s: ${d.firstPerSecond}/s in the first 10 s, ${d.lastPerSecond}/s in the last 10 s, last/first ${d.ratio.toFixed(2)}`,
      );
    }
  }
  const goals = goalLines(results);
  if (goals.length) {
    console.log('');
    for (const line of goals) console.log(line);
  }
  for (const t of inbound) {
    console.log('');
    for (const line of inboundLines(t)) console.log(line);
  }
  for (const { engine, timing } of imports) {
    console.log('');
    for (const line of importLines(engine, timing)) console.log(line);
  }
  if (rulesCost) {
    console.log('');
    for (const line of rulesLines(rulesCost)) console.log(line);
  }
  if (brief) {
    console.log('');
    for (const line of briefLines(brief)) console.log(line);
  }
  if (pdf) {
    console.log('');
    for (const line of pdfLines(pdf)) console.log(line);
  }
  if (pages) {
    console.log('');
    for (const line of pages.lines) console.log(line);
  }
  for (const d of dashboard) {
    console.log('');
    for (const line of d.lines) console.log(line);
  }
  for (const n of notes) console.log(n);

  const totalSeconds = round((Date.now() - started) / 1000, 1);
  const load = { atStart: round(loadAtStart, 2), atEnd: round(os.loadavg()[0]!, 2) };
  console.log(`Load average ${load.atStart} at the start (a bench that just ended counts too), ${load.atEnd} at the end, ${cpus} CPUs.`);
  if (load.atStart > cpus) console.log('Note: the machine was busy when the bench started: figures are lower and noisier than on an idle machine.');
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus,
        totalSeconds,
        load,
        settings: { ...settings, postgresUrl: redact(settings.postgresUrl) },
        results,
        inbound,
        imports,
        rulesCost,
        brief,
        pdf,
        pages: pages && { label: pages.label, timings: pages.timings },
        dashboard: dashboard.map((d) => ({ label: d.label, timings: d.timings })),
        notes,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`Figures written to ${path.relative(process.cwd(), file)}; the bench took ${totalSeconds} s.`);
}

/** The handoff's goals (issue 8): throughput against the baseline on PostgreSQL, and no long pause on PGlite. */
function goalLines(results: EngineResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const name = `${engineName(r.engine)}, ${r.baton.callers} caller${r.baton.callers === 1 ? '' : 's'}`;
    if (r.variant === 'documents') {
      lines.push(
        `With documents and approvals, ${name}: ${r.baton.perSecond.toFixed(1)} handoffs/s, ${r.ratio.toFixed(2)}x the plain-SQL handoff baseline of the same run (reported, no goal set)`,
      );
      continue;
    }
    if (r.engine === 'postgres') {
      const goal = r.baton.callers > 1 ? 0.6 : 0.7;
      lines.push(`Goal ${name}: at least ${goal}x the baseline -> ${r.ratio.toFixed(2)}x ${r.ratio >= goal ? 'MET' : 'NOT MET'}`);
    } else {
      lines.push(
        `Goal ${name}: no write waits 1 s or more -> longest ${r.baton.longestPauseMs.toFixed(0)} ms ${r.baton.longestPauseMs < 1000 ? 'MET' : 'NOT MET'}`,
      );
    }
  }
  return lines;
}

/** The list pages against the scale workspace (bench/scale.ts, bench/pages.ts). */
async function benchPages(notes: string[]): Promise<{ label: string; lines: string[]; timings: PageTiming[] } | undefined> {
  let bench: BenchDatabase;
  let keep = false;
  if (settings.pagesEngine === 'pglite') {
    bench = await createPglite();
  } else {
    const unreachable = await postgresUnreachable(settings.pagesUrl ?? settings.postgresUrl);
    if (unreachable) {
      notes.push(`List pages: skipped (PostgreSQL unreachable: ${unreachable})`);
      return undefined;
    }
    if (settings.pagesUrl) {
      const database = await openDatabase({ databaseUrl: settings.pagesUrl, dataDir: '', poolSize: 4 });
      await migrate(database.db);
      bench = { database, label: `PostgreSQL (${redact(settings.pagesUrl)}, kept)`, count: { statements: 0, transactions: 0 }, drop: () => database.close() };
      keep = true;
    } else {
      bench = await createPostgres(settings.postgresUrl, 4);
    }
  }
  try {
    const { db } = bench.database;
    let w = keep ? await findScaleWorkspace(db) : undefined;
    if (w) log(`List pages: reusing the scale workspace in ${bench.label} (${w.deals} deals, ${w.tasks} tasks)`);
    else {
      log(`List pages: seeding ${settings.pagesDeals} deals into ${bench.label} ...`);
      w = await seedScale(db, { deals: settings.pagesDeals, log: (line) => log(`  ${line}`) });
    }
    const timings = await measurePages(db, w, { iterations: settings.pagesIterations, log: (line) => log(`  ${line}`) });
    return { label: bench.label, timings, lines: pagesLines(bench.label, w, timings, 50) };
  } finally {
    await bench.drop();
  }
}

/** The delivery dashboard against a fresh scale workspace of won deals on one engine (bench/dashboard.ts). */
async function benchDashboard(engine: string, notes: string[]): Promise<{ label: string; lines: string[]; timings: PageTiming[] } | undefined> {
  let bench: BenchDatabase;
  let keep = false;
  if (engine === 'pglite') bench = await createPglite();
  else if (engine === 'postgres') {
    const unreachable = await postgresUnreachable(settings.dashboardUrl ?? settings.postgresUrl);
    if (unreachable) {
      notes.push(`Dashboard on PostgreSQL: skipped (unreachable: ${unreachable})`);
      return undefined;
    }
    if (settings.dashboardUrl) {
      const database = await openDatabase({ databaseUrl: settings.dashboardUrl, dataDir: '', poolSize: 4 });
      await migrate(database.db);
      bench = {
        database,
        label: `PostgreSQL (${redact(settings.dashboardUrl)}, kept)`,
        count: { statements: 0, transactions: 0 },
        drop: () => database.close(),
      };
      keep = true;
    } else bench = await createPostgres(settings.postgresUrl, 4);
  } else throw new Error(`BENCH_DASHBOARD_ENGINES: unknown engine "${engine}" (postgres, pglite)`);
  try {
    const { db } = bench.database;
    let w = keep ? await findScaleWorkspace(db) : undefined;
    if (w) log(`Dashboard: reusing the scale workspace in ${bench.label} (${w.deals} deals, ${w.tasks} tasks)`);
    else {
      log(`Dashboard: seeding ${settings.dashboardWonDeals} won deals into ${bench.label} ...`);
      w = await seedDashboard(db, {
        wonDeals: settings.dashboardWonDeals,
        tasksPerPhase: settings.dashboardTasksPerPhase,
        log: (line) => log(`  ${line}`),
      });
    }
    const timings = await measureDashboard(db, w, { iterations: settings.dashboardIterations, log: (line) => log(`  ${line}`) });
    return { label: bench.label, timings, lines: dashboardLines(bench.label, w, settings.dashboardWonDeals, timings, 200) };
  } finally {
    await bench.drop();
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
