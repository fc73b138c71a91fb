// Exporting accounts, contacts or deals as a CSV file: the rows are read a page at a time (keyset), so an export of
// 100,000 deals never holds them all in memory, and written as they come; the finished export is audited (who, what,
// with which filters, how many rows), and so is one the reader broke off.
import type { Actor } from '../domain/actor.ts';
import { dealFilterIssues, dealListFilter } from '../domain/deal-filters.ts';
import { assertNever, invalid } from '../domain/errors.ts';
import type { AccountStatus, StageCategory } from '../domain/opportunity.ts';
import { accountCells, contactCells, csvRecord, dealCells, exportFileName, exportHeaders } from '../domain/record-export.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { accountExportPage, contactExportPage, dealExportPage } from '../adapters/db/exports.repo.ts';
import type { Page } from '../adapters/db/page.ts';
import type { Deps } from './deps.ts';

type Ctx = { workspaceId: string; actor: Actor };

/** The deal list's filters (amounts in units of the currency). */
export type DealExportFilter = {
  stageId?: string | undefined;
  stageCategory?: StageCategory | undefined;
  status?: StageCategory | undefined;
  accountId?: string | undefined;
  ownerId?: string | undefined;
  pipelineId?: string | undefined;
  closeFrom?: string | undefined;
  closeTo?: string | undefined;
  amountMin?: number | undefined;
  amountMax?: number | undefined;
  q?: string | undefined;
  sort?: string | undefined;
};

export type ExportRequest =
  | { kind: 'deals'; filter: DealExportFilter }
  | { kind: 'accounts'; filter: { status?: AccountStatus | undefined; ownerId?: string | undefined; q?: string | undefined } }
  | { kind: 'contacts'; filter: { accountId?: string | undefined; q?: string | undefined } };

export type Export = {
  fileName: string;
  /** The file's text in pieces: the header, then a page of records at a time. */
  chunks: AsyncIterable<string>;
};

/** Rows read per query: big enough to be quick, small enough that memory stays flat whatever the export's size. */
export const exportPageSize = 500;

/** Checks the filters (a bad one is a 400 before anything is written) and returns the file to stream. */
export function exportRecords(deps: Deps, ctx: Ctx, request: ExportRequest): Export {
  if (request.kind === 'deals') {
    const issues = dealFilterIssues(request.filter, 'querystring:');
    if (issues.length) throw invalid(issues, `Invalid querystring: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  }
  return { fileName: exportFileName(request.kind, deps.now()), chunks: writeFile(deps, ctx, request) };
}

async function* writeFile(deps: Deps, ctx: Ctx, request: ExportRequest): AsyncGenerator<string> {
  const nextPage = pager(deps, ctx.workspaceId, request);
  let rows = 0;
  let complete = false;
  const audit = (entry: Record<string, unknown>) =>
    deps.db
      .transaction()
      .execute((tx) =>
        recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: `${request.kind}.exported`, entityType: 'workspace', entityId: ctx.workspaceId, after: entry }]),
      );
  try {
    yield `\uFEFF${csvRecord(exportHeaders[request.kind])}`;
    let cursor: string | undefined;
    do {
      const page = await nextPage(cursor);
      rows += page.items.length;
      if (page.items.length > 0) yield page.items.join('');
      cursor = page.next ?? undefined;
    } while (cursor);
    complete = true;
    await audit({ kind: request.kind, rows, filter: request.filter });
  } finally {
    // A download stopped halfway (the reader went away, or a query failed) is audited too, with the rows it got.
    if (!complete) {
      const entry = { kind: request.kind, rows, filter: request.filter, complete: false };
      await audit(entry).catch((error: unknown) =>
        deps.log.error({ err: error, export: entry }, 'the audit entry of an interrupted export could not be written'),
      );
    }
  }
}

/** The page after a cursor, each record already a CSV line. */
function pager(deps: Deps, workspaceId: string, request: ExportRequest): (cursor: string | undefined) => Promise<Page<string>> {
  const lines = <T>(page: Page<T>, cells: (row: T) => (string | number | null)[]): Page<string> => ({
    items: page.items.map((row) => csvRecord(cells(row))),
    next: page.next,
  });
  switch (request.kind) {
    case 'deals': {
      const filter = dealListFilter(request.filter);
      return async (cursor) => lines(await dealExportPage(deps.db, workspaceId, { ...filter, cursor, limit: exportPageSize }), dealCells);
    }
    case 'accounts':
      return async (cursor) => lines(await accountExportPage(deps.db, workspaceId, { ...request.filter, cursor, limit: exportPageSize }), accountCells);
    case 'contacts':
      return async (cursor) => lines(await contactExportPage(deps.db, workspaceId, { ...request.filter, cursor, limit: exportPageSize }), contactCells);
    default:
      return assertNever(request);
  }
}
