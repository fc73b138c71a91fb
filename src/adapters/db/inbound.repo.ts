// Inbound connections, the events they received (raw, with their outcome) and the links from a sender's ids to
// Baton's records.
import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import type { DB, NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';
import { toPage, type Page } from './page.ts';

export type ConnectionRow = Row<'inbound_connections'>;
export type InboundEventRow = Row<'inbound_events'>;

export async function insertConnection(tx: Tx, row: NewRow<'inbound_connections'>): Promise<boolean> {
  const inserted = await tx
    .insertInto('inbound_connections')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

export async function findConnection(db: DbOrTx, workspaceId: string, id: string): Promise<ConnectionRow | undefined> {
  return scoped(db, workspaceId).selectFrom('inbound_connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A connection by its id alone: an inbound request names only the connection, and its signature (checked with the
 * connection's secrets) is what admits it to the connection's workspace.
 */
export async function findConnectionForRequest(db: DbOrTx, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('inbound_connections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockConnection(tx: Tx, workspaceId: string, id: string): Promise<ConnectionRow | undefined> {
  return scoped(tx, workspaceId).selectFrom('inbound_connections').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listConnectionRows(db: DbOrTx, workspaceId: string): Promise<ConnectionRow[]> {
  return scoped(db, workspaceId).selectFrom('inbound_connections').selectAll().orderBy('name').execute();
}

/** False when another connection of the workspace has the new name. */
export async function updateConnectionRow(tx: Tx, workspaceId: string, id: string, set: Updateable<DB['inbound_connections']>): Promise<boolean> {
  const clash = set.name
    ? await scoped(tx, workspaceId)
        .selectFrom('inbound_connections')
        .select('id')
        .where('name', '=', set.name as string)
        .where('id', '<>', id)
        .executeTakeFirst()
    : undefined;
  if (clash) return false;
  await scoped(tx, workspaceId)
    .updateTable('inbound_connections')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  return true;
}

/** Event counts of a connection by status. */
export async function countEvents(db: DbOrTx, workspaceId: string, connectionId: string): Promise<Record<string, number>> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('inbound_events')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('connection_id', '=', connectionId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * Stores an event as received. A second delivery of the same sender event id finds the first row (the unique index
 * decides, however concurrent): `inserted` says which happened.
 */
export async function storeEvent(db: DbOrTx, row: NewRow<'inbound_events'>): Promise<{ row: InboundEventRow; inserted: boolean }> {
  const inserted = await db
    .insertInto('inbound_events')
    .values(row)
    .onConflict((oc) => oc.columns(['connection_id', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, inserted: true };
  const existing = await scoped(db, row.workspace_id)
    .selectFrom('inbound_events')
    .selectAll()
    .where('connection_id', '=', row.connection_id)
    .where('external_id', '=', row.external_id!)
    .executeTakeFirstOrThrow();
  return { row: existing, inserted: false };
}

export async function findEvent(db: DbOrTx, workspaceId: string, id: string): Promise<InboundEventRow | undefined> {
  return scoped(db, workspaceId).selectFrom('inbound_events').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockEvent(tx: Tx, workspaceId: string, id: string): Promise<InboundEventRow | undefined> {
  return scoped(tx, workspaceId).selectFrom('inbound_events').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateEventRow(db: DbOrTx, workspaceId: string, id: string, set: Updateable<DB['inbound_events']>): Promise<void> {
  await scoped(db, workspaceId).updateTable('inbound_events').set(set).where('id', '=', id).execute();
}

/** A connection's events, newest first. */
export async function listEventRows(
  db: DbOrTx,
  workspaceId: string,
  connectionId: string,
  options: { limit: number; cursor?: string | undefined; status?: string | undefined },
): Promise<Page<InboundEventRow>> {
  let q = scoped(db, workspaceId).selectFrom('inbound_events').selectAll().where('connection_id', '=', connectionId);
  if (options.cursor) q = q.where('id', '<', options.cursor);
  if (options.status) q = q.where('status', '=', options.status);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(rows, options.limit, (r) => r);
}

export type LinkType = 'account' | 'contact' | 'opportunity';

export type Link = { id: string; stageAt: Date | null; fieldTimes: Record<string, string> };

/** The Baton record a sender's id stands for, with the sender's times of the newest stage and fields applied (deals). */
export async function findLink(
  db: DbOrTx,
  workspaceId: string,
  connectionId: string,
  type: LinkType,
  externalId: string,
  options: { lock?: boolean } = {},
): Promise<Link | undefined> {
  let q = scoped(db, workspaceId)
    .selectFrom('inbound_links')
    .select(['account_id', 'contact_id', 'opportunity_id', 'stage_occurred_at', 'field_times'])
    .where('connection_id', '=', connectionId)
    .where('entity_type', '=', type)
    .where('external_id', '=', externalId);
  if (options.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  return { id: (row.account_id ?? row.contact_id ?? row.opportunity_id)!, stageAt: row.stage_occurred_at, fieldTimes: row.field_times };
}

export async function insertLink(tx: Tx, workspaceId: string, link: { connectionId: string; type: LinkType; externalId: string; id: string }): Promise<void> {
  await tx
    .insertInto('inbound_links')
    .values({
      workspace_id: workspaceId,
      connection_id: link.connectionId,
      entity_type: link.type,
      external_id: link.externalId,
      account_id: link.type === 'account' ? link.id : null,
      contact_id: link.type === 'contact' ? link.id : null,
      opportunity_id: link.type === 'opportunity' ? link.id : null,
    })
    .execute();
}

/** Records the sender's times of what an event applied to a deal. */
export async function setLinkTimes(
  tx: Tx,
  workspaceId: string,
  connectionId: string,
  externalId: string,
  times: { stageAt: Date | null; fieldTimes: Record<string, string> },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('inbound_links')
    .set({ stage_occurred_at: times.stageAt, field_times: JSON.stringify(times.fieldTimes) })
    .where('connection_id', '=', connectionId)
    .where('entity_type', '=', 'opportunity')
    .where('external_id', '=', externalId)
    .execute();
}

/** One caller at a time per sender record: two deliveries about a deal Baton has not seen yet create it once. */
export async function lockExternalRecord(tx: Tx, connectionId: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`inbound:${connectionId}:${key}`}, 0))`.execute(tx);
}
