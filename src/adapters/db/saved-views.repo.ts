// Saved views: a person's named filters of a list, their own and those others share with the workspace.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { QueryError } from './query-errors.ts';
import type { NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';

export type SavedViewRecord = {
  id: string;
  name: string;
  entity: 'opportunities' | 'dashboard';
  filters: Record<string, unknown>;
  shared: boolean;
  ownerId: string;
  ownerName: string;
  createdAt: string;
  updatedAt: string;
};

function selectViews(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId).selectFrom('saved_views as v').innerJoin('users as u', 'u.id', 'v.owner_id').selectAll('v').select('u.name as owner_name');
}

const toView = (r: Row<'saved_views'> & { owner_name: string }): SavedViewRecord => ({
  id: r.id,
  name: r.name,
  entity: r.entity as SavedViewRecord['entity'],
  filters: r.filters ?? {},
  shared: r.shared,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The views a person may open: their own and the shared ones, by name. */
export async function listViews(db: DbOrTx, workspaceId: string, userId: string | null, entity: string | undefined): Promise<SavedViewRecord[]> {
  let q = selectViews(db, workspaceId).where((eb) => (userId ? eb.or([eb('v.owner_id', '=', userId), eb('v.shared', '=', true)]) : eb('v.shared', '=', true)));
  if (entity) q = q.where('v.entity', '=', entity);
  const rows = await q
    .orderBy(sql`lower(v.name)`)
    .orderBy('v.id')
    .limit(500)
    .execute();
  return rows.map(toView);
}

export async function findView(db: DbOrTx, workspaceId: string, id: string): Promise<SavedViewRecord | undefined> {
  const row = await selectViews(db, workspaceId).where('v.id', '=', id).executeTakeFirst();
  return row && toView(row);
}

export async function lockView(tx: Tx, workspaceId: string, id: string): Promise<Row<'saved_views'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('saved_views').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Undefined when the owner already has a view of that name for that list (the unique index decides). */
export async function insertView(tx: Tx, row: NewRow<'saved_views'>): Promise<{ id: string } | undefined> {
  return tx
    .insertInto('saved_views')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
}

const isNameTaken = (error: unknown) => error instanceof QueryError && error.code === '23505' && error.constraint === 'saved_views_name_key';

/** 'name_taken' when the new name is the owner's other view's (the transaction is then spent: throw). */
export async function updateView(
  tx: Tx,
  workspaceId: string,
  id: string,
  changes: { name?: string | undefined; filters?: Record<string, unknown> | undefined; shared?: boolean | undefined },
): Promise<'updated' | 'name_taken'> {
  try {
    await scoped(tx, workspaceId)
      .updateTable('saved_views')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.filters !== undefined && { filters: JSON.stringify(changes.filters) }),
        ...(changes.shared !== undefined && { shared: changes.shared }),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    return 'updated';
  } catch (error) {
    if (isNameTaken(error)) return 'name_taken';
    throw error;
  }
}

export async function deleteView(tx: Tx, workspaceId: string, id: string): Promise<void> {
  await scoped(tx, workspaceId).deleteFrom('saved_views').where('id', '=', id).execute();
}
