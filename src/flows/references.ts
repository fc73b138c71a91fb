// Checks that ids given in a request name records of the caller's workspace; otherwise a 400 naming the field.
import { invalid } from '../domain/errors.ts';
import type { DbOrTx } from '../adapters/db/database.ts';

type RefTable = 'accounts' | 'contacts' | 'users' | 'opportunities' | 'sequences' | 'stages' | 'pipelines';

export async function requireRef(db: DbOrTx, workspaceId: string, table: RefTable, id: string, field: string): Promise<void> {
  const row = await db.selectFrom(table).select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw invalid([{ path: field, message: `no ${table.replace(/s$/, '')} with this id in your workspace` }]);
}

export async function requireOptionalRef(db: DbOrTx, workspaceId: string, table: RefTable, id: string | null | undefined, field: string): Promise<void> {
  if (id) await requireRef(db, workspaceId, table, id, field);
}
