// Whether an id names a record of the workspace (the check behind a 400 naming the field).
import type { DbOrTx } from './database.ts';
import { scoped } from './scope.ts';

export type RefTable = 'accounts' | 'contacts' | 'users' | 'opportunities' | 'sequences' | 'stages' | 'pipelines';

export async function recordExists(db: DbOrTx, workspaceId: string, table: RefTable, id: string): Promise<boolean> {
  const row = await scoped(db, workspaceId).selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
