// Accounts (the companies sold to) and their contacts.
import type { AccountStatus, BuyingRole } from '../../domain/opportunity.ts';
import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import type { DB, NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';
import { toPage, type Page } from './page.ts';

export type Account = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  status: AccountStatus;
  ownerId: string | null;
  ownerName: string | null;
  csmId: string | null;
  csmName: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Contact = {
  id: string;
  accountId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  buyingRole: BuyingRole | null;
  createdAt: string;
};

function selectAccounts(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('accounts')
    .leftJoin('users as owner', 'owner.id', 'accounts.owner_id')
    .leftJoin('users as csm', 'csm.id', 'accounts.csm_id')
    .selectAll('accounts')
    .select(['owner.name as owner_name', 'csm.name as csm_name']);
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['executeTakeFirstOrThrow']>>;

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  name: r.name,
  domain: r.domain,
  industry: r.industry,
  status: r.status as AccountStatus,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  csmId: r.csm_id,
  csmName: r.csm_name,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function findAccount(db: DbOrTx, workspaceId: string, id: string): Promise<Account | undefined> {
  const row = await selectAccounts(db, workspaceId).where('accounts.id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function listAccounts(
  db: DbOrTx,
  workspaceId: string,
  filter: { status?: AccountStatus | undefined; ownerId?: string | undefined; q?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Account>> {
  let q = selectAccounts(db, workspaceId);
  if (filter.status) q = q.where('accounts.status', '=', filter.status);
  if (filter.ownerId) q = q.where('accounts.owner_id', '=', filter.ownerId);
  if (filter.q) q = q.where('accounts.name', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.cursor) q = q.where('accounts.id', '>', filter.cursor);
  const rows = await q
    .orderBy('accounts.id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toAccount);
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const toContact = (r: {
  id: string;
  account_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  buying_role: string | null;
  created_at: Date;
}): Contact => ({
  id: r.id,
  accountId: r.account_id,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  phone: r.phone,
  title: r.title,
  buyingRole: r.buying_role as BuyingRole | null,
  createdAt: r.created_at.toISOString(),
});

export async function findContact(db: DbOrTx, workspaceId: string, id: string): Promise<Contact | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toContact(row);
}

export async function listContacts(
  db: DbOrTx,
  workspaceId: string,
  filter: { accountId?: string | undefined; q?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Contact>> {
  let q = scoped(db, workspaceId).selectFrom('contacts').selectAll();
  if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('first_name', 'ilike', like), eb('last_name', 'ilike', like), eb('email', 'ilike', like)]));
  }
  if (filter.cursor) q = q.where('id', '>', filter.cursor);
  const rows = await q
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toContact);
}

/** Makes the account an active client; false when it already was. */
export async function activateAccount(tx: Tx, workspaceId: string, id: string): Promise<boolean> {
  const row = await scoped(tx, workspaceId)
    .updateTable('accounts')
    .set({ status: 'active', updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '!=', 'active')
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

export async function insertAccount(tx: Tx, row: NewRow<'accounts'>): Promise<void> {
  await tx.insertInto('accounts').values(row).execute();
}

export async function lockAccount(tx: Tx, workspaceId: string, id: string): Promise<Row<'accounts'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('accounts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateAccountRow(tx: Tx, workspaceId: string, id: string, set: Updateable<DB['accounts']>): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('accounts')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function insertContact(tx: Tx, row: NewRow<'contacts'>): Promise<void> {
  await tx.insertInto('contacts').values(row).execute();
}

export async function lockContact(tx: Tx, workspaceId: string, id: string): Promise<Row<'contacts'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('contacts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateContactRow(tx: Tx, workspaceId: string, id: string, set: Updateable<DB['contacts']>): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('contacts')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
