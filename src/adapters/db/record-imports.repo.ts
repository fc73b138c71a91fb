// The lookups an account or contact import row needs: contacts an import linked by the source's ids (migration
// 0094), accounts by name and domain, contacts by e-mail or by name within their account.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';

export async function findContactLink(db: DbOrTx, workspaceId: string, source: string, externalId: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('import_links')
    .select('contact_id')
    .where('source', '=', source)
    .where('entity_type', '=', 'contact')
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.contact_id ?? undefined;
}

export async function insertContactLink(tx: Tx, workspaceId: string, link: { source: string; externalId: string; contactId: string }): Promise<void> {
  await tx
    .insertInto('import_links')
    .values({ workspace_id: workspaceId, source: link.source, entity_type: 'contact', external_id: link.externalId, contact_id: link.contactId })
    .execute();
}

/**
 * The account of this name (case and surrounding spaces aside) whose domain is this one or none; the oldest when
 * several qualify. Two companies of one name with different domains stay two accounts.
 */
export async function findAccountByNameAndDomain(db: DbOrTx, workspaceId: string, name: string, domain: string | null): Promise<string | undefined> {
  let q = scoped(db, workspaceId)
    .selectFrom('accounts')
    .select('id')
    .where(sql<string>`lower(trim(name))`, '=', name.trim().toLowerCase());
  if (domain) q = q.where((eb) => eb.or([eb('domain', 'is', null), eb(sql<string>`lower(domain)`, '=', domain.toLowerCase())]));
  // With a domain, an account of that domain before one without any.
  if (domain) q = q.orderBy(sql`domain is null`);
  const row = await q.orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

/** The record of this workspace with this id, when a file's id column holds Baton's own ids (a Baton export). */
export async function findOwnRecord(
  db: DbOrTx,
  workspaceId: string,
  table: 'accounts' | 'contacts' | 'opportunities',
  id: string,
): Promise<string | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const row = await scoped(db, workspaceId).selectFrom(table).select('id').where('id', '=', id.toLowerCase()).executeTakeFirst();
  return row?.id;
}

/** The contact with this e-mail address (any case); the oldest when several share it. */
export async function findContactByEmail(db: DbOrTx, workspaceId: string, email: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('contacts')
    .select('id')
    .where('email', 'is not', null)
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** The account's contact of this first and last name (case and surrounding spaces aside). */
export async function findContactByName(db: DbOrTx, workspaceId: string, accountId: string, firstName: string, lastName: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('contacts')
    .select('id')
    .where('account_id', '=', accountId)
    .where(sql<string>`lower(trim(first_name))`, '=', firstName.trim().toLowerCase())
    .where(sql<string>`lower(trim(last_name))`, '=', lastName.trim().toLowerCase())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
