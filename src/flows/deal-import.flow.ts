// Importing deals from a CSV export: each row matched to its deal by the source's id (or by account and name), created
// or updated in its own transaction (never in part), won or lost through the same flows as a click in Baton; a dry run
// does all of it and rolls each row back. Importing the same file again changes nothing. Won rows run the handoff, or
// are recorded as history (won before Baton: no automation). The mapping an import used is saved for its source. An
// import can run as a job: a record with its progress, counts and problems, kept for the report.
import type { Actor } from '../domain/actor.ts';
import { CsvError, parseCsv } from '../domain/csv.ts';
import {
  customFieldKeys,
  lossOf,
  mappingProblems,
  readDealRow,
  suggestMapping,
  type ColumnMapping,
  type DateOrder,
  type DealRow,
  type ImportProblem,
} from '../domain/deal-import.ts';
import { AppError, invalid } from '../domain/errors.ts';
import { otherReasonKey } from '../domain/loss-reasons.ts';
import type { Tx } from '../adapters/db/database.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  findAccountByName,
  findDealByName,
  findImportLink,
  findPerson,
  finishImport,
  insertImport,
  insertImportLink,
  lockImportKey,
  saveMapping,
  setImportProgress,
  type ImportRecord,
} from '../adapters/db/imports.repo.ts';
import { findOwnRecord } from '../adapters/db/record-imports.repo.ts';
import { listLossReasons } from '../adapters/db/loss-reasons.repo.ts';
import { findOpportunity } from '../adapters/db/opportunities.repo.ts';
import { findDefaultPipelineId, listStages, type PipelineStage } from '../adapters/db/pipelines.repo.ts';
import { loseDeal, winDeal } from './close-deal.flow.ts';
import { changeStage, createAccount, createOpportunity, updateOpportunity } from './crm.flow.ts';
import type { Deps } from './deps.ts';

type Ctx = { workspaceId: string; actor: Actor; userId?: string | null | undefined };

/** What an imported won deal does: the handoff as if won in Baton now (default), or recorded as history only. */
export type WonDeals = 'handoff' | 'historical';

export type DealImportOptions = {
  csv: string;
  /** Field -> column header; left out, it is suggested from the header. */
  mapping?: ColumnMapping | undefined;
  dryRun?: boolean | undefined;
  dateOrder?: DateOrder | undefined;
  /** Names the system the ids come from, so two systems' "Deal ID 17" are two deals (default "csv"). */
  source?: string | undefined;
  pipelineId?: string | undefined;
  /** A row whose account does not exist: create the account (default), or report the row. */
  createAccounts?: boolean | undefined;
  /** Won rows: run the handoff (default), or record the win as history with no automation (won before Baton). */
  wonDeals?: WonDeals | undefined;
  onProgress?: ((done: number, total: number) => void | Promise<void>) | undefined;
  /** Stops the import after the row in hand (a server shutting down); the report then says `stopped`. */
  signal?: AbortSignal | undefined;
};

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export type DealImportReport = {
  dryRun: boolean;
  mapping: ColumnMapping;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Every problem, by row and column: the rows they name were not imported. */
  problems: ImportProblem[];
  results: { row: number; outcome: RowOutcome; opportunityId: string | null; name: string | null }[];
  /** Rows read before a stop (all of them unless `signal` stopped the import). */
  done: number;
  stopped: boolean;
};

/** A row refused for one of its values (not thrown past the import). */
class RowProblem extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
    reason: string,
  ) {
    super(reason);
  }
}

class DryRunRollback extends Error {
  constructor(readonly outcome: { outcome: RowOutcome; opportunityId: string }) {
    super('dry run');
  }
}

type Prepared = {
  table: ReturnType<typeof parseCsv>;
  mapping: ColumnMapping;
  source: string;
  pipelineId: string;
  stages: PipelineStage[];
};

/** Reads the file and checks the mapping and pipeline: a 400 names what is wrong before any row is read. */
async function prepareDealImport(deps: Deps, ctx: Ctx, options: DealImportOptions): Promise<Prepared> {
  let table;
  try {
    table = parseCsv(options.csv);
  } catch (error) {
    if (error instanceof CsvError) throw invalid([{ path: 'body:/csv', message: error.message }], `The file is not CSV: ${error.message}`);
    throw error;
  }
  const mapping = options.mapping ?? suggestMapping(table.header);
  const unmapped = mappingProblems(table.header, mapping);
  if (unmapped.length > 0)
    throw invalid(
      unmapped.map((message) => ({ path: 'body:/mapping', message })),
      `The columns are not mapped: ${unmapped.join('; ')}`,
    );
  const source = (options.source ?? 'csv').trim() || 'csv';
  const pipelineId = options.pipelineId ?? (await findDefaultPipelineId(deps.db, ctx.workspaceId));
  if (!pipelineId) throw new AppError('pipeline.not_found', 'conflict', 'The workspace has no pipeline yet');
  const stages = await listStages(deps.db, ctx.workspaceId, pipelineId);
  if (stages.length === 0) throw invalid([{ path: 'body:/pipelineId', message: 'no active pipeline with this id in your workspace' }]);
  return { table, mapping, source, pipelineId, stages };
}

/** Imports deals from CSV now, answering the report (the API's synchronous import and the CLI). */
export async function importDeals(deps: Deps, ctx: Ctx, options: DealImportOptions): Promise<DealImportReport> {
  return runDealImport(deps, ctx, await prepareDealImport(deps, ctx, options), options);
}

async function runDealImport(deps: Deps, ctx: Ctx, { table, mapping, source, pipelineId, stages }: Prepared, options: DealImportOptions) {
  const report: DealImportReport = {
    dryRun: !!options.dryRun,
    mapping,
    rows: table.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    problems: [],
    results: [],
    done: 0,
    stopped: false,
  };
  const seen = new Map<string, number>();
  const owners = new Map<string, string | undefined>();
  for (const { line, cells } of table.rows) {
    if (options.signal?.aborted) {
      report.stopped = true;
      break;
    }
    const problems: ImportProblem[] = [];
    const read = readDealRow(table.header, cells, line, mapping, { dateOrder: options.dateOrder });
    let deal: DealRow | undefined;
    if ('problems' in read) problems.push(...read.problems);
    else deal = read.deal;
    let stage: PipelineStage | undefined;
    let ownerId: string | undefined;
    if (deal) {
      if (deal.externalId) {
        const first = seen.get(deal.externalId);
        if (first !== undefined)
          problems.push({ row: line, column: mapping.externalId!, value: deal.externalId, reason: `is a duplicate: row ${first} has the same id` });
        else seen.set(deal.externalId, line);
      }
      if (deal.stage) {
        stage = stages.find((s) => s.name.toLowerCase() === deal.stage!.toLowerCase());
        if (!stage)
          problems.push({
            row: line,
            column: mapping.stage!,
            value: deal.stage,
            reason: `is not a stage of the pipeline (${stages.map((s) => s.name).join(', ')})`,
          });
      }
      if (deal.owner) {
        if (!owners.has(deal.owner)) owners.set(deal.owner, await findPerson(deps.db, ctx.workspaceId, deal.owner));
        ownerId = owners.get(deal.owner);
        if (!ownerId) problems.push({ row: line, column: mapping.owner!, value: deal.owner, reason: 'is no active person of the workspace (e-mail or name)' });
      }
    }
    if (deal && problems.length === 0) {
      try {
        const applied = await applyRow(deps, ctx, {
          deal,
          stage,
          ownerId,
          pipelineId,
          source,
          mapping,
          createAccounts: options.createAccounts ?? true,
          dryRun: !!options.dryRun,
          historical: options.wonDeals === 'historical',
        });
        report[applied.outcome]++;
        report.results.push({ row: line, outcome: applied.outcome, opportunityId: applied.opportunityId, name: deal.name });
      } catch (error) {
        if (error instanceof RowProblem) problems.push({ row: line, column: error.column, value: error.value, reason: error.message });
        else if (error instanceof AppError) {
          const fields = error.fields?.map((f) => `${f.path} ${f.message}`).join('; ');
          problems.push({ row: line, column: '', value: '', reason: fields ? `${error.message}: ${fields}` : error.message });
        } else throw error;
      }
    }
    if (problems.length > 0) {
      report.failed++;
      report.problems.push(...problems);
      report.results.push({ row: line, outcome: 'failed', opportunityId: null, name: deal?.name ?? null });
    }
    await options.onProgress?.(++report.done, table.rows.length);
  }
  // The mapping this import used is the one suggested for the source next time.
  if (!options.dryRun && !report.stopped)
    await saveMapping(deps.db, ctx.workspaceId, { source, entity: 'deals', mapping: mapping as Record<string, string>, userId: ctx.userId ?? null });
  return report;
}

type RowInput = {
  deal: DealRow;
  stage: PipelineStage | undefined;
  ownerId: string | undefined;
  pipelineId: string;
  source: string;
  mapping: ColumnMapping;
  createAccounts: boolean;
  dryRun: boolean;
  historical: boolean;
};

/** One row in one transaction: all of it, or (an error, or a dry run) none of it. */
async function applyRow(deps: Deps, ctx: Ctx, input: RowInput): Promise<{ outcome: RowOutcome; opportunityId: string }> {
  try {
    const result = await deps.db.transaction().execute(async (tx) => {
      const outcome = await writeRow(tx, deps, ctx, input);
      if (input.dryRun) throw new DryRunRollback(outcome);
      return outcome;
    });
    deps.wakeOutbox();
    return result;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.outcome;
    throw error;
  }
}

async function writeRow(tx: Tx, deps: Deps, ctx: Ctx, { deal, stage, ownerId, pipelineId, source, mapping, createAccounts, historical }: RowInput) {
  const { workspaceId } = ctx;
  // The account: by the source's account id, else by name; created when missing (unless the import says not to).
  let accountId: string | undefined;
  let ownAccount = false;
  if (deal.accountExternalId) {
    await lockImportKey(tx, workspaceId, `${source}:account:${deal.accountExternalId}`);
    accountId = await findImportLink(tx, workspaceId, source, 'account', deal.accountExternalId);
    // A file exported from this workspace names its records by Baton's own ids.
    ownAccount = !accountId && !!(accountId = await findOwnRecord(tx, workspaceId, 'accounts', deal.accountExternalId));
  }
  if (!accountId && deal.account) {
    await lockImportKey(tx, workspaceId, `account-name:${deal.account.toLowerCase()}`);
    accountId = await findAccountByName(tx, workspaceId, deal.account);
  }
  if (!accountId) {
    if (!createAccounts || !deal.account)
      throw new RowProblem(
        (deal.account ? mapping.account : mapping.accountExternalId) ?? '',
        deal.account ?? deal.accountExternalId ?? '',
        'is no account of the workspace (this import creates none)',
      );
    accountId = (await createAccount.in(tx, deps, ctx, { name: deal.account })).id;
  }
  if (deal.accountExternalId && !ownAccount && !(await findImportLink(tx, workspaceId, source, 'account', deal.accountExternalId)))
    await insertImportLink(tx, workspaceId, { source, type: 'account', externalId: deal.accountExternalId, id: accountId });

  // The deal: by the source's id, else by name within the account.
  let dealId: string | undefined;
  if (deal.externalId) {
    await lockImportKey(tx, workspaceId, `${source}:deal:${deal.externalId}`);
    dealId = await findImportLink(tx, workspaceId, source, 'opportunity', deal.externalId);
    dealId ??= await findOwnRecord(tx, workspaceId, 'opportunities', deal.externalId);
  } else {
    await lockImportKey(tx, workspaceId, `deal-name:${accountId}:${deal.name.toLowerCase()}`);
    dealId = await findDealByName(tx, workspaceId, accountId, deal.name);
  }
  const fields = {
    name: deal.name,
    ...(deal.amountMinor !== null && { amountMinor: deal.amountMinor }),
    ...(deal.currency !== null && { currency: deal.currency }),
    ...(deal.closeDate !== null && { closeDate: deal.closeDate }),
    ...(ownerId && { ownerId }),
  };
  // Product and sales team are custom fields of the deal; an empty cell leaves what the deal has.
  const customFields = Object.fromEntries(
    (['product', 'salesTeam'] as const).filter((f) => deal[f] !== null).map((f) => [customFieldKeys[f], deal[f]!] as const),
  );
  const hasCustom = Object.keys(customFields).length > 0;
  let outcome: RowOutcome;
  if (!dealId) {
    const created = await createOpportunity.in(tx, deps, ctx, {
      ...fields,
      accountId,
      pipelineId,
      ...(stage?.category === 'open' && { stageId: stage.id }),
    });
    dealId = created.id;
    if (hasCustom) await updateOpportunity.in(tx, deps, ctx, dealId, { customFields });
    if (deal.externalId) await insertImportLink(tx, workspaceId, { source, type: 'opportunity', externalId: deal.externalId, id: dealId });
    outcome = 'created';
  } else {
    const before = (await findOpportunity(tx, workspaceId, dealId))!;
    const after = await updateOpportunity.in(tx, deps, ctx, dealId, { ...fields, ...(hasCustom && { customFields }) });
    outcome = after.updatedAt !== before.updatedAt ? 'updated' : 'unchanged';
  }
  if (stage) {
    const current = (await findOpportunity(tx, workspaceId, dealId))!;
    const label = (changed: boolean) => (changed && outcome === 'unchanged' ? 'updated' : outcome);
    if (stage.category === 'open' && current.stageCategory === 'open' && current.stageId !== stage.id) {
      await changeStage.in(tx, deps, ctx, dealId, stage.id);
      outcome = label(true);
    } else if (stage.category === 'won') {
      outcome = label(
        (await winDeal.in(tx, deps, { workspaceId, opportunityId: dealId, actor: ctx.actor, closeDate: deal.closeDate ?? undefined, historical })).changed,
      );
    } else if (stage.category === 'lost') {
      const reasons = await listLossReasons(tx, workspaceId);
      const loss = lossOf(deal.lossReason, reasons, otherReasonKey, 'Lost before the import');
      outcome = label(
        (await loseDeal.in(tx, deps, { workspaceId, opportunityId: dealId, actor: ctx.actor, closeDate: deal.closeDate ?? undefined, ...loss })).changed,
      );
    }
    // A deal won or lost in Baton and open in the file keeps its outcome: reopening is a decision for a person.
  }
  return { outcome, opportunityId: dealId };
}

export type DealImportJobOptions = Omit<DealImportOptions, 'onProgress' | 'signal'> & { fileName?: string | undefined };

/** The imports running in this process, so a shutdown can stop them after their current row and record it. */
const runningJobs = new Map<string, { controller: AbortController; finished: Promise<void> }>();

/**
 * Starts an import as a job: the file and mapping are checked first (a 400 as for the synchronous import), then the
 * import record is stored and answered at once while the rows are imported in this process; `done` moves as they
 * are, and the counts and problems are stored at the end. A process that stops mid-import leaves the record running;
 * the start-up sweep marks it interrupted (importing the same file again finishes it: rows match).
 */
export async function startDealImport(deps: Deps, ctx: Ctx, options: DealImportJobOptions): Promise<ImportRecord> {
  const prepared = await prepareDealImport(deps, ctx, options);
  const id = newId();
  const { csv: _csv, fileName, ...kept } = options;
  const record = await deps.db.transaction().execute(async (tx) => {
    const inserted = await insertImport(tx, ctx.workspaceId, {
      id,
      entity: 'deals',
      source: prepared.source,
      fileName: fileName ?? null,
      dryRun: !!options.dryRun,
      total: prepared.table.rows.length,
      options: { ...kept, mapping: prepared.mapping, pipelineId: prepared.pipelineId, wonDeals: options.wonDeals ?? 'handoff' },
      createdBy: ctx.userId ?? null,
      createdByLabel: ctx.actor.label,
    });
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      {
        action: 'import.started',
        entityType: 'import',
        entityId: id,
        after: { source: prepared.source, fileName, rows: inserted.total, dryRun: inserted.dryRun },
      },
    ]);
    return inserted;
  });
  const controller = new AbortController();
  const finished = runJob(deps, ctx, id, prepared, { ...options, signal: controller.signal }).finally(() => runningJobs.delete(id));
  runningJobs.set(id, { controller, finished });
  return record;
}

async function runJob(deps: Deps, ctx: Ctx, id: string, prepared: Prepared, options: DealImportOptions): Promise<void> {
  const total = prepared.table.rows.length;
  // Progress is written about a hundred times per import, and at least every second a row takes.
  const step = Math.max(1, Math.floor(total / 100));
  let written = 0;
  let writtenAt = deps.now().getTime();
  const onProgress = async (done: number) => {
    if (done - written < step && deps.now().getTime() - writtenAt < 1000) return;
    written = done;
    writtenAt = deps.now().getTime();
    await setImportProgress(deps.db, ctx.workspaceId, id, done);
  };
  try {
    const report = await runDealImport(deps, ctx, prepared, { ...options, onProgress });
    await deps.db.transaction().execute(async (tx) => {
      const counts = { created: report.created, updated: report.updated, unchanged: report.unchanged, failed: report.failed };
      if (report.stopped) {
        await setImportProgress(tx, ctx.workspaceId, id, report.done);
        await finishImport(tx, ctx.workspaceId, id, {
          status: 'interrupted',
          ...counts,
          done: report.done,
          problems: report.problems,
          error: `the server stopped after ${report.done} of ${total} rows: import the same file again to finish (matched rows are not duplicated)`,
        });
      } else await finishImport(tx, ctx.workspaceId, id, { status: 'done', ...counts, done: report.done, problems: report.problems });
      await recordAudit(tx, ctx.workspaceId, ctx.actor, [
        {
          action: report.stopped ? 'import.interrupted' : 'import.finished',
          entityType: 'import',
          entityId: id,
          after: { ...counts, rows: total, done: report.done, dryRun: report.dryRun },
        },
      ]);
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : 'the import failed unexpectedly (the server log has the details)';
    if (!(error instanceof AppError)) deps.log.error({ err: error, importId: id }, 'deal import failed');
    await finishImport(deps.db, ctx.workspaceId, id, { status: 'failed', error: message }).catch((e: unknown) =>
      deps.log.error({ err: e, importId: id }, 'could not record a failed import'),
    );
  }
}

/** Stops the imports running in this process after their current row; each is recorded interrupted with its counts. */
export async function stopDealImports(): Promise<void> {
  const jobs = [...runningJobs.values()];
  for (const job of jobs) job.controller.abort();
  await Promise.all(jobs.map((j) => j.finished));
}

/** Waits until the imports running in this process have finished (tests). */
export async function settleDealImports(): Promise<void> {
  await Promise.all([...runningJobs.values()].map((j) => j.finished));
}
