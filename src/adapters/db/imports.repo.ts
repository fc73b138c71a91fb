// What imports matched or created, by the source's ids; and the lookups an import row needs (accounts and deals by
// name, people by e-mail or name).
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
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
