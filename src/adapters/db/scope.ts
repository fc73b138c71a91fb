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

/** The workspace column of a query's first table. */
const workspaceColumn = (from: unknown) => sql.ref(`${aliasOf(from)}.workspace_id`);

/**
 * Queries of one workspace. `selectFrom`, `updateTable` and `deleteFrom` filter their table on the workspace;
 * joined tables are reached through keys of rows already in it. Inserts set workspace_id themselves.
 */
export function scoped(db: DbOrTx, workspaceId: string) {
  return {
    selectFrom: ((from: never) => db.selectFrom(from).where(workspaceColumn(from), '=', workspaceId)) as DbOrTx['selectFrom'],
    updateTable: ((table: never) => db.updateTable(table).where(workspaceColumn(table), '=', workspaceId)) as DbOrTx['updateTable'],
    deleteFrom: ((from: never) => db.deleteFrom(from).where(workspaceColumn(from), '=', workspaceId)) as DbOrTx['deleteFrom'],
  };
}

type Filterable = { where(lhs: unknown, op: '=', rhs: string): unknown };

/**
 * A subquery of one workspace, built on an expression builder (`eb` in a select, a where or an exists) so it may
 * refer to the outer query's tables: `scopedIn(eb, ws).selectFrom('tasks as t')` filters t on the workspace.
 */
export function scopedIn<EB extends { selectFrom: (from: never) => unknown }>(eb: EB, workspaceId: string): Pick<EB, 'selectFrom'> {
  return {
    selectFrom: ((from: never) => (eb.selectFrom(from) as Filterable).where(workspaceColumn(from), '=', workspaceId)) as EB['selectFrom'],
  };
}
