// The webhook delivery worker: sends queued deliveries of outbound subscriptions, signed the Standard Webhooks way
// (webhook-id is the delivery's id, the same on every attempt, so a receiver can drop repeats), retries a failure with
// exponential backoff and jitter for three to four and a half days (25 attempts), and disables a subscription that has
// failed for three days on end, telling the admins. Deliveries of one subscription go out in the order they are due.
import type { Logger } from 'pino';
import type { Db } from '../adapters/db/database.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { insertNotifications } from '../adapters/db/notifications.repo.ts';
import {
  activeAdminIds,
  claimDueDeliveries,
  findSubscription,
  recordAttempt,
  updateSubscriptionRow,
  type ClaimedDelivery,
} from '../adapters/db/webhook-subscriptions.repo.ts';
import { findWebhookHosts } from '../adapters/db/workspaces.repo.ts';
import { callWebhook, type WebhookAnswer, type WebhookCall } from '../adapters/webhooks/outbound.ts';
import { retryDelayMs } from '../domain/rules/actions.ts';
import { messageHeaders } from '../domain/standard-webhooks.ts';
import { createLoop, type Loop } from './loop.ts';

export type DeliveryWorkerOptions = {
  db: Db;
  log: Logger;
  now: () => Date;
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  /** Attempts before a delivery fails for good (default 25: three to four and a half days with the patient backoff). */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  /** A subscription failing this long without a success is disabled (default three days). */
  disableAfterMs?: number;
  /** The HTTP call (tests may watch it); by default the SSRF-guarded outbound call. */
  send?: (call: WebhookCall) => Promise<WebhookAnswer>;
};

export const disableAfterDays = 3;

export type DeliveryWorker = Loop & { runOnce(): Promise<number> };

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const maxAttempts = options.maxAttempts ?? 25;
  const delay = options.retryDelayMs ?? ((attempt: number) => retryDelayMs(attempt, 'patient'));
  const disableAfterMs = options.disableAfterMs ?? disableAfterDays * 24 * 3_600_000;
  const send = options.send ?? callWebhook;
  const leaseMs = options.leaseMs ?? 30_000;
  const log = options.log.child({ worker: 'webhook-deliveries' });

  async function deliver(d: ClaimedDelivery): Promise<void> {
    const at = options.now();
    let answer: WebhookAnswer | undefined;
    let failure: string | undefined;
    try {
      answer = await send({
        url: d.url,
        body: d.body,
        idempotencyKey: d.id,
        headers: messageHeaders(d.secret, d.id, at, d.body),
        allowedHosts: await findWebhookHosts(options.db, d.workspace_id),
      });
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const httpStatus = answer?.status ?? Number(/ answered (\d{3})/.exec(failure ?? '')?.[1] ?? NaN);
    await options.db.transaction().execute(async (tx) => {
      const subscription = await findSubscription(tx, d.workspace_id, d.subscription_id, true);
      if (answer) {
        await recordAttempt(tx, d.id, { status: 'delivered', httpStatus: answer.status, error: null, at });
        if (subscription && (subscription.consecutive_failures > 0 || subscription.failing_since))
          await updateSubscriptionRow(tx, d.workspace_id, d.subscription_id, { failing_since: null, consecutive_failures: 0 });
        return;
      }
      const attempt = d.attempts + 1;
      const final = attempt >= maxAttempts;
      await recordAttempt(tx, d.id, {
        status: final ? 'failed' : 'retrying',
        httpStatus: Number.isFinite(httpStatus) ? httpStatus : null,
        error: failure ?? 'no answer',
        at,
        ...(!final && { retryAt: new Date(at.getTime() + delay(attempt)) }),
      });
      if (!subscription) return;
      const failingSince = subscription.failing_since ?? at;
      const disable = subscription.enabled && at.getTime() - failingSince.getTime() >= disableAfterMs;
      await updateSubscriptionRow(tx, d.workspace_id, d.subscription_id, {
        failing_since: failingSince,
        consecutive_failures: subscription.consecutive_failures + 1,
        ...(disable && {
          enabled: false,
          disabled_reason: `failing since ${failingSince.toISOString()} (${subscription.consecutive_failures + 1} attempts): ${failure}`,
        }),
      });
      if (!disable) return;
      log.warn({ subscription: d.subscription_id, url: d.url }, 'webhook subscription disabled after failing for days');
      const admins = await activeAdminIds(tx, d.workspace_id);
      await insertNotifications(
        tx,
        d.workspace_id,
        admins.map((id) => ({
          userId: id,
          kind: 'webhook.disabled',
          title: `Webhook to ${d.url} disabled`,
          body: `It has failed since ${failingSince.toISOString()} (last: ${failure}). Its deliveries wait; enable it again in Settings → Webhooks once the receiver is back.`,
          subjectType: 'webhook_subscription',
          subjectId: d.subscription_id,
          eventId: null,
          originRunId: null,
          originKey: `webhook-disabled:${d.subscription_id}:${failingSince.toISOString()}:${id}`,
        })),
      );
      await recordAudit(tx, d.workspace_id, { type: 'system', id: null, label: 'webhook deliveries' }, [
        {
          action: 'webhook_subscription.disabled',
          entityType: 'webhook_subscription',
          entityId: d.subscription_id,
          before: { enabled: true },
          after: { enabled: false, failingSince: failingSince.toISOString() },
        },
      ]);
    });
    if (failure) log.info({ delivery: d.id, attempt: d.attempts + 1, err: failure }, 'webhook delivery failed');
  }

  async function runOnce(): Promise<number> {
    const due = await claimDueDeliveries(options.db, options.now(), options.batchSize ?? 20, leaseMs);
    // One subscription's deliveries in order; different subscriptions side by side.
    const bySubscription = new Map<string, ClaimedDelivery[]>();
    for (const d of due) bySubscription.set(d.subscription_id, [...(bySubscription.get(d.subscription_id) ?? []), d]);
    await Promise.all(
      [...bySubscription.values()].map(async (list) => {
        for (const d of list) {
          try {
            await deliver(d);
          } catch (error) {
            // A database failure while recording: the lease runs out and the delivery is taken up again.
            log.error({ delivery: d.id, err: error }, 'webhook delivery interrupted');
          }
        }
      }),
    );
    return due.length;
  }

  const loop = createLoop(runOnce, { pollMs: options.pollMs ?? 2000, log, what: 'webhook deliveries' });
  return { ...loop, runOnce };
}
