// One workspace's data: every query of a repository starts here, and every table it reads, changes or removes rows
// of is filtered on workspace_id (the tenant, and the distribution column when one server is outgrown).
import { sql } from 'kysely';
import type { DbOrTx } from './database.ts';

/** The alias a query gives its first table ('opportunities as o' is o). */
function aliasOf(from: unknown): string {
  if (typeof from !== 'string') throw new Error('scoped queries name their table as a string');
  const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/i.exec(from);
  if (!m) throw new Error(`cannot scope "${from}"`);
  return m[2] ?? m[1]!;
}

/**
 * Queries of one workspace. `selectFrom`, `updateTable` and `deleteFrom` filter their table on the workspace;
 * joined tables are reached through keys of rows already in it. Inserts set workspace_id themselves.
 */
export function scoped(db: DbOrTx, workspaceId: string) {
  const ref = (from: unknown) => sql.ref(`${aliasOf(from)}.workspace_id`);
  return {
    selectFrom: ((from: never) => db.selectFrom(from).where(ref(from), '=', workspaceId)) as DbOrTx['selectFrom'],
    updateTable: ((table: never) => db.updateTable(table).where(ref(table), '=', workspaceId)) as DbOrTx['updateTable'],
    deleteFrom: ((from: never) => db.deleteFrom(from).where(ref(from), '=', workspaceId)) as DbOrTx['deleteFrom'],
  };
}
