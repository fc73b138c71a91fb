// Loss reasons through the API: the workspace's list (defaults in a new workspace, add, rename, archive, reorder),
// and losing a deal with a reason from it: the 400s that name the field, and what the loss records and announces.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/adapters/config.ts';
import { seedLossReasons } from '../src/flows/loss-reasons.flow.ts';
import { createApp, type App } from '../src/main.ts';
import { createTestDatabase, quietLog, type TestDatabase } from './helpers/db.ts';
import { addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, workspace, setUp } = useTestServer();
let f: Fixture;
let other: Fixture;

type ReasonOut = { id: string; key: string; label: string; archived: boolean; position: number };

setUp(async () => {
  f = await workspace('losses');
  other = await workspace('others');
  await seedLossReasons(deps(), { workspaceId: f.workspace.id, actor: f.users.admin.actor });
  await seedLossReasons(deps(), { workspaceId: other.workspace.id, actor: other.users.admin.actor });
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  inject({ method, url, headers: bearer(token), ...(payload && { payload }) });

async function reasonsOf(fx: Fixture): Promise<ReasonOut[]> {
  const res = await call('GET', '/api/loss-reasons', fx.tokens.finance);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}
const reasonId = async (fx: Fixture, key: string) => (await reasonsOf(fx)).find((r) => r.key === key)!.id;

describe('the list of loss reasons', () => {
  test('every role reads the defaults in order: price, competitor, no budget, no decision, timing, other', async () => {
    const reasons = await reasonsOf(f);
    assert.deepEqual(
      reasons.map((r) => [r.key, r.label, r.position, r.archived]),
      [
        ['price', 'Price', 1, false],
        ['competitor', 'Chose a competitor', 2, false],
        ['no_budget', 'No budget', 3, false],
        ['no_decision', 'No decision', 4, false],
        ['timing', 'Timing', 5, false],
        ['other', 'Other', 6, false],
      ],
    );
  });

  test('ops adds a reason at the end (key from the label); a taken key is a 409, an empty label a 400; sales may not add', async () => {
    const added = await call('POST', '/api/loss-reasons', f.tokens.ops, { label: 'Went with an in-house build' });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().key, 'went_with_an_in_house_build');
    assert.equal(added.json().position, 7);
    const taken = await call('POST', '/api/loss-reasons', f.tokens.admin, { label: 'Cost', key: 'price' });
    assert.equal(taken.statusCode, 409);
    assert.deepEqual(taken.json().error.fields, [{ path: 'body:/key', message: 'is taken' }]);
    const blank = await call('POST', '/api/loss-reasons', f.tokens.admin, { label: '   ' });
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().error.fields[0].path, 'body:/label');
    const forbidden = await call('POST', '/api/loss-reasons', f.tokens.sales, { label: 'Gut feeling' });
    assert.equal(forbidden.statusCode, 403);
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', added.json().id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['loss_reason.created'],
    );
  });

  test('renaming, moving and archiving a reason: the others close up around it', async () => {
    const { id } = (await call('POST', '/api/loss-reasons', f.tokens.admin, { label: 'Legal blocked it' })).json();
    const renamed = await call('PATCH', `/api/loss-reasons/${id}`, f.tokens.admin, { label: 'Legal said no', position: 1 });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().label, 'Legal said no');
    const order = await reasonsOf(f);
    assert.deepEqual(
      order.slice(0, 3).map((r) => [r.label, r.position]),
      [
        ['Legal said no', 1],
        ['Price', 2],
        ['Chose a competitor', 3],
      ],
    );
    const archived = await call('PATCH', `/api/loss-reasons/${id}`, f.tokens.admin, { archived: true });
    assert.equal(archived.json().archived, true);
    const missing = await call('PATCH', `/api/loss-reasons/${other.opportunity.id}`, f.tokens.admin, { archived: true });
    assert.equal(missing.statusCode, 404);
  });
});

describe('losing a deal with a reason', () => {
  test('a workspace with reasons refuses a loss without one, with an unknown or archived one, and "other" without a note', async () => {
    const opp = await addOpportunity(deps(), f);
    const lose = (payload: object) => call('POST', `/api/opportunities/${opp.id}/lose`, f.tokens.sales, payload);
    const none = await lose({ reason: 'Too expensive' });
    assert.equal(none.statusCode, 400);
    assert.equal(none.json().error.fields[0].path, 'body:/lossReasonId');
    const foreign = await lose({ lossReasonId: await reasonId(other, 'price') });
    assert.equal(foreign.statusCode, 400);
    assert.deepEqual(foreign.json().error.fields, [{ path: 'body:/lossReasonId', message: 'is not a loss reason of this workspace' }]);
    const archivedReason = (await call('POST', '/api/loss-reasons', f.tokens.admin, { label: 'Old reason' })).json();
    await call('PATCH', `/api/loss-reasons/${archivedReason.id}`, f.tokens.admin, { archived: true });
    const archived = await lose({ lossReasonId: archivedReason.id });
    assert.equal(archived.statusCode, 400);
    assert.match(archived.json().error.fields[0].message, /"Old reason" is archived/);
    const noNote = await lose({ lossReasonId: await reasonId(f, 'other') });
    assert.equal(noNote.statusCode, 400);
    assert.deepEqual(noNote.json().error.fields, [{ path: 'body:/lossNote', message: 'is required when the reason is "Other"' }]);
    const malformed = await lose({ lossReasonId: 'not-a-uuid' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.fields[0].path, 'body:/lossReasonId');
    const stillOpen = await call('GET', `/api/opportunities/${opp.id}`, f.tokens.sales);
    assert.equal(stillOpen.json().stageCategory, 'open');
  });

  test('a loss with "other" and a note records both on the outcome, the deal.lost event, the audit log and the deal page', async () => {
    const opp = await addOpportunity(deps(), f);
    const otherId = await reasonId(f, 'other');
    const res = await call('POST', `/api/opportunities/${opp.id}/lose`, f.tokens.sales, { lossReasonId: otherId, lossNote: 'They built it in-house' });
    assert.equal(res.statusCode, 200, res.body);
    const { outcome, summary } = res.json();
    assert.equal(outcome.reason, 'Other: They built it in-house');
    assert.equal(outcome.lossReasonId, otherId);
    assert.equal(outcome.lossNote, 'They built it in-house');
    assert.ok(
      summary.some((line: string) => line.includes('reason: Other: They built it in-house')),
      summary.join('\n'),
    );

    const event = await db()
      .selectFrom('outbox_events')
      .select('payload')
      .where('subject_id', '=', opp.id)
      .where('type', '=', 'deal.lost')
      .executeTakeFirstOrThrow();
    assert.equal(event.payload.lossReasonId, otherId);
    assert.equal(event.payload.lossReason, 'other');
    assert.equal(event.payload.lossNote, 'They built it in-house');
    assert.equal(event.payload.reason, 'Other: They built it in-house');

    const audit = await db()
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', opp.id)
      .where('action', '=', 'opportunity.lost')
      .executeTakeFirstOrThrow();
    assert.deepEqual((audit.after as Record<string, unknown>).lossReason, 'other');
    assert.deepEqual((audit.after as Record<string, unknown>).lossNote, 'They built it in-house');

    const page = await call('GET', `/api/opportunities/${opp.id}/outcome`, f.tokens.finance);
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.json().outcome.lossReasonId, otherId);
    assert.equal(page.json().outcome.reason, 'Other: They built it in-house');
  });

  test('a reason other than "other" needs no note; a workspace without a list still takes a free-text reason', async () => {
    const opp = await addOpportunity(deps(), f);
    const res = await call('POST', `/api/opportunities/${opp.id}/lose`, f.tokens.sales, { lossReasonId: await reasonId(f, 'price') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome.reason, 'Price');
    assert.equal(res.json().outcome.lossNote, null);

    const bare = await workspace('no-list');
    const free = await call('POST', `/api/opportunities/${bare.opportunity.id}/lose`, bare.tokens.sales, { reason: 'Project postponed' });
    assert.equal(free.statusCode, 200, free.body);
    assert.equal(free.json().outcome.reason, 'Project postponed');
    assert.equal(free.json().outcome.lossReasonId, null);
  });
});

describe('a workspace made with the bootstrap token', () => {
  const secret = 'bootstrap-secret-loss-reasons-0123456789';
  let bootDb: TestDatabase;
  let boot: App;
  before(async () => {
    bootDb = await createTestDatabase();
    boot = await createApp(loadConfig({ BATON_DEMO: '0', BATON_BOOTSTRAP_TOKEN: secret, LOG_LEVEL: 'silent' }), quietLog, {
      database: bootDb,
      httpLogger: false,
      runWorker: false,
    });
  });
  after(async () => {
    await boot?.server.close();
    await bootDb?.drop();
  });

  test('starts with the default loss reasons, and its deals are lost with one', async () => {
    const auth = { authorization: `Bearer ${secret}` };
    const list = await boot.server.inject({ method: 'GET', url: '/api/loss-reasons', headers: auth });
    assert.equal(list.statusCode, 200, list.body);
    const reasons: ReasonOut[] = list.json().items;
    assert.deepEqual(
      reasons.map((r) => r.key),
      ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other'],
    );
    const account = await boot.server.inject({ method: 'POST', url: '/api/accounts', headers: auth, payload: { name: 'First Prospect' } });
    const deal = await boot.server.inject({
      method: 'POST',
      url: '/api/opportunities',
      headers: auth,
      payload: { name: 'First deal', accountId: account.json().id },
    });
    assert.equal(deal.statusCode, 201, deal.body);
    const lost = await boot.server.inject({
      method: 'POST',
      url: `/api/opportunities/${deal.json().id}/lose`,
      headers: auth,
      payload: { lossReasonId: reasons.find((r) => r.key === 'timing')!.id },
    });
    assert.equal(lost.statusCode, 200, lost.body);
    assert.equal(lost.json().outcome.reason, 'Timing');
  });
});
