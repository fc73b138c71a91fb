// Checks that ids given in a request name records of the caller's workspace; otherwise a 400 naming the field.
import { invalid } from '../domain/errors.ts';
import type { DbOrTx } from '../adapters/db/database.ts';
import { recordExists, type RefTable } from '../adapters/db/references.repo.ts';

export async function requireRef(db: DbOrTx, workspaceId: string, table: RefTable, id: string, field: string): Promise<void> {
  if (!(await recordExists(db, workspaceId, table, id)))
    throw invalid([{ path: field, message: `no ${table.replace(/s$/, '')} with this id in your workspace` }]);
}

export async function requireOptionalRef(db: DbOrTx, workspaceId: string, table: RefTable, id: string | null | undefined, field: string): Promise<void> {
  if (id) await requireRef(db, workspaceId, table, id, field);
}
