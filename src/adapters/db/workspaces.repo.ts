// Workspaces and their people.
import { sql } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import type { DbOrTx, Tx } from './database.ts';
import { toPage, type Page } from './page.ts';
import { scoped } from './scope.ts';
import type { NewRow, Row } from './schema.ts';

export type Workspace = { id: string; name: string; slug: string; timeZone: string };
export type User = { id: string; workspaceId: string; email: string; name: string; role: Role; active: boolean; createdAt: string };

export const toWorkspace = (r: Row<'workspaces'>): Workspace => ({ id: r.id, name: r.name, slug: r.slug, timeZone: r.time_zone });
export const toUser = (r: Row<'users'>): User => ({
  id: r.id,
  workspaceId: r.workspace_id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

export async function findWorkspace(db: DbOrTx, workspaceId: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst();
  return row && toWorkspace(row);
}

export async function findWorkspaceBySlug(db: DbOrTx, slug: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toWorkspace(row);
}

export async function listWorkspaces(db: DbOrTx): Promise<Workspace[]> {
  return (await db.selectFrom('workspaces').selectAll().orderBy('id').execute()).map(toWorkspace);
}

export async function countWorkspaces(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('workspaces')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function findUser(db: DbOrTx, workspaceId: string, userId: string): Promise<User | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserForLogin(db: DbOrTx, email: string): Promise<Row<'users'> | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function listUsers(
  db: DbOrTx,
  workspaceId: string,
  filter: { role?: Role | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<User>> {
  let q = scoped(db, workspaceId).selectFrom('users').selectAll();
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.cursor) q = q.where('id', '>', filter.cursor);
  const rows = await q
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toUser);
}

export async function listActiveUserIdsByRole(db: DbOrTx, workspaceId: string, role: Role): Promise<string[]> {
  const rows = await scoped(db, workspaceId).selectFrom('users').select('id').where('role', '=', role).where('active', '=', true).orderBy('id').execute();
  return rows.map((r) => r.id);
}

export type Person = { id: string; name: string; email: string; role: Role };

/** Active people of the workspace, by role or by id (both optional), by name. */
export async function listActivePeople(db: DbOrTx, workspaceId: string, filter: { role?: Role; ids?: readonly string[] } = {}): Promise<Person[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  let q = scoped(db, workspaceId).selectFrom('users').select(['id', 'name', 'email', 'role']).where('active', '=', true);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.ids) q = q.where('id', 'in', [...filter.ids]);
  const rows = await q.orderBy('name').execute();
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/** The hosts the workspace's admin allows rule webhooks to call although they are not public. */
export async function findWebhookHosts(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const row = await db.selectFrom('workspaces').select('webhook_allowed_hosts').where('id', '=', workspaceId).executeTakeFirst();
  return row?.webhook_allowed_hosts ?? [];
}

export async function saveWebhookHosts(tx: Tx, workspaceId: string, hosts: string[]): Promise<{ before: string[]; after: string[] }> {
  const row = await tx.selectFrom('workspaces').select('webhook_allowed_hosts').where('id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
  await tx.updateTable('workspaces').set({ webhook_allowed_hosts: hosts }).where('id', '=', workspaceId).execute();
  return { before: row.webhook_allowed_hosts, after: hosts };
}

export async function insertWorkspace(tx: Tx, input: { id: string; name: string; slug: string; timeZone: string }): Promise<void> {
  await tx.insertInto('workspaces').values({ id: input.id, name: input.name, slug: input.slug, time_zone: input.timeZone }).execute();
}

/** Adds a person; undefined when the e-mail (any case) is already taken. */
export async function insertUser(tx: Tx, row: NewRow<'users'>): Promise<Row<'users'> | undefined> {
  return tx
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The roles of the given people who belong to the workspace (others are left out). */
export async function findUserRoles(db: DbOrTx, workspaceId: string, ids: readonly string[]): Promise<{ id: string; name: string; role: string }[]> {
  if (ids.length === 0) return [];
  return scoped(db, workspaceId)
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('id', 'in', [...ids])
    .execute();
}

/** The workspace's time zone (what "today" and "overdue" are measured in). */
export async function findWorkspaceTimeZone(db: DbOrTx, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return row.time_zone;
}

/** Everyone's name in the workspace, active or not (to show who owns or reviewed something). */
export async function listUserNames(db: DbOrTx, workspaceId: string): Promise<{ id: string; name: string }[]> {
  return scoped(db, workspaceId).selectFrom('users').select(['id', 'name']).execute();
}
