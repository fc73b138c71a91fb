// What imports matched or created, by the source's ids; and the lookups an import row needs (accounts and deals by
// name, people by e-mail or name); the mappings saved per source; imports run as jobs, with progress and problems.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { toPage, type Page } from './page.ts';
import type { Row } from './schema.ts';
import { scoped } from './scope.ts';

export async function findImportLink(db: DbOrTx, workspaceId: string, source: string, type: 'account' | 'opportunity', externalId: string) {
  const row = await scoped(db, workspaceId)
    .selectFrom('import_links')
    .select(['account_id', 'opportunity_id'])
    .where('source', '=', source)
    .where('entity_type', '=', type)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row ? (row.account_id ?? row.opportunity_id)! : undefined;
}

export async function insertImportLink(tx: Tx, workspaceId: string, link: { source: string; type: 'account' | 'opportunity'; externalId: string; id: string }) {
  await tx
    .insertInto('import_links')
    .values({
      workspace_id: workspaceId,
      source: link.source,
      entity_type: link.type,
      external_id: link.externalId,
      account_id: link.type === 'account' ? link.id : null,
      opportunity_id: link.type === 'opportunity' ? link.id : null,
    })
    .execute();
}

/** The account of this name (case and surrounding spaces aside); the oldest when several share it. */
export async function findAccountByName(db: DbOrTx, workspaceId: string, name: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('accounts')
    .select('id')
    .where(sql<string>`lower(trim(name))`, '=', name.trim().toLowerCase())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** The account's deal of this name (case and surrounding spaces aside). */
export async function findDealByName(db: DbOrTx, workspaceId: string, accountId: string, name: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('opportunities')
    .select('id')
    .where('account_id', '=', accountId)
    .where(sql<string>`lower(trim(name))`, '=', name.trim().toLowerCase())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** The active person with this e-mail address or name. */
export async function findPerson(db: DbOrTx, workspaceId: string, who: string): Promise<string | undefined> {
  const v = who.trim().toLowerCase();
  const row = await scoped(db, workspaceId)
    .selectFrom('users')
    .select('id')
    .where('active', '=', true)
    .where((eb) => eb.or([eb(sql<string>`lower(email)`, '=', v), eb(sql<string>`lower(name)`, '=', v)]))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** One importer at a time per key (a source id, or an account and deal name): a concurrent import cannot create twice. */
export async function lockImportKey(tx: Tx, workspaceId: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`import:${workspaceId}:${key}`}, 0))`.execute(tx);
}

/** The mapping last confirmed for this source (field -> column), if any. */
export async function findSavedMapping(db: DbOrTx, workspaceId: string, source: string, entity: 'deals'): Promise<Record<string, string> | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('import_mappings')
    .select('mapping')
    .where('source', '=', source)
    .where('entity', '=', entity)
    .executeTakeFirst();
  return row?.mapping;
}

export async function saveMapping(
  db: DbOrTx,
  workspaceId: string,
  input: { source: string; entity: 'deals'; mapping: Record<string, string>; userId: string | null },
) {
  await db
    .insertInto('import_mappings')
    .values({ workspace_id: workspaceId, source: input.source, entity: input.entity, mapping: JSON.stringify(input.mapping), updated_by: input.userId })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'source', 'entity'])
        .doUpdateSet({ mapping: JSON.stringify(input.mapping), updated_by: input.userId, updated_at: sql`now()` }),
    )
    .execute();
}

export type ImportStatus = 'running' | 'done' | 'failed' | 'interrupted';

export type ImportRecord = {
  id: string;
  entity: string;
  source: string;
  fileName: string | null;
  status: ImportStatus;
  dryRun: boolean;
  total: number;
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  options: Record<string, unknown>;
  error: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
};

const recordColumns = [
  'id',
  'entity',
  'source',
  'file_name',
  'status',
  'dry_run',
  'total',
  'done',
  'created',
  'updated',
  'unchanged',
  'failed',
  'options',
  'error',
  'created_by_label',
  'created_at',
  'updated_at',
  'finished_at',
] as const;

type RecordRow = Pick<Row<'imports'>, (typeof recordColumns)[number]>;

const toRecord = (r: RecordRow): ImportRecord => ({
  id: r.id,
  entity: r.entity,
  source: r.source,
  fileName: r.file_name,
  status: r.status as ImportStatus,
  dryRun: r.dry_run,
  total: r.total,
  done: r.done,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  failed: r.failed,
  options: r.options,
  error: r.error,
  createdBy: r.created_by_label,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
});

export async function insertImport(
  db: DbOrTx,
  workspaceId: string,
  input: {
    id: string;
    entity: 'deals';
    source: string;
    fileName: string | null;
    dryRun: boolean;
    total: number;
    options: Record<string, unknown>;
    createdBy: string | null;
    createdByLabel: string;
  },
): Promise<ImportRecord> {
  const row = await db
    .insertInto('imports')
    .values({
      id: input.id,
      workspace_id: workspaceId,
      entity: input.entity,
      source: input.source,
      file_name: input.fileName,
      status: 'running',
      dry_run: input.dryRun,
      total: input.total,
      options: JSON.stringify(input.options),
      created_by: input.createdBy,
      created_by_label: input.createdByLabel,
    })
    .returning(recordColumns)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Progress of a running import (a finished or interrupted one is left as it is). */
export async function setImportProgress(db: DbOrTx, workspaceId: string, id: string, done: number): Promise<void> {
  await scoped(db, workspaceId)
    .updateTable('imports')
    .set({ done, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function finishImport(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  result:
    | {
        status: 'done' | 'interrupted';
        done: number;
        created: number;
        updated: number;
        unchanged: number;
        failed: number;
        problems: unknown[];
        error?: string | undefined;
      }
    | { status: 'failed'; error: string },
): Promise<void> {
  await scoped(db, workspaceId)
    .updateTable('imports')
    .set({
      ...(result.status === 'failed'
        ? { status: 'failed', error: result.error }
        : {
            status: result.status,
            done: result.done,
            created: result.created,
            updated: result.updated,
            unchanged: result.unchanged,
            failed: result.failed,
            problems: JSON.stringify(result.problems),
            error: result.error ?? null,
          }),
      updated_at: sql`now()`,
      finished_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function findImport(db: DbOrTx, workspaceId: string, id: string): Promise<ImportRecord | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('imports').select(recordColumns).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

export async function findImportProblems(db: DbOrTx, workspaceId: string, id: string) {
  const row = await scoped(db, workspaceId).selectFrom('imports').select('problems').where('id', '=', id).executeTakeFirst();
  return row?.problems;
}

export async function listImports(db: DbOrTx, workspaceId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<ImportRecord>> {
  let q = scoped(db, workspaceId).selectFrom('imports').select(recordColumns);
  if (page.cursor) q = q.where('id', '<', page.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, toRecord);
}

/**
 * Running imports no process has moved for `staleSeconds` (a running import writes its progress every few seconds):
 * the process running them stopped. Marked interrupted, with what they had done, so nothing is silently lost.
 */
export async function markInterruptedImports(db: DbOrTx, staleSeconds: number): Promise<number> {
  const rows = await db
    .updateTable('imports')
    .set({
      status: 'interrupted',
      error:
        'the server stopped while the import ran: the rows before "done" were imported; import the same file again to finish (matched rows are not duplicated)',
      finished_at: sql`now()`,
    })
    .where('status', '=', 'running')
    .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds})`)
    .returning('id')
    .execute();
  return rows.length;
}
