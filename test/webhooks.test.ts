// Rule webhooks leave only for public http(s) addresses unless an admin allows the host, follow no redirects, and their
// signing secrets and responses are for admins: others see "••••" and the status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import dns from 'node:dns/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { nonPublicKind } from '../src/domain/webhook-targets.ts';
import { useTestServer } from './helpers/test-server.ts';
import { addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';

const { inject, deps, drain, workspace } = useTestServer();

type Call = { path: string; signature: string | undefined; key: string | undefined; body: string };

/** A real HTTP server on 127.0.0.1: it records every call and answers with the given status and text. */
async function receiver(answer: (path: string) => { status: number; text: string; headers?: Record<string, string> } = () => ({ status: 200, text: 'ok' })) {
  const calls: Call[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', signature: req.headers['x-baton-signature'] as string, key: req.headers['idempotency-key'] as string, body });
      const a = answer(req.url ?? '');
      res.writeHead(a.status, a.headers).end(a.text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { port, url: `http://127.0.0.1:${port}/hook`, calls, close: () => new Promise((r) => server.close(r)) };
}

const as = (f: Fixture, role: 'admin' | 'ops' | 'sales') => ({
  get: (url: string) => inject({ method: 'GET', url, headers: bearer(f.tokens[role]) }),
  post: (url: string, payload: unknown) => inject({ method: 'POST', url, headers: bearer(f.tokens[role]), payload: payload as object }),
  put: (url: string, payload: unknown) => inject({ method: 'PUT', url, headers: bearer(f.tokens[role]), payload: payload as object }),
});

const webhookRule = (key: string, url: string, secret?: string) => ({
  key,
  name: `Won deal: call ${key}`,
  trigger: { type: 'event', event: 'deal.won' },
  actions: [{ key: 'hook', type: 'webhook', params: { url, ...(secret && { secret }) } }],
});

/** Wins a new deal and runs the automation; returns the webhook rule's run as the given role reads it. */
async function winAndRun(f: Fixture, ruleId: string, role: 'admin' | 'ops' = 'admin') {
  const opp = await addOpportunity(deps(), f);
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await drain({ runs: { maxAttempts: 3, retryDelayMs: () => 0 } });
  const runs = (await as(f, role).get(`/api/runs?ruleId=${ruleId}&subjectId=${opp.id}`)).json().items;
  assert.equal(runs.length, 1);
  return (await as(f, role).get(`/api/runs/${runs[0].id}`)).json();
}

test('a webhook to 127.0.0.1 is refused by default and goes through once an admin allows that host', async () => {
  const f = await workspace();
  const hook = await receiver();
  try {
    const refused = await as(f, 'ops').post('/api/rules', webhookRule('to-loopback', hook.url, 's3cret'));
    assert.equal(refused.statusCode, 400, refused.body);
    assert.deepEqual(
      refused.json().error.fields.map((i: { path: string }) => i.path),
      ['body:/actions/0/params/url'],
    );
    assert.match(refused.json().error.fields[0].message, /127\.0\.0\.1 is a loopback address .*an admin can allow this host/);

    assert.equal((await as(f, 'ops').put('/api/settings/webhooks', { allowedHosts: ['127.0.0.1'] })).statusCode, 403, 'only admins allow hosts');
    const allowed = await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: ['127.0.0.1'] });
    assert.equal(allowed.statusCode, 200, allowed.body);
    assert.deepEqual(allowed.json(), { allowedHosts: ['127.0.0.1'] });

    const saved = await as(f, 'ops').post('/api/rules', webhookRule('to-loopback', hook.url, 's3cret'));
    assert.equal(saved.statusCode, 201, saved.body);
    const run = await winAndRun(f, saved.json().id);
    assert.equal(run.status, 'succeeded', JSON.stringify(run.steps));
    assert.equal(hook.calls.length, 1);
    const call = hook.calls[0]!;
    assert.equal(call.signature, `sha256=${createHmac('sha256', 's3cret').update(call.body).digest('hex')}`);
    assert.match(call.key ?? '', /.+/, 'the call carries its Idempotency-Key');
    assert.equal(JSON.parse(call.body).rule.id, saved.json().id);

    // Taken off the list, the host is refused again when the call is made: the step fails at once.
    assert.equal((await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: [] })).statusCode, 200);
    const refusedRun = await winAndRun(f, saved.json().id);
    assert.equal(refusedRun.status, 'failed');
    assert.equal(refusedRun.steps[0].attempts, 1);
    assert.match(refusedRun.steps[0].error, /^webhook http:\/\/127\.0\.0\.1:\d+\/hook refused: 127\.0\.0\.1 is a loopback address/);
    assert.equal(hook.calls.length, 1, 'the receiver was not called again');
  } finally {
    await hook.close();
  }
});

test('webhook URLs to internal addresses or other schemes are refused when the rule is saved, naming the field', async () => {
  const f = await workspace();
  const urls = [
    'http://10.1.2.3/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hook',
    'http://[fd00::5]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://localhost:5678/webhook',
    'http://0x7f.1/hook',
    'ftp://files.example.com/hook',
  ];
  for (const url of urls) {
    const res = await as(f, 'admin').post('/api/rules', webhookRule('internal', url));
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    assert.ok(
      res.json().error.fields.some((i: { path: string }) => i.path === 'body:/actions/0/params/url'),
      `${url} is refused at /actions/0/params/url: ${res.body}`,
    );
  }
  const yaml = `rules:\n  - key: imported-hook\n    name: Imported\n    trigger: { type: event, event: deal.won }\n    actions: [{ key: h, type: webhook, params: { url: "http://192.168.1.20/hook" } }]\n`;
  const imported = await as(f, 'ops').post('/api/rules/import', { yaml });
  assert.equal(imported.statusCode, 400, imported.body);
  assert.equal(imported.json().error.fields[0].path, 'body:/yaml/rules/0/actions/0/params/url');
  assert.equal((await as(f, 'admin').post('/api/rules', webhookRule('public', 'https://hooks.example.com/baton'))).statusCode, 201);
});

test('a host name that resolves to a private address is refused when the call connects, and the step fails at once', async (t) => {
  const name = os.hostname();
  const addresses = await dns.lookup(name, { all: true }).catch(() => []);
  if (addresses.length === 0 || addresses.every((a) => !nonPublicKind(a.address))) {
    t.skip(`${name} does not resolve to a private address on this machine`);
    return;
  }
  const f = await workspace();
  const hook = await receiver();
  try {
    const saved = await as(f, 'ops').post('/api/rules', webhookRule('by-name', `http://${name}:${hook.port}/hook`));
    assert.equal(saved.statusCode, 201, 'a name is judged by its address when the call is made');
    const run = await winAndRun(f, saved.json().id, 'ops');
    assert.equal(run.status, 'failed');
    assert.equal(run.steps[0].attempts, 1, 'a refused target is not retried');
    assert.match(run.steps[0].error, new RegExp(`refused: ${name} resolves to \\S+, a (loopback|private)`));
    assert.equal(hook.calls.length, 0, 'nothing reached the internal address');

    assert.equal((await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: [name.toUpperCase()] })).statusCode, 200);
    const retried = await as(f, 'ops').post(`/api/runs/${run.id}/retry`, {});
    assert.equal(retried.statusCode, 200, retried.body);
    await drain({ runs: { retryDelayMs: () => 0 } });
    assert.equal((await as(f, 'ops').get(`/api/runs/${run.id}`)).json().status, 'succeeded');
    assert.equal(hook.calls.length, 1);
  } finally {
    await hook.close();
  }
});

test('a webhook answering with a redirect fails at once, and the redirect is not followed', async () => {
  const f = await workspace();
  const hook = await receiver((path) => (path === '/hook' ? { status: 302, text: '', headers: { location: '/elsewhere' } } : { status: 200, text: 'ok' }));
  try {
    await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: ['127.0.0.1'] });
    const saved = await as(f, 'ops').post('/api/rules', webhookRule('redirected', hook.url));
    const run = await winAndRun(f, saved.json().id);
    assert.equal(run.status, 'failed');
    assert.equal(run.steps[0].attempts, 1);
    assert.match(run.steps[0].error, /answered 302, a redirect: redirects are not followed/);
    assert.deepEqual(
      hook.calls.map((c) => c.path),
      ['/hook'],
    );
  } finally {
    await hook.close();
  }
});

test('the webhook allow-list is read and changed by admins only, and a bad entry is refused with its position', async () => {
  const f = await workspace();
  assert.equal((await as(f, 'ops').get('/api/settings/webhooks')).statusCode, 403);
  const bad = await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: ['n8n.internal', 'http://10.0.0.5:5678/hook'] });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.fields[0].path, 'body:/allowedHosts/1');
  const saved = await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: ['N8N.Internal.', '10.0.0.5', '[::1]', 'n8n.internal'] });
  assert.deepEqual(saved.json(), { allowedHosts: ['n8n.internal', '10.0.0.5', '::1'] });
  assert.deepEqual((await as(f, 'admin').get('/api/settings/webhooks')).json(), { allowedHosts: ['n8n.internal', '10.0.0.5', '::1'] });
  assert.equal((await as(f, 'admin').post('/api/rules', webhookRule('to-n8n', 'http://10.0.0.5:5678/webhook/abc'))).statusCode, 201);
});

test('a webhook signing secret is shown to admins only: others read "••••" in the rule, the rule list, the YAML export and the dry run', async () => {
  const f = await workspace();
  const secret = 'whsec-7f3a9c-do-not-show';
  const created = await as(f, 'admin').post('/api/rules', webhookRule('erp-secret', 'https://erp.example.com/hooks/baton', secret));
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  assert.equal((await as(f, 'admin').get(`/api/rules/${id}`)).json().actions[0].params.secret, secret);
  assert.match((await as(f, 'admin').get('/api/rules/export')).body, new RegExp(secret));

  for (const role of ['ops', 'sales'] as const) {
    const one = await as(f, role).get(`/api/rules/${id}`);
    assert.equal(one.json().actions[0].params.secret, '••••', role);
    const list = await as(f, role).get('/api/rules');
    const exported = await as(f, role).get('/api/rules/export');
    const dry = await as(f, role).post('/api/rules/dry-run', { opportunityId: f.opportunity.id, ruleIds: [id] });
    for (const res of [one, list, exported, dry]) {
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(!res.body.includes(secret), `${role} does not see the secret in ${res.body.slice(0, 80)}`);
    }
    assert.match(exported.body, /secret: ••••/);
  }
  const audit = await as(f, 'ops').get('/api/audit?limit=200');
  assert.equal(audit.statusCode, 200);
  assert.ok(!audit.body.includes(secret), 'the audit log never holds the secret');
});

test('saving a rule back with the hidden secret keeps the stored one; with a new URL the hidden value is refused', async () => {
  const f = await workspace();
  await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: ['127.0.0.1'] });
  const hook = await receiver();
  try {
    const created = await as(f, 'admin').post('/api/rules', webhookRule('kept-secret', hook.url, 'original-secret'));
    const id = created.json().id;
    const seen = (await as(f, 'ops').get(`/api/rules/${id}`)).json();
    const body = { name: 'Won deal: tell the ERP', trigger: seen.trigger, actions: seen.actions };
    const saved = await as(f, 'ops').put(`/api/rules/${id}`, body);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().actions[0].params.secret, '••••', 'the answer to ops hides it too');
    assert.equal((await as(f, 'admin').get(`/api/rules/${id}`)).json().actions[0].params.secret, 'original-secret');
    await winAndRun(f, id);
    const call = hook.calls[0]!;
    assert.equal(call.signature, `sha256=${createHmac('sha256', 'original-secret').update(call.body).digest('hex')}`, 'signed with the kept secret');

    const moved = await as(f, 'ops').put(`/api/rules/${id}`, {
      ...body,
      actions: [{ ...seen.actions[0], params: { url: `http://127.0.0.1:${hook.port}/elsewhere`, secret: '••••' } }],
    });
    assert.equal(moved.statusCode, 400, moved.body);
    assert.equal(moved.json().error.fields[0].path, 'body:/actions/0/params/secret');
    const fresh = await as(f, 'ops').post('/api/rules', webhookRule('no-secret-yet', hook.url, '••••'));
    assert.equal(fresh.statusCode, 400, 'a new rule has no secret for the hidden value to keep');
    assert.equal(fresh.json().error.fields[0].path, 'body:/actions/0/params/secret');
  } finally {
    await hook.close();
  }
});

test("a webhook's response body is shown to admins only: others see the status of the call", async () => {
  const f = await workspace();
  await as(f, 'admin').put('/api/settings/webhooks', { allowedHosts: ['127.0.0.1'] });
  let failing = false;
  const hook = await receiver(() =>
    failing ? { status: 500, text: 'db password=hunter2 rejected' } : { status: 200, text: '{"invoice":"INV-42","token":"tok_live_abc"}' },
  );
  try {
    const id = (await as(f, 'admin').post('/api/rules', webhookRule('answered', hook.url))).json().id;
    const asAdmin = await winAndRun(f, id, 'admin');
    assert.equal(asAdmin.steps[0].output.status, 200);
    assert.equal(asAdmin.steps[0].output.body, '{"invoice":"INV-42","token":"tok_live_abc"}');
    const asOps = (await as(f, 'ops').get(`/api/runs/${asAdmin.id}`)).json();
    assert.equal(asOps.steps[0].output.status, 200);
    assert.equal(asOps.steps[0].output.body, undefined);
    assert.ok(!JSON.stringify(asOps).includes('tok_live_abc'));

    failing = true;
    const failed = await winAndRun(f, id, 'admin');
    assert.match(failed.error, /answered 500: db password=hunter2 rejected$/);
    for (const url of [`/api/runs/${failed.id}`, `/api/runs?ruleId=${id}`, '/api/warnings']) {
      const res = await as(f, 'ops').get(url);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(!res.body.includes('hunter2'), `ops does not see the response in ${url}`);
      assert.match(res.body, /answered 500/, `ops sees the status in ${url}`);
    }
  } finally {
    await hook.close();
  }
});
