// A workspace's loss reasons, in their order; archived ones stay for the losses that recorded them.
import { sql } from 'kysely';
import type { LossReason } from '../../domain/loss-reasons.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import type { Row } from './schema.ts';
import { scoped } from './scope.ts';

const toLossReason = (r: Row<'loss_reasons'>): LossReason => ({ id: r.id, key: r.key, label: r.label, archived: r.archived, position: r.position });

/** The reasons in their order, archived ones included (they are marked). */
export async function listLossReasons(db: DbOrTx, workspaceId: string): Promise<LossReason[]> {
  const rows = await scoped(db, workspaceId).selectFrom('loss_reasons').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toLossReason);
}

/** Adds a reason at the end of the list; undefined when its key is taken in the workspace. */
export async function insertLossReason(tx: Tx, workspaceId: string, input: { key: string; label: string }): Promise<LossReason | undefined> {
  const last = await scoped(tx, workspaceId)
    .selectFrom('loss_reasons')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  const row = await tx
    .insertInto('loss_reasons')
    .values({ id: newId(), workspace_id: workspaceId, key: input.key, label: input.label, position: (last?.position ?? 0) + 1 })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toLossReason(row);
}

/** The workspace's reasons, locked while one of them changes (a reorder renumbers them all). */
export async function lockLossReasons(tx: Tx, workspaceId: string): Promise<LossReason[]> {
  const rows = await scoped(tx, workspaceId).selectFrom('loss_reasons').selectAll().orderBy('position').orderBy('id').forUpdate().execute();
  return rows.map(toLossReason);
}

export async function updateLossReasonRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  set: { label?: string; archived?: boolean; position?: number },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('loss_reasons')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
