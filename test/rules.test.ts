// The rules engine: failures retry and then show, timers fire once, chains stop at a depth limit, dry runs write nothing,
// rules travel as YAML, and runs of one record never race.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { claimDueRuns } from '../src/adapters/db/rules.repo.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, automation, drain, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
});

const post = (url: string, payload: unknown, token = f.tokens.ops) => inject({ method: 'POST', url, headers: bearer(token), payload: payload as object });

/** A webhook receiver that answers 503 until told otherwise. */
async function receiver() {
  const calls: { key: string | undefined; signature: string | undefined; body: unknown }[] = [];
  let status = 503;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ key: req.headers['idempotency-key'] as string, signature: req.headers['x-baton-signature'] as string, body: JSON.parse(body) });
      res.writeHead(status).end(status === 200 ? 'ok' : 'warehouse system is down');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    up: () => (status = 200),
    close: () => new Promise((r) => server.close(r)),
  };
}

test('a failing action retries with backoff, then shows as failed with its error; retried by hand it completes without repeating what succeeded', async () => {
  const hook = await receiver();
  try {
    // The receiver listens on 127.0.0.1: webhooks call it only once an admin allows the host.
    assert.equal(
      (await inject({ method: 'PUT', url: '/api/settings/webhooks', headers: bearer(f.tokens.admin), payload: { allowedHosts: ['127.0.0.1'] } })).statusCode,
      200,
    );
    const rule = await post('/api/rules', {
      key: 'won-tell-erp',
      name: 'Won deal: tell the ERP',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [
        {
          key: 'note',
          type: 'notify',
          params: { recipientType: 'role', recipient: 'finance', channel: 'in_app', title: 'Invoice {{deal.name}}', body: '{{deal.amount}}' },
        },
        { key: 'erp', type: 'webhook', params: { url: hook.url, secret: 's3cret' } },
      ],
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const opp = await addOpportunity(deps(), f, 'ERP deal');
    await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
    const delays: number[] = [];
    const worker = automation({ runs: { maxAttempts: 3, retryDelayMs: (attempt) => (delays.push(attempt), 0) } });
    await worker.drain();

    const runs = (await inject({ method: 'GET', url: `/api/runs?ruleId=${rule.json().id}`, headers: bearer(f.tokens.ops) })).json().items;
    assert.equal(runs.length, 1);
    assert.equal(runs[0].status, 'failed');
    // Ops sees the status; the response body ("warehouse system is down") is for admins.
    assert.match(runs[0].error, /^erp: webhook http:\/\/127\.0\.0\.1:\d+\/hook answered 503$/);
    const detail = (await inject({ method: 'GET', url: `/api/runs/${runs[0].id}`, headers: bearer(f.tokens.ops) })).json();
    assert.deepEqual(
      detail.steps.map((s: { key: string; status: string; attempts: number }) => [s.key, s.status, s.attempts]),
      [
        ['note', 'succeeded', 1],
        ['erp', 'failed', 3],
      ],
    );
    assert.equal(detail.steps[1].log.length, 3);
    assert.ok(detail.steps[1].log.every((l: { error: string }) => /answered 503/.test(l.error)));
    assert.deepEqual(delays, [1, 2], 'backed off after the first and second attempt');
    assert.equal(hook.calls.length, 3);
    assert.equal(new Set(hook.calls.map((c) => c.key)).size, 1, 'every attempt carries the same idempotency key');
    assert.match(hook.calls[0]!.signature!, /^sha256=[0-9a-f]{64}$/);
    const warnings = (await inject({ method: 'GET', url: '/api/warnings', headers: bearer(f.tokens.ops) })).json().items;
    assert.ok(warnings.some((w: { kind: string; subject: { id: string } }) => w.kind === 'run_failed' && w.subject.id === runs[0].id));
    assert.equal((await post(`/api/runs/${runs[0].id}/retry`, {}, f.tokens.sales)).statusCode, 403);

    hook.up();
    const retried = await post(`/api/runs/${runs[0].id}/retry`, {});
    assert.equal(retried.statusCode, 200);
    assert.equal(retried.json().status, 'pending');
    await worker.drain();
    const after = (await inject({ method: 'GET', url: `/api/runs/${runs[0].id}`, headers: bearer(f.tokens.ops) })).json();
    assert.equal(after.status, 'succeeded');
    assert.deepEqual(
      after.steps.map((s: { status: string }) => s.status),
      ['succeeded', 'succeeded'],
    );
    assert.equal(hook.calls.length, 4);
    const financeNotes = await db()
      .selectFrom('notifications')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('user_id', '=', f.users.finance.id)
      .executeTakeFirstOrThrow();
    assert.equal(financeNotes.n, 1, 'the notification step that had succeeded was not repeated');
    assert.equal((await post(`/api/runs/${runs[0].id}/retry`, {})).statusCode, 409);
  } finally {
    await hook.close();
  }
});

test('a timer rule fires once when due, and not when its condition no longer holds', async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  const rule = await post(
    '/api/rules',
    {
      key: 'kickoff-watch',
      name: 'Kickoff still open 5 business days after the win',
      trigger: { type: 'timer', event: 'deal.stage_changed', toCategory: 'won', businessDays: 5, hour: 9 },
      condition: {
        some: 'tasks',
        where: {
          all: [
            { field: 'templateKey', op: 'eq', value: 'kickoff' },
            { field: 'status', op: 'ne', value: 'done' },
          ],
        },
      },
      actions: [
        {
          key: 'tell',
          type: 'notify',
          params: { recipientType: 'role', recipient: 'ops', channel: 'in_app', title: 'Kickoff overdue: {{deal.name}}', body: 'Still open.' },
        },
      ],
    },
    fx.tokens.ops,
  );
  assert.equal(rule.statusCode, 201, rule.body);
  let now = new Date('2026-11-26T10:00:00Z'); // Thursday
  const clock = () => now;
  const worker = automation({ now: clock });
  const kept = await addOpportunity(deps(), fx, 'Kickoff forgotten');
  const held = await addOpportunity(deps(), fx, 'Kickoff held');
  for (const opp of [kept, held]) await winDeal(deps({ now: clock }), { workspaceId: fx.workspace.id, opportunityId: opp.id, actor: fx.users.sales.actor });
  await worker.drain();
  const timers = await db().selectFrom('rule_timers').selectAll().where('rule_id', '=', rule.json().id).orderBy('subject_id').execute();
  assert.equal(timers.length, 2);
  assert.equal(timers[0]!.due_at.toISOString(), '2026-12-03T09:00:00.000Z', '5 business days after Thursday 26 November, 09:00 UTC');
  const kickoff = await db()
    .selectFrom('tasks')
    .select('id')
    .where('opportunity_id', '=', held.id)
    .where('template_key', '=', 'kickoff')
    .executeTakeFirstOrThrow();
  // (The welcome e-mail it depends on is still open: this test is about the timer, so the PM completes it anyway.)
  const completed = await inject({
    method: 'PATCH',
    url: `/api/tasks/${kickoff.id}`,
    headers: bearer(fx.tokens.pm),
    payload: { status: 'done', override: true },
  });
  assert.equal(completed.statusCode, 200, completed.body);

  now = new Date('2026-12-03T08:59:00Z');
  await worker.drain();
  const early = await db().selectFrom('rule_timers').select('status').where('rule_id', '=', rule.json().id).execute();
  assert.deepEqual(
    early.map((t) => t.status),
    ['waiting', 'waiting'],
    'not due yet',
  );

  now = new Date('2026-12-03T09:01:00Z');
  await worker.drain();
  await worker.drain();
  now = new Date('2026-12-10T09:00:00Z');
  await worker.drain();
  const decided = Object.fromEntries(
    (await db().selectFrom('rule_timers').select(['subject_id', 'status', 'reason']).where('rule_id', '=', rule.json().id).execute()).map((t) => [
      t.subject_id,
      [t.status, t.reason],
    ]),
  );
  assert.deepEqual(decided[kept.id], ['fired', 'condition holds']);
  const shown = (await inject({ method: 'GET', url: `/api/rules/${rule.json().id}`, headers: bearer(fx.tokens.cs) })).json().timers;
  assert.deepEqual(shown.map((t: { subject: { name: string }; status: string }) => [t.subject.name, t.status]).sort(), [
    ['Kickoff forgotten', 'fired'],
    ['Kickoff held', 'skipped'],
  ]);
  assert.ok(shown.find((t: { status: string; runId: string | null }) => t.status === 'fired').runId, 'a fired timer links to its run');
  assert.equal(decided[held.id]![0], 'skipped');
  assert.match(decided[held.id]![1]!, /condition no longer holds/);
  const notes = await db().selectFrom('notifications').select(['subject_id', 'user_id', 'title']).where('title', 'like', 'Kickoff overdue%').execute();
  const opsPeople = await db().selectFrom('users').select('id').where('workspace_id', '=', fx.workspace.id).where('role', '=', 'ops').execute();
  assert.deepEqual(
    notes.map((n) => n.subject_id),
    opsPeople.map(() => kept.id),
    'one notification per ops person, only for the deal whose kickoff is open',
  );
  assert.equal(new Set(notes.map((n) => n.user_id)).size, opsPeople.length);
});

test('a rule that keeps changing the record that triggers it stops at the depth limit with a clear error', async () => {
  const fx = await workspace();
  const rule = await post(
    '/api/rules',
    {
      key: 'echo',
      name: 'Echo the region',
      repeat: 'every_event',
      trigger: { type: 'event', event: 'deal.field_changed', field: 'custom.region' },
      actions: [{ key: 'again', type: 'set_field', params: { field: 'custom.region', value: '{{deal.custom.region}}!' } }],
    },
    fx.tokens.ops,
  );
  assert.equal(rule.statusCode, 201, rule.body);
  const seed = await post(
    '/api/rules',
    {
      key: 'seed',
      name: 'Seed the region',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [{ key: 'set', type: 'set_field', params: { field: 'custom.region', value: 'EMEA' } }],
    },
    fx.tokens.ops,
  );
  assert.equal(seed.statusCode, 201, seed.body);
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
  await drain();
  const runs = await db().selectFrom('rule_runs').select(['status', 'depth', 'error']).where('rule_id', '=', rule.json().id).orderBy('depth').execute();
  assert.deepEqual(
    runs.map((r) => [r.depth, r.status]),
    [
      [1, 'succeeded'],
      [2, 'succeeded'],
      [3, 'succeeded'],
      [4, 'succeeded'],
      [5, 'failed'],
    ],
  );
  assert.match(runs.at(-1)!.error!, /Stopped: 5 automated changes in a row led here \(limit 5\)/);
  const deal = await db().selectFrom('opportunities').select('custom_fields').where('id', '=', fx.opportunity.id).executeTakeFirstOrThrow();
  assert.deepEqual(deal.custom_fields, { region: 'EMEA!!!!' });
});

test('a dry run says what the rules would do if the deal were won now, and writes nothing', async () => {
  const opp = await addOpportunity(deps(), f, 'Dry deal');
  await db().updateTable('opportunities').set({ complexity: 'complex' }).where('id', '=', opp.id).execute();
  const tables = [
    'projects',
    'tasks',
    'rule_runs',
    'rule_run_steps',
    'rule_timers',
    'notifications',
    'outbox_events',
    'audit_log',
    'deal_outcomes',
    'mail_messages',
  ] as const;
  const snapshot = async () =>
    Promise.all(
      tables.map(
        async (t) =>
          (
            await db()
              .selectFrom(t)
              .select(sql<number>`count(*)::int`.as('n'))
              .executeTakeFirstOrThrow()
          ).n,
      ),
    );
  const before = await snapshot();
  const res = await post('/api/rules/dry-run', { opportunityId: opp.id }, f.tokens.cs);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(await snapshot(), before);
  const byName = Object.fromEntries(res.json().results.map((r: { name: string }) => [r.name, r]));
  assert.equal(byName['Won deal: create the project'].matched, true);
  const plan = byName['Won deal: create the project'].actions[0];
  assert.match(plan.summary, /^Onboarding v1: 4 task\(s\), new project owned by /);
  assert.ok(
    plan.details.some((d: string) => /^Architecture review: .+, due \d{4}-\d{2}-\d{2}$/.test(d)),
    plan.details.join('\n'),
  );
  assert.match(byName['Won deal: notify Operations'].actions[0].summary, /^Notify .*ops person/);
  const stage = await post('/api/rules/dry-run', { opportunityId: opp.id, event: 'deal.stage_changed', toStage: 'Proposal' }, f.tokens.cs);
  assert.ok(
    stage.json().results.every((r: { matched: boolean }) => !r.matched),
    'no rule acts on a move to Proposal',
  );
  const draft = await post(
    '/api/rules/dry-run',
    {
      opportunityId: opp.id,
      rules: [
        {
          name: 'Big deals',
          trigger: { type: 'event', event: 'deal.won' },
          condition: { field: 'deal.amountMinor', op: 'gte', value: 10_000_000 },
          actions: [],
        },
      ],
    },
    f.tokens.cs,
  );
  assert.deepEqual(draft.json().results[0].conditionTrace, [{ path: 'deal.amountMinor', test: 'gte 10000000', actual: 500_000, result: false }]);
  assert.equal(draft.json().results[0].matched, false);
});

test('rules export as YAML and import elsewhere by key, all or nothing', async () => {
  // An admin's export carries the webhook's signing secret (others see "••••"), and the other workspace allows its host.
  const exported = await inject({ method: 'GET', url: '/api/rules/export', headers: bearer(f.tokens.admin) });
  assert.equal(exported.statusCode, 200);
  assert.match(exported.headers['content-type'] as string, /yaml/);
  assert.match(exported.body, /key: won-create-project/);
  const other = await workspace();
  await inject({ method: 'PUT', url: '/api/settings/webhooks', headers: bearer(other.tokens.admin), payload: { allowedHosts: ['127.0.0.1'] } });
  const imported = await post('/api/rules/import', { yaml: exported.body }, other.tokens.admin);
  assert.equal(imported.statusCode, 200, imported.body);
  // The other workspace has the core rules already: they are updated in place (unchanged), the rest created.
  assert.equal(imported.json().updated, 0);
  const mine = (await inject({ method: 'GET', url: '/api/rules', headers: bearer(f.tokens.ops) })).json().items;
  const theirs = (await inject({ method: 'GET', url: '/api/rules', headers: bearer(other.tokens.ops) })).json().items;
  const shape = (rules: { key: string; trigger: unknown; condition: unknown; actions: unknown }[]) =>
    rules.map((r) => [r.key, r.trigger, r.condition, r.actions]).sort();
  assert.deepEqual(shape(theirs), shape(mine));
  const again = await post('/api/rules/import', { yaml: exported.body }, other.tokens.admin);
  assert.deepEqual([again.json().created, again.json().updated], [0, 0], 'importing the same rules twice changes nothing');

  const count = async () =>
    (
      await db()
        .selectFrom('rules')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('workspace_id', '=', other.workspace.id)
        .executeTakeFirstOrThrow()
    ).n;
  const rulesBefore = await count();
  const bad = await post(
    '/api/rules/import',
    {
      yaml: 'rules:\n  - key: fine\n    name: Fine\n    trigger: { type: event, event: deal.won }\n    actions: []\n  - key: broken\n    name: Broken\n    trigger: { type: event, event: deal.won }\n    actions:\n      - { key: a, type: launch_rocket, params: {} }\n',
    },
    other.tokens.admin,
  );
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(
    bad.json().error.fields.map((x: { path: string }) => x.path),
    ['body:/yaml/rules/1/actions/0/type'],
  );
  assert.equal(await count(), rulesBefore, 'the valid rule before the broken one was not imported either');
  const notYaml = await post('/api/rules/import', { yaml: 'rules: [unclosed' }, other.tokens.admin);
  assert.equal(notYaml.statusCode, 400);
  assert.match(notYaml.json().error.fields[0].message, /is not valid YAML/);
  assert.equal((await post('/api/rules/import', { yaml: exported.body }, other.tokens.sales)).statusCode, 403);
});

test('editing a rule makes a new version; switching it off is not a new version', async () => {
  const created = await post('/api/rules', {
    key: 'versioned',
    name: 'Versioned',
    trigger: { type: 'event', event: 'deal.lost' },
    actions: [{ key: 'n', type: 'notify', params: { recipientType: 'deal_owner', channel: 'in_app', title: 'Lost {{deal.name}}', body: 'Lost.' } }],
  });
  const id = created.json().id;
  assert.equal(created.json().version, 1);
  const body = {
    name: 'Versioned',
    trigger: { type: 'event', event: 'deal.lost' },
    actions: [{ key: 'n', type: 'notify', params: { recipientType: 'deal_owner', channel: 'in_app', title: 'Deal lost: {{deal.name}}', body: 'Lost.' } }],
  };
  const edited = await inject({ method: 'PUT', url: `/api/rules/${id}`, headers: bearer(f.tokens.ops), payload: body });
  assert.equal(edited.json().version, 2);
  const off = await inject({ method: 'PUT', url: `/api/rules/${id}`, headers: bearer(f.tokens.ops), payload: { ...body, enabled: false } });
  assert.deepEqual([off.json().version, off.json().enabled], [2, false]);
  const detail = await inject({ method: 'GET', url: `/api/rules/${id}`, headers: bearer(f.tokens.cs) });
  assert.deepEqual(
    detail.json().versions.map((v: { version: number }) => v.version),
    [2, 1],
  );
  assert.equal((await inject({ method: 'PUT', url: `/api/rules/${id}`, headers: bearer(f.tokens.pm), payload: body })).statusCode, 403);
});

test('a rule with a bad condition, action or trigger is refused with the field and the reason', async () => {
  const res = await post('/api/rules', {
    name: 'Broken',
    trigger: { type: 'timer', event: 'deal.won' },
    condition: {
      all: [
        { field: 'deal.amountMinor', op: 'bigger', value: 1 },
        { field: 'deal.dealType', op: 'in', value: 'upsell' },
      ],
    },
    actions: [
      { key: 'a', type: 'create_task', params: { title: 'x', role: 'it' } },
      { key: 'a', type: 'notify', params: { recipientType: 'role', recipient: 'wizards', channel: 'in_app', title: 't', body: 'b' } },
      { key: 'c', type: 'teleport', params: {} },
    ],
  });
  assert.equal(res.statusCode, 400);
  const fields = res.json().error.fields.map((x: { path: string; message: string }) => `${x.path} ${x.message}`);
  for (const expected of [
    'body:/trigger/businessDays is required for a timer',
    'body:/condition/all/0/op must be one of eq, ne, gt, gte, lt, lte, in, not_in, exists, not_exists, contains',
    'body:/condition/all/1/value must be a list for "in"',
    'body:/actions/0/params/dueInBusinessDays is required',
    'body:/actions/1/key "a" is used by another action of this rule',
    'body:/actions/2/type must be one of activate_client, create_project, create_task, assign_owner, notify, enrol_sequence, stop_sequence, set_field, webhook, prepare_brief, create_kickoff_tasks, create_review_task, generate_document, submit_document, send_document, request_approval, schedule_handoff_call',
  ]) {
    assert.ok(fields.includes(expected), `${expected}\nin:\n${fields.join('\n')}`);
  }
  assert.ok(
    fields.some((x: string) => x.startsWith('body:/actions/1/params/recipient must be one of admin')),
    fields.join('\n'),
  );
  const dup = await post('/api/rules', { key: 'won-create-project', name: 'Again', trigger: { type: 'event', event: 'deal.won' }, actions: [] });
  assert.equal(dup.statusCode, 409);
  const unknownDeal = await post('/api/rules/dry-run', { opportunityId: '01900000-0000-7000-8000-000000000000' });
  assert.equal(unknownDeal.statusCode, 404);
});

test("a deal's queued runs are claimed together by one worker, oldest first; another worker gets none of them", async () => {
  const fx = await workspace();
  const [a, b] = [await addOpportunity(deps(), fx, 'A'), await addOpportunity(deps(), fx, 'B')];
  for (const opp of [a, a, b]) await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: opp.id, actor: fx.users.sales.actor });
  await automation().outbox.drain();
  const pending = await db()
    .selectFrom('rule_runs')
    .select(['id', 'subject_id'])
    .where('workspace_id', '=', fx.workspace.id)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  assert.deepEqual(pending.map((r) => r.subject_id).sort(), [a.id, a.id, a.id, b.id, b.id, b.id].sort(), 'three core rules per won deal');
  const claimed = (await claimDueRuns(db(), 'w1', 10, 60_000)).filter((r) => r.workspace_id === fx.workspace.id);
  assert.deepEqual(
    claimed.map((r) => r.id),
    pending.map((r) => r.id),
    "each deal's runs, in the order they were started",
  );
  const second = await claimDueRuns(db(), 'w2', 10, 60_000);
  assert.equal(second.filter((r) => r.workspace_id === fx.workspace.id).length, 0, 'nothing of these deals while their runs are held');

  // A run waiting for its retry holds back the runs of its deal queued behind it: they never overtake it.
  const [, waiting, behind] = pending.filter((r) => r.subject_id === a.id);
  await db().updateTable('rule_runs').set({ status: 'pending', locked_by: null, locked_until: null }).where('workspace_id', '=', fx.workspace.id).execute();
  await db()
    .updateTable('rule_runs')
    .set({ status: 'retrying', next_attempt_at: new Date(Date.now() + 60_000) })
    .where('id', '=', waiting!.id)
    .execute();
  const third = (await claimDueRuns(db(), 'w3', 10, 60_000)).filter((r) => r.subject_id === a.id).map((r) => r.id);
  assert.deepEqual(third, [pending.find((r) => r.subject_id === a.id)!.id], "A's first run only: its second waits, its third stays behind it");
  assert.ok(!third.includes(behind!.id));
});

test('the OpenAPI document lists the projects, rules and runs endpoints; health reports the rule runner', async () => {
  const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const path of [
    '/api/projects',
    '/api/projects/{id}',
    '/api/rules',
    '/api/rules/dry-run',
    '/api/runs/{id}',
    '/api/tasks',
    '/api/templates',
    '/api/team/roles',
    '/api/calendar',
    '/api/warnings',
  ]) {
    assert.ok(doc.paths[path], `${path} in the OpenAPI document`);
  }
  const health = (await inject({ method: 'GET', url: '/api/health', headers: bearer(f.tokens.admin) })).json();
  assert.deepEqual(Object.keys(health.runs).sort(), ['failed', 'stuck', 'timersWaiting', 'waiting']);
  assert.ok('pending' in health.outbox);
});

test('an e-mail notification is queued with the run and sent through the outbox as a file when no SMTP server is set', async () => {
  const fx = await workspace();
  const rule = await post(
    '/api/rules',
    {
      key: 'mail-csm',
      name: 'Won: e-mail the CSM',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [
        {
          key: 'mail',
          type: 'notify',
          params: {
            recipientType: 'account_csm',
            channel: 'email',
            title: 'You have a new client: {{account.name}}',
            body: '{{deal.name}} closed on {{deal.closeDate}}.',
          },
        },
      ],
    },
    fx.tokens.ops,
  );
  assert.equal(rule.statusCode, 201, rule.body);
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor, closeDate: '2026-11-20' });
  const fs = await import('node:fs');
  const path = await import('node:path');
  const os = await import('node:os');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-mailtest-'));
  await automation({ dataDir }).drain();
  await automation({ dataDir }).drain();
  const mails = await db().selectFrom('mail_messages').selectAll().where('workspace_id', '=', fx.workspace.id).execute();
  assert.equal(mails.length, 1);
  assert.deepEqual(
    [mails[0]!.to_address, mails[0]!.subject, mails[0]!.status, mails[0]!.transport],
    [`cs@${fx.workspace.slug}.test`, `You have a new client: ${fx.account.name}`, 'sent', 'file'],
  );
  const eml = fs.readFileSync(path.join(dataDir, 'mail', `${mails[0]!.id}.eml`), 'utf8');
  assert.match(eml, /Subject: You have a new client/);
  assert.match(eml, /Acme rollout closed on 2026-11-20\./);
});

test('a run whose worker vanished shows as stuck and can be retried', async () => {
  const fx = await workspace();
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
  await automation().outbox.drain();
  const run = await db().selectFrom('rule_runs').select('id').where('subject_id', '=', fx.opportunity.id).orderBy('id').executeTakeFirstOrThrow();
  // Claimed by a worker that died ten minutes ago.
  await db()
    .updateTable('rule_runs')
    .set({ status: 'running', locked_by: 'gone', locked_until: new Date(Date.now() - 10 * 60_000) })
    .where('id', '=', run.id)
    .execute();
  const stuck = (await inject({ method: 'GET', url: `/api/runs/${run.id}`, headers: bearer(fx.tokens.ops) })).json();
  assert.deepEqual([stuck.status, stuck.stuck], ['running', true]);
  const listed = (await inject({ method: 'GET', url: '/api/runs?stuck=true', headers: bearer(fx.tokens.ops) })).json().items;
  assert.ok(listed.some((r: { id: string }) => r.id === run.id));
  const warnings = (await inject({ method: 'GET', url: '/api/warnings', headers: bearer(fx.tokens.ops) })).json().items;
  assert.ok(warnings.some((w: { kind: string; subject: { id: string } }) => w.kind === 'run_stuck' && w.subject.id === run.id));
  assert.equal((await inject({ method: 'GET', url: '/api/health', headers: bearer(fx.tokens.admin) })).json().runs.stuck >= 1, true);
  assert.equal((await post(`/api/runs/${run.id}/retry`, {}, fx.tokens.ops)).statusCode, 200);
  await drain();
  const done = (await inject({ method: 'GET', url: `/api/runs/${run.id}`, headers: bearer(fx.tokens.ops) })).json();
  assert.deepEqual([done.status, done.stuck], ['succeeded', false]);
});

test("a person's edit emits deal.field_changed per changed field, and a rule on the new value follows up", async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  const rule = await post(
    '/api/rules',
    {
      key: 'complex-now',
      name: 'Deal became complex: architecture review',
      trigger: { type: 'event', event: 'deal.field_changed', field: 'complexity', to: 'complex' },
      actions: [
        {
          key: 'review',
          type: 'create_task',
          params: { title: 'Architecture review for {{deal.name}} ({{deal.custom.region}})', role: 'it', dueInBusinessDays: 2 },
        },
      ],
    },
    fx.tokens.ops,
  );
  assert.equal(rule.statusCode, 201, rule.body);
  const patch = (payload: object) => inject({ method: 'PATCH', url: `/api/opportunities/${fx.opportunity.id}`, headers: bearer(fx.tokens.sales), payload });
  const first = await patch({ customFields: { region: 'EMEA' }, amountMinor: 1_250_000 });
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json().customFields, { region: 'EMEA' });
  assert.equal((await patch({ complexity: 'complex' })).statusCode, 200);
  await drain();
  const events = await db()
    .selectFrom('outbox_events')
    .select('payload')
    .where('subject_id', '=', fx.opportunity.id)
    .where('type', '=', 'deal.field_changed')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    events.map((e) => [e.payload.field, e.payload.to]),
    [
      ['custom.region', 'EMEA'],
      ['complexity', 'complex'],
    ],
    'the unchanged amount emitted nothing',
  );
  const tasks = await db()
    .selectFrom('tasks')
    .select(['title', 'owner_id', 'due_date', 'origin_run_id'])
    .where('opportunity_id', '=', fx.opportunity.id)
    .execute();
  assert.equal(tasks.length, 1);
  assert.equal(tasks[0]!.title, 'Architecture review for Acme rollout (EMEA)');
  assert.ok(tasks[0]!.owner_id && tasks[0]!.due_date && tasks[0]!.origin_run_id);
  const bad = await patch({ customFields: { 'bad key': 1 } });
  assert.equal(bad.statusCode, 400);
});

test('the sequence, owner and task actions: enrol the contacts, stop a sequence, give the project an owner, add a dated task', async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  const onboarding = await inject({
    method: 'POST',
    url: '/api/sequences',
    headers: bearer(fx.tokens.sales),
    payload: { name: 'Customer onboarding e-mails', steps: 4 },
  });
  assert.equal(onboarding.statusCode, 201, onboarding.body);
  await db().updateTable('contacts').set({ email: 'maria@acme.example' }).where('id', '=', fx.contacts.sponsor.id).execute();
  // A renewal template with no owner role: its projects start without an owner (PM).
  const renewal = await inject({
    method: 'POST',
    url: '/api/templates',
    headers: bearer(fx.tokens.ops),
    payload: {
      key: 'renewal',
      name: 'Renewal',
      dealType: 'renewal',
      definition: {
        phases: [
          {
            key: 'renew',
            name: 'Renewal',
            groups: [
              { name: 'Renewal', tasks: [{ key: 'thanks', title: 'Thank the sponsor', role: 'account_manager', due: { from: 'close_date', days: 1 } }] },
            ],
          },
        ],
      },
    },
  });
  assert.equal(renewal.statusCode, 201, renewal.body);
  await db().updateTable('opportunities').set({ deal_type: 'renewal' }).where('id', '=', fx.opportunity.id).execute();
  const rule = await post(
    '/api/rules',
    {
      key: 'won-customer-care',
      name: 'Won: customer care',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [
        { key: 'enrol', type: 'enrol_sequence', params: { sequence: 'customer onboarding e-mails' } },
        { key: 'owner', type: 'assign_owner', params: { role: 'account_manager' } },
        { key: 'check-in', type: 'create_task', params: { title: 'Check in with {{account.name}}', role: 'account_manager', dueInBusinessDays: 10 } },
      ],
    },
    fx.tokens.ops,
  );
  assert.equal(rule.statusCode, 201, rule.body);
  const stop = await post(
    '/api/rules',
    {
      key: 'proposal-stop',
      name: 'Proposal: stop onboarding e-mails',
      trigger: { type: 'event', event: 'deal.stage_changed', toStage: 'Proposal' },
      actions: [{ key: 'stop', type: 'stop_sequence', params: { sequence: 'Customer onboarding e-mails' } }],
    },
    fx.tokens.ops,
  );
  assert.equal(stop.statusCode, 201, stop.body);
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor, closeDate: '2026-11-27' });
  await automation({ now: () => new Date('2026-11-27T10:00:00Z'), runs: { retryDelayMs: () => 0, maxAttempts: 1 } }).drain();

  const enrolments = await db()
    .selectFrom('sequence_enrolments as e')
    .innerJoin('sequences as s', 's.id', 'e.sequence_id')
    .select(['e.contact_id', 'e.status'])
    .where('s.name', '=', 'Customer onboarding e-mails')
    .execute();
  assert.deepEqual(
    enrolments.map((e) => [e.contact_id, e.status]),
    [[fx.contacts.sponsor.id, 'active']],
    'only the contact with an e-mail is enrolled',
  );
  const runs = (await inject({ method: 'GET', url: `/api/runs?ruleId=${rule.json().id}`, headers: bearer(fx.tokens.ops) })).json().items;
  const detail = (await inject({ method: 'GET', url: `/api/runs/${runs[0].id}`, headers: bearer(fx.tokens.ops) })).json();
  assert.deepEqual(
    detail.steps.map((s: { key: string; status: string }) => [s.key, s.status]),
    [
      ['enrol', 'succeeded'],
      ['owner', 'succeeded'],
      ['check-in', 'succeeded'],
    ],
  );
  const project = await db().selectFrom('projects').select(['id', 'owner_id']).where('opportunity_id', '=', fx.opportunity.id).executeTakeFirstOrThrow();
  assert.equal(project.owner_id, fx.users.cs.id, "the account's CSM, as account manager, owns the project");
  const checkIn = await db()
    .selectFrom('tasks')
    .select(['title', 'owner_id', 'due_date', 'project_id'])
    .where('origin_run_id', '=', runs[0].id)
    .executeTakeFirstOrThrow();
  // Won on Friday 27 November: 10 business days later is Friday 11 December.
  assert.deepEqual(checkIn, { title: `Check in with ${fx.account.name}`, owner_id: fx.users.cs.id, due_date: '2026-12-11', project_id: project.id });

  const opp = await addOpportunity(deps(), fx, 'Second deal');
  await db()
    .insertInto('sequence_enrolments')
    .values({
      id: (await import('../src/adapters/db/ids.ts')).newId(),
      workspace_id: fx.workspace.id,
      sequence_id: onboarding.json().id,
      contact_id: fx.contacts.tech.id,
      account_id: fx.account.id,
      enrolled_at: new Date(),
    })
    .execute();
  const proposal = fx.stages.find((st) => st.name === 'Proposal')!;
  assert.equal(
    (await inject({ method: 'POST', url: `/api/opportunities/${opp.id}/stage`, headers: bearer(fx.tokens.sales), payload: { stageId: proposal.id } }))
      .statusCode,
    200,
  );
  await drain();
  const after = await db().selectFrom('sequence_enrolments').select(['status', 'stopped_reason']).where('sequence_id', '=', onboarding.json().id).execute();
  assert.deepEqual(
    after.map((e) => [e.status, e.stopped_reason]),
    [
      ['stopped', 'rule: Proposal: stop onboarding e-mails'],
      ['stopped', 'rule: Proposal: stop onboarding e-mails'],
    ],
  );
  const nurture = await db()
    .selectFrom('sequence_enrolments')
    .select('status')
    .where('sequence_id', '=', fx.sequence.id)
    .where('status', '=', 'stopped')
    .execute();
  assert.equal(nurture.length, 2, 'the nurture enrolments were stopped by the win, not touched by this rule');
});
