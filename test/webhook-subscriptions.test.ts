// Outbound webhook subscriptions: an admin subscribes a URL to event types; each such event is POSTed once per
// subscription, signed the Standard Webhooks way; a receiver that is down gets the delivery again with backoff until it
// is back; one failing for three days is disabled and the admins are told; a delivery can be sent again by hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { fanOut } from '../src/flows/webhook-subscriptions.flow.ts';
import { workspaceConfig } from '../src/adapters/db/workspace-config.repo.ts';
import { toOutboxEvent } from '../src/adapters/db/outbox.repo.ts';
import { signMessage, verifyMessage } from '../src/domain/standard-webhooks.ts';
import { useTestServer } from './helpers/test-server.ts';
import { addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';

const { inject, db, deps, drain, workspace } = useTestServer();

type Received = { headers: Record<string, string | undefined>; body: string };

/** A receiver on 127.0.0.1 answering each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[] = [200]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string | undefined>, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.writeHead(status).end(status === 200 ? 'thanks' : 'down for maintenance');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/baton`, received, close: () => new Promise((r) => server.close(r)) };
}

const call = (f: Fixture, role: 'admin' | 'sales', method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  inject({ method, url, headers: bearer(f.tokens[role]), ...(payload && { payload }) });

async function setUp(statuses?: number[]) {
  const f = await workspace();
  const hook = await receiver(statuses);
  // The receiver is on this machine: the admin allows its host (as for rule webhooks).
  assert.equal((await call(f, 'admin', 'PUT', '/api/settings/webhooks', { allowedHosts: ['127.0.0.1'] })).statusCode, 200);
  const created = await call(f, 'admin', 'POST', '/api/webhook-subscriptions', { url: hook.url, eventTypes: ['deal.won'], description: 'ERP' });
  assert.equal(created.statusCode, 201, created.body);
  return { f, hook, subscription: created.json() as { id: string; secret: string } };
}

async function winNew(f: Fixture) {
  const opp = await addOpportunity(deps(), f);
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  return opp;
}

async function deliveries(f: Fixture, subscriptionId: string) {
  const res = await call(f, 'admin', 'GET', `/api/webhook-subscriptions/${subscriptionId}/deliveries`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as {
    id: string;
    status: string;
    attempts: number;
    lastStatus: number | null;
    log: { status: number | null }[];
    nextAttemptAt: string | null;
  }[];
}

test('the Standard Webhooks signature of the specification example', () => {
  // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = '{"test": 2432232314}';
  assert.equal(signMessage(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body), 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  const headers = {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  assert.deepEqual(verifyMessage(secret, headers, body, new Date(1614265330_000 + 60_000)), { ok: true });
  assert.equal(verifyMessage(secret, headers, body, new Date(1614265330_000 + 600_000)).ok, false, 'too old');
  assert.equal(verifyMessage(secret, headers, body.replace('2', '3'), new Date(1614265330_000)).ok, false, 'another body');
});

describe('subscriptions', () => {
  test('only admins manage them; a private URL, a bad event type and an empty list are refused with the field', async () => {
    const f = await workspace();
    assert.equal((await call(f, 'sales', 'GET', '/api/webhook-subscriptions')).statusCode, 403);
    const loopback = await call(f, 'admin', 'POST', '/api/webhook-subscriptions', { url: 'http://127.0.0.1:9/x', eventTypes: ['deal.won'] });
    assert.equal(loopback.statusCode, 400);
    assert.equal(loopback.json().error.fields[0].path, 'body:/url');
    const badType = await call(f, 'admin', 'POST', '/api/webhook-subscriptions', { url: 'https://erp.example/hook', eventTypes: ['deal won'] });
    assert.equal(badType.statusCode, 400);
    assert.deepEqual(
      badType.json().error.fields.map((x: { path: string }) => x.path),
      ['body:/eventTypes/0'],
    );
    const empty = await call(f, 'admin', 'POST', '/api/webhook-subscriptions', { url: 'https://erp.example/hook', eventTypes: [] });
    assert.equal(empty.statusCode, 400);
    const ok = await call(f, 'admin', 'POST', '/api/webhook-subscriptions', { url: 'https://erp.example/hook', eventTypes: ['*'] });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.match(ok.json().secret, /^whsec_/);
    const rotated = await call(f, 'admin', 'PATCH', `/api/webhook-subscriptions/${ok.json().id}`, { rotateSecret: true });
    assert.notEqual(rotated.json().secret, ok.json().secret);
    assert.equal((await call(f, 'admin', 'DELETE', `/api/webhook-subscriptions/${ok.json().id}`)).statusCode, 204);
    assert.deepEqual((await call(f, 'admin', 'GET', '/api/webhook-subscriptions')).json().items, []);
    const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/webhook-subscriptions',
      '/api/webhook-subscriptions/{id}',
      '/api/webhook-subscriptions/{id}/deliveries',
      '/api/webhook-deliveries/{id}/redeliver',
    ])
      assert.ok(doc.paths[path], `${path} in the OpenAPI document`);
  });

  test('a won deal is POSTed once, signed with the subscription secret; other events and a repeated fan-out add nothing', async () => {
    const { f, hook, subscription } = await setUp();
    try {
      const opp = await winNew(f);
      const now = new Date();
      await drain({ now: () => now });
      assert.equal(hook.received.length, 1, 'the win, once (stage changes and other events are not subscribed)');
      const [got] = hook.received;
      const [delivery] = await deliveries(f, subscription.id);
      assert.equal(got!.headers['webhook-id'], delivery!.id);
      assert.deepEqual(verifyMessage(subscription.secret, got!.headers, got!.body, now), { ok: true });
      const body = JSON.parse(got!.body);
      assert.equal(body.type, 'deal.won');
      assert.equal(body.data.subject.id, opp.id);
      assert.equal(delivery!.status, 'delivered');

      // The same event fanned out again (a relay that delivered it twice) queues nothing more.
      const row = await db()
        .selectFrom('outbox_events')
        .selectAll()
        .where('workspace_id', '=', f.workspace.id)
        .where('type', '=', 'deal.won')
        .executeTakeFirstOrThrow();
      const config = await workspaceConfig(db(), f.workspace.id);
      assert.equal(
        await db()
          .transaction()
          .execute((tx) => fanOut(tx, config, toOutboxEvent(row), new Date())),
        0,
      );
      await drain();
      assert.equal(hook.received.length, 1);
    } finally {
      await hook.close();
    }
  });

  test('a receiver that is down gets the delivery again with growing pauses, and it goes through once it is back', async () => {
    const { f, hook, subscription } = await setUp([503, 503, 200]);
    try {
      await winNew(f);
      let clock = new Date('2026-12-07T09:00:00Z');
      const run = () => drain({ now: () => clock });
      await run();
      let [d] = await deliveries(f, subscription.id);
      assert.equal(d!.status, 'retrying');
      assert.equal(d!.lastStatus, 503);
      const firstPause = new Date(d!.nextAttemptAt!).getTime() - clock.getTime();
      assert.ok(firstPause >= 24_000 && firstPause <= 36_000, `about 30 s, jittered (${firstPause} ms)`);
      await run();
      assert.equal(hook.received.length, 1, 'not again before it is due');

      clock = new Date(clock.getTime() + 40_000);
      await run();
      [d] = await deliveries(f, subscription.id);
      const secondPause = new Date(d!.nextAttemptAt!).getTime() - clock.getTime();
      assert.ok(secondPause >= 48_000 && secondPause <= 72_000, `about 60 s (${secondPause} ms)`);
      const failing = (await call(f, 'admin', 'GET', `/api/webhook-subscriptions/${subscription.id}`)).json();
      assert.equal(failing.consecutiveFailures, 2);

      clock = new Date(clock.getTime() + 80_000);
      await run();
      [d] = await deliveries(f, subscription.id);
      assert.equal(d!.status, 'delivered');
      assert.deepEqual(
        d!.log.map((l) => l.status),
        [503, 503, 200],
      );
      assert.equal(new Set(hook.received.map((r) => r.headers['webhook-id'])).size, 1, 'the same webhook-id on every attempt');
      const back = (await call(f, 'admin', 'GET', `/api/webhook-subscriptions/${subscription.id}`)).json();
      assert.equal(back.consecutiveFailures, 0);
      assert.equal(back.failingSince, null);
    } finally {
      await hook.close();
    }
  });

  test('failing for three days disables the subscription and tells the admins; enabled again, a redelivery goes out', async () => {
    const { f, hook, subscription } = await setUp([500, 500, 500, 200]);
    try {
      await winNew(f);
      const start = new Date('2026-12-07T09:00:00Z');
      let clock = start;
      const run = () => drain({ now: () => clock });
      await run();
      clock = new Date(start.getTime() + 2 * 86_400_000);
      await run();
      assert.equal((await call(f, 'admin', 'GET', `/api/webhook-subscriptions/${subscription.id}`)).json().enabled, true, 'two days: still on');
      clock = new Date(start.getTime() + 3 * 86_400_000 + 60_000);
      await run();
      const off = (await call(f, 'admin', 'GET', `/api/webhook-subscriptions/${subscription.id}`)).json();
      assert.equal(off.enabled, false);
      assert.match(off.disabledReason, /failing since 2026-12-07T09:00:00.000Z/);
      const told = await db()
        .selectFrom('notifications')
        .select(['user_id', 'title'])
        .where('workspace_id', '=', f.workspace.id)
        .where('kind', '=', 'webhook.disabled')
        .execute();
      assert.deepEqual(
        told.map((n) => n.user_id),
        [f.users.admin.id],
      );
      assert.match(told[0]!.title, /disabled/);
      const attempts = hook.received.length;
      clock = new Date(clock.getTime() + 86_400_000);
      await run();
      assert.equal(hook.received.length, attempts, 'a disabled subscription sends nothing');

      const [d] = await deliveries(f, subscription.id);
      const refused = await call(f, 'admin', 'POST', `/api/webhook-deliveries/${d!.id}/redeliver`);
      assert.equal(refused.statusCode, 409, 'enable it first');
      assert.equal((await call(f, 'admin', 'PATCH', `/api/webhook-subscriptions/${subscription.id}`, { enabled: true })).json().enabled, true);
      const again = await call(f, 'admin', 'POST', `/api/webhook-deliveries/${d!.id}/redeliver`);
      assert.equal(again.statusCode, 200, again.body);
      await run();
      const [after] = await deliveries(f, subscription.id);
      assert.equal(after!.status, 'delivered');
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('workspace_id', '=', f.workspace.id)
        .where('entity_type', 'in', ['webhook_subscription', 'webhook_delivery'])
        .execute();
      assert.ok(
        ['webhook_subscription.created', 'webhook_subscription.disabled', 'webhook_subscription.updated', 'webhook_delivery.redelivered'].every((a) =>
          audit.some((x) => x.action === a),
        ),
        JSON.stringify(audit),
      );
    } finally {
      await hook.close();
    }
  });
});
