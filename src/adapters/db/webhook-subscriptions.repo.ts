// Outbound webhook subscriptions and their deliveries: SQL only. A delivery is one event for one subscription (a
// unique pair), claimed by the delivery worker with a lease, and its attempts logged on the row.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';
import { scoped } from './scope.ts';
import type { Row } from './schema.ts';

export type SubscriptionRow = Row<'webhook_subscriptions'>;
export type DeliveryRow = Row<'webhook_deliveries'>;
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';
export type DeliveryLogEntry = { attempt: number; at: string; status: number | null; error: string | null; manual?: boolean };

export async function insertSubscription(
  tx: Tx,
  workspaceId: string,
  s: { url: string; description: string | null; eventTypes: string[]; secret: string; createdBy: string | null },
): Promise<SubscriptionRow> {
  return tx
    .insertInto('webhook_subscriptions')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      url: s.url,
      description: s.description,
      event_types: s.eventTypes,
      secret: s.secret,
      created_by: s.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listSubscriptionRows(db: DbOrTx, workspaceId: string): Promise<SubscriptionRow[]> {
  return scoped(db, workspaceId).selectFrom('webhook_subscriptions').selectAll().where('deleted_at', 'is', null).orderBy('created_at').execute();
}

export async function findSubscription(db: DbOrTx, workspaceId: string, id: string, lock = false): Promise<SubscriptionRow | undefined> {
  const q = scoped(db, workspaceId).selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function updateSubscriptionRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  set: Partial<
    Pick<
      SubscriptionRow,
      'url' | 'description' | 'event_types' | 'secret' | 'enabled' | 'disabled_reason' | 'failing_since' | 'consecutive_failures' | 'deleted_at'
    >
  >,
): Promise<SubscriptionRow> {
  return scoped(tx, workspaceId)
    .updateTable('webhook_subscriptions')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One delivery per subscription for the event; none twice (a redelivered event adds nothing). Returns how many were added. */
export async function insertDeliveries(
  tx: Tx,
  workspaceId: string,
  event: { id: string; type: string },
  deliveries: { subscriptionId: string; body: string }[],
  dueAt: Date,
): Promise<number> {
  if (deliveries.length === 0) return 0;
  const result = await tx
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((d) => ({
        id: newId(),
        workspace_id: workspaceId,
        subscription_id: d.subscriptionId,
        event_id: event.id,
        event_type: event.type,
        body: d.body,
        next_attempt_at: dueAt,
      })),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export type ClaimedDelivery = DeliveryRow & { url: string; secret: string; enabled: boolean };

/** Due deliveries of enabled subscriptions, leased for `leaseMs` (another worker skips them), oldest first. */
export async function claimDueDeliveries(db: DbOrTx, now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_subscriptions s on s.id = d.subscription_id
      where d.status in ('pending', 'retrying') and d.next_attempt_at <= ${now}
        and (d.locked_until is null or d.locked_until < ${now})
        and s.enabled and s.deleted_at is null
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
    update webhook_deliveries d set locked_until = ${new Date(now.getTime() + leaseMs)}
    from due, webhook_subscriptions s
    where d.id = due.id and s.id = d.subscription_id
    returning d.*, s.url, s.secret, s.enabled`.execute(db);
  return rows;
}

/** When the next delivery is due (null when none waits). */
export async function nextDeliveryDue(db: DbOrTx): Promise<Date | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('due'))
    .where('status', 'in', ['pending', 'retrying'])
    .executeTakeFirst();
  return row?.due ? new Date(row.due as unknown as string | Date) : null;
}

/** Records an attempt: delivered, to be retried at `retryAt`, or failed for good. */
export async function recordAttempt(
  tx: Tx,
  id: string,
  outcome: { status: DeliveryStatus; httpStatus: number | null; error: string | null; at: Date; retryAt?: Date; manual?: boolean },
): Promise<DeliveryRow> {
  const entry = (attempt: number): DeliveryLogEntry => ({
    attempt,
    at: outcome.at.toISOString(),
    status: outcome.httpStatus,
    error: outcome.error,
    ...(outcome.manual ? { manual: true } : {}),
  });
  const row = await tx.selectFrom('webhook_deliveries').select('attempts').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  return tx
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      attempts: row.attempts + 1,
      last_status: outcome.httpStatus,
      last_error: outcome.error,
      locked_until: null,
      next_attempt_at: outcome.retryAt ?? outcome.at,
      delivered_at: outcome.status === 'delivered' ? outcome.at : null,
      log: sql`log || ${JSON.stringify([entry(row.attempts + 1)])}::jsonb`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Puts a delivery back in line now (a manual redelivery): its attempts so far stay in its log. */
export async function requeueDelivery(tx: Tx, workspaceId: string, id: string, now: Date): Promise<DeliveryRow> {
  return scoped(tx, workspaceId)
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, locked_until: null, delivered_at: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findDelivery(db: DbOrTx, workspaceId: string, id: string): Promise<DeliveryRow | undefined> {
  return scoped(db, workspaceId).selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDeliveryRows(
  db: DbOrTx,
  workspaceId: string,
  subscriptionId: string,
  options: { status?: DeliveryStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<DeliveryRow>> {
  let q = scoped(db, workspaceId).selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
  if (options.status) q = q.where('status', '=', options.status);
  if (options.cursor) q = q.where('id', '<', options.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(rows, options.limit, (r) => r);
}

/** The workspace's active admins: told when a subscription is disabled. */
export async function activeAdminIds(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await scoped(db, workspaceId).selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).execute();
  return rows.map((r) => r.id);
}

/** Counts of a subscription's deliveries by status. */
export async function deliveryCounts(
  db: DbOrTx,
  workspaceId: string,
  subscriptionIds: readonly string[],
): Promise<Map<string, Record<DeliveryStatus, number>>> {
  const out = new Map<string, Record<DeliveryStatus, number>>();
  if (subscriptionIds.length === 0) return out;
  const rows = await scoped(db, workspaceId)
    .selectFrom('webhook_deliveries')
    .select(['subscription_id', 'status', sql<number>`count(*)::int`.as('n')])
    .where('subscription_id', 'in', [...subscriptionIds])
    .groupBy(['subscription_id', 'status'])
    .execute();
  for (const id of subscriptionIds) out.set(id, { pending: 0, retrying: 0, delivered: 0, failed: 0 });
  for (const r of rows) out.get(r.subscription_id)![r.status as DeliveryStatus] = r.n;
  return out;
}
