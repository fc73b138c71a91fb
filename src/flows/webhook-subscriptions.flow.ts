// Outbound webhook subscriptions (admins): a URL subscribed to event types, signed with a Standard Webhooks secret.
// An outbox event of a subscribed type becomes one delivery per subscription, in the transaction that delivers the
// event (src/engine/handlers.ts); the delivery worker (src/engine/webhook-deliveries.ts) sends it. Every change here is
// audited; the secret is shown to admins only (the routes are theirs).
import type { Actor } from '../domain/actor.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import { newWebhookSecret } from '../domain/standard-webhooks.ts';
import { refusalText, targetRefusal } from '../domain/webhook-targets.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import type { Page } from '../adapters/db/page.ts';
import {
  deliveryCounts,
  findDelivery,
  findSubscription,
  insertDeliveries,
  insertSubscription,
  listDeliveryRows,
  listSubscriptionRows,
  requeueDelivery,
  updateSubscriptionRow,
  type DeliveryLogEntry,
  type DeliveryRow,
  type DeliveryStatus,
  type SubscriptionRow,
} from '../adapters/db/webhook-subscriptions.repo.ts';
import type { OutboxEvent } from '../adapters/db/outbox.repo.ts';
import { findWebhookHosts } from '../adapters/db/workspaces.repo.ts';
import type { WorkspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type WebhookSubscription = {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  secret: string;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  consecutiveFailures: number;
  deliveries: Record<DeliveryStatus, number>;
  createdAt: string;
  updatedAt: string;
};

export type WebhookDelivery = {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  log: DeliveryLogEntry[];
  createdAt: string;
  deliveredAt: string | null;
};

const none: Record<DeliveryStatus, number> = { pending: 0, retrying: 0, delivered: 0, failed: 0 };

function toSubscription(r: SubscriptionRow, counts = none): WebhookSubscription {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    secret: r.secret,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    failingSince: r.failing_since?.toISOString() ?? null,
    consecutiveFailures: r.consecutive_failures,
    deliveries: counts,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    body: r.body,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' || r.status === 'retrying' ? r.next_attempt_at.toISOString() : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    log: r.log as DeliveryLogEntry[],
    createdAt: r.created_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
  };
}

/** An event type as rules name them ("deal.won", "task.completed"), or "*" for every event. */
const eventTypePattern = /^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)+)$/;

async function inputIssues(db: DbOrTx, workspaceId: string, input: { url?: string | undefined; eventTypes?: string[] | undefined }): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (input.url !== undefined) {
    const refusal = targetRefusal(input.url, await findWebhookHosts(db, workspaceId));
    if (refusal) issues.push({ path: 'body:/url', message: refusalText(refusal) });
  }
  input.eventTypes?.forEach((t, i) => {
    if (!eventTypePattern.test(t)) issues.push({ path: `body:/eventTypes/${i}`, message: `"${t}" is not an event type like deal.won, or * for every event` });
  });
  if (input.eventTypes && new Set(input.eventTypes).size !== input.eventTypes.length)
    issues.push({ path: 'body:/eventTypes', message: 'names an event type twice' });
  return issues;
}

export type SubscriptionInput = { url: string; description?: string | null | undefined; eventTypes: string[] };
export type SubscriptionPatch = {
  url?: string | undefined;
  description?: string | null | undefined;
  eventTypes?: string[] | undefined;
  /** true re-enables a disabled subscription (its failure streak starts over); false pauses it. */
  enabled?: boolean | undefined;
  /** A new signing secret; the old one stops working at once. */
  rotateSecret?: boolean | undefined;
};

export const createSubscription = flow(async (tx, _deps, ctx: Ctx & { userId: string | null }, input: SubscriptionInput) => {
  const issues = await inputIssues(tx, ctx.workspaceId, input);
  if (issues.length) throw invalid(issues);
  const row = await insertSubscription(tx, ctx.workspaceId, {
    url: input.url,
    description: input.description?.trim() || null,
    eventTypes: input.eventTypes,
    secret: newWebhookSecret(),
    createdBy: ctx.userId,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'webhook_subscription.created', entityType: 'webhook_subscription', entityId: row.id, after: { url: row.url, eventTypes: row.event_types } },
  ]);
  return toSubscription(row);
});

export const updateSubscription = flow(async (tx, _deps, ctx: Ctx, id: string, patch: SubscriptionPatch) => {
  const before = await findSubscription(tx, ctx.workspaceId, id, true);
  if (!before) throw notFound('webhook_subscription.not_found', 'Webhook subscription');
  const issues = await inputIssues(tx, ctx.workspaceId, patch);
  if (issues.length) throw invalid(issues);
  const row = await updateSubscriptionRow(tx, ctx.workspaceId, id, {
    ...(patch.url !== undefined && { url: patch.url }),
    ...(patch.description !== undefined && { description: patch.description?.trim() || null }),
    ...(patch.eventTypes !== undefined && { event_types: patch.eventTypes }),
    ...(patch.rotateSecret && { secret: newWebhookSecret() }),
    ...(patch.enabled === true && { enabled: true, disabled_reason: null, failing_since: null, consecutive_failures: 0 }),
    ...(patch.enabled === false && { enabled: false, disabled_reason: 'paused by an admin' }),
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'webhook_subscription.updated',
      entityType: 'webhook_subscription',
      entityId: id,
      before: { url: before.url, eventTypes: before.event_types, enabled: before.enabled },
      after: { url: row.url, eventTypes: row.event_types, enabled: row.enabled, ...(patch.rotateSecret && { secret: 'rotated' }) },
    },
  ]);
  return toSubscription(row, (await deliveryCounts(tx, ctx.workspaceId, [id])).get(id));
});

/** Removes the subscription: nothing more is sent to it (its deliveries stay in the log). */
export const deleteSubscription = flow(async (tx, _deps, ctx: Ctx, id: string) => {
  const before = await findSubscription(tx, ctx.workspaceId, id, true);
  if (!before) throw notFound('webhook_subscription.not_found', 'Webhook subscription');
  await updateSubscriptionRow(tx, ctx.workspaceId, id, { deleted_at: new Date(), enabled: false });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'webhook_subscription.deleted', entityType: 'webhook_subscription', entityId: id, before: { url: before.url, eventTypes: before.event_types } },
  ]);
});

export async function listSubscriptions(db: DbOrTx, workspaceId: string): Promise<WebhookSubscription[]> {
  const rows = await listSubscriptionRows(db, workspaceId);
  const counts = await deliveryCounts(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSubscription(r, counts.get(r.id)));
}

export async function getSubscription(db: DbOrTx, workspaceId: string, id: string): Promise<WebhookSubscription> {
  const row = await findSubscription(db, workspaceId, id);
  if (!row) throw notFound('webhook_subscription.not_found', 'Webhook subscription');
  return toSubscription(row, (await deliveryCounts(db, workspaceId, [id])).get(id));
}

export async function listDeliveries(
  db: DbOrTx,
  workspaceId: string,
  subscriptionId: string,
  options: { status?: DeliveryStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<WebhookDelivery>> {
  await getSubscription(db, workspaceId, subscriptionId);
  const page = await listDeliveryRows(db, workspaceId, subscriptionId, options);
  return { items: page.items.map(toDelivery), next: page.next };
}

/** Sends a delivery again (delivered or failed ones too): back in line now, its earlier attempts kept in its log. */
export const redeliver = flow(async (tx, _deps, ctx: Ctx & { now: Date }, id: string) => {
  const delivery = await findDelivery(tx, ctx.workspaceId, id);
  if (!delivery) throw notFound('webhook_delivery.not_found', 'Webhook delivery');
  const subscription = await findSubscription(tx, ctx.workspaceId, delivery.subscription_id);
  if (!subscription) throw notFound('webhook_subscription.not_found', 'Webhook subscription');
  if (!subscription.enabled)
    throw new AppError('validation', 'conflict', 'The subscription is disabled: enable it first, then its deliveries go out again', {
      details: { disabledReason: subscription.disabled_reason },
    });
  const row = await requeueDelivery(tx, ctx.workspaceId, id, ctx.now);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'webhook_delivery.redelivered', entityType: 'webhook_delivery', entityId: id, before: { status: delivery.status }, after: { status: 'pending' } },
  ]);
  return toDelivery(row);
});

/** The Standard Webhooks payload of an event: its type, when it happened, and the record with the event's data. */
export function messageBody(event: Pick<OutboxEvent, 'id' | 'type' | 'createdAt' | 'subjectType' | 'subjectId' | 'payload' | 'workspaceId'>): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.createdAt).toISOString(),
    data: { eventId: event.id, workspaceId: event.workspaceId, subject: { type: event.subjectType, id: event.subjectId }, ...event.payload },
  });
}

/** The subscriptions an event goes to (by the cached set-up: no query when none takes it). */
export const subscribersOf = (config: Pick<WorkspaceConfig, 'webhookSubscriptions'>, type: string) =>
  config.webhookSubscriptions.filter((s) => s.eventTypes.includes('*') || s.eventTypes.includes(type));

/** Queues the event for every subscription that takes it, in the transaction delivering the event; never twice. */
export async function fanOut(tx: Tx, config: Pick<WorkspaceConfig, 'webhookSubscriptions'>, event: OutboxEvent, now: Date): Promise<number> {
  const to = subscribersOf(config, event.type);
  if (to.length === 0) return 0;
  const body = messageBody(event);
  return insertDeliveries(
    tx,
    event.workspaceId,
    { id: event.id, type: event.type },
    to.map((s) => ({ subscriptionId: s.id, body })),
    now,
  );
}
