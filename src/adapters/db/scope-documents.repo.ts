// Signed scope documents (SOW, order form, contract) attached to a deal: a source of the handoff brief.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import type { NewRow } from './schema.ts';
import { scoped } from './scope.ts';

import type { ScopeDocumentKind } from '../../domain/brief/types.ts';
export { scopeDocumentKinds, type ScopeDocumentKind } from '../../domain/brief/types.ts';

export type ScopeDocument = {
  id: string;
  opportunityId: string;
  kind: ScopeDocumentKind;
  title: string;
  body: string;
  fileName: string | null;
  signedOn: string | null;
  authorName: string | null;
  createdAt: string;
};

function selectDocuments(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('scope_documents as d')
    .leftJoin('users as u', 'u.id', 'd.author_id')
    .select(['d.id', 'd.opportunity_id', 'd.kind', 'd.title', 'd.body', 'd.file_name', 'd.signed_on', 'd.created_at', 'u.name as author_name'])
    .where('d.archived_at', 'is', null);
}

type DocumentRow = Awaited<ReturnType<ReturnType<typeof selectDocuments>['executeTakeFirstOrThrow']>>;

const toDocument = (r: DocumentRow): ScopeDocument => ({
  id: r.id,
  opportunityId: r.opportunity_id,
  kind: r.kind as ScopeDocumentKind,
  title: r.title,
  body: r.body,
  fileName: r.file_name,
  signedOn: r.signed_on,
  authorName: r.author_name,
  createdAt: r.created_at.toISOString(),
});

export async function listScopeDocuments(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<ScopeDocument[]> {
  const rows = await selectDocuments(db, workspaceId).where('d.opportunity_id', '=', opportunityId).orderBy('d.created_at').orderBy('d.id').execute();
  return rows.map(toDocument);
}

export async function findScopeDocument(db: DbOrTx, workspaceId: string, id: string): Promise<ScopeDocument | undefined> {
  const row = await selectDocuments(db, workspaceId).where('d.id', '=', id).executeTakeFirst();
  return row && toDocument(row);
}

export async function insertScopeDocument(tx: Tx, row: NewRow<'scope_documents'>): Promise<void> {
  await tx.insertInto('scope_documents').values(row).execute();
}

/** Locks a document still attached (not archived) for its removal. */
export async function lockAttachedScopeDocument(tx: Tx, workspaceId: string, id: string) {
  return scoped(tx, workspaceId)
    .selectFrom('scope_documents')
    .select(['id', 'opportunity_id', 'title'])
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function archiveScopeDocumentRow(tx: Tx, workspaceId: string, id: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('scope_documents')
    .set({ archived_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
