// Lost deals brought back through the API: the reactivation list and its filters (reason, value, age, owner,
// account), reopening one deal or many into the stage each was lost from, starting a reactivation sequence once per
// contact, and a rule that starts it some days after the loss.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { listLossReasons } from '../src/adapters/db/loss-reasons.repo.ts';
import { loseDeal } from '../src/flows/close-deal.flow.ts';
import { changeStage, createAccount, createContact, createOpportunity } from '../src/flows/crm.flow.ts';
import { seedLossReasons } from '../src/flows/loss-reasons.flow.ts';
import { createSequence } from '../src/flows/sequences.flow.ts';
import { bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, automation, workspace, setUp } = useTestServer();
let f: Fixture;
let winBack: { id: string; name: string };
let reasons: Map<string, string>;

setUp(async () => {
  f = await workspace();
  const ctx = { workspaceId: f.workspace.id, actor: f.users.admin.actor };
  await seedLossReasons(deps(), ctx);
  reasons = new Map((await listLossReasons(deps().db, f.workspace.id)).map((r) => [r.key, r.id]));
  winBack = await createSequence(deps(), ctx, { name: 'Win-back' });
});

const call = (method: 'GET' | 'POST', url: string, payload?: object, token = f.tokens.sales) =>
  inject({ method, url, headers: bearer(token), ...(payload && { payload }) });

type LostDeal = { id: string; name: string; lossReason: { name: string } | null; lostFrom: { name: string } | null; ageDays: number; activeEnrolments: number };
type Outcome = { opportunityId: string; ok: boolean; summary: string; code?: string; stage?: string; enrolled?: number };

let n = 0;
/** A deal on an account of its own (two contacts with e-mail), moved to Proposal, then lost for `reason`. */
async function lostDeal(reason: string, amountMinor = 1_000_000, ownerId = f.users.sales.id) {
  n += 1;
  const ctx = { workspaceId: f.workspace.id, actor: f.users.sales.actor };
  const account = await createAccount(deps(), ctx, { name: `Lost account ${n}` });
  for (const who of ['ana', 'bo'])
    await createContact(deps(), ctx, { accountId: account.id, firstName: who, lastName: `Lost${n}`, email: `${who}${n}@lost${n}.example` });
  const deal = await createOpportunity(deps(), ctx, {
    name: `Lost deal ${n}`,
    accountId: account.id,
    amountMinor,
    currency: 'EUR',
    ownerId,
    closeDate: '2027-01-31',
  });
  const proposal = f.stages.find((s) => s.name === 'Proposal')!;
  await changeStage(deps(), ctx, deal.id, proposal.id);
  await loseDeal(deps(), { workspaceId: f.workspace.id, opportunityId: deal.id, actor: ctx.actor, lossReasonId: reasons.get(reason) });
  return { ...deal, accountId: account.id };
}

describe('the reactivation list', () => {
  test('lists lost deals with their reason and the stage they were lost from, filtered by reason, value, age, owner and account', async () => {
    const price = await lostDeal('price', 2_000_000);
    const competitor = await lostDeal('competitor', 500_000, f.users.admin.id);
    const old = await lostDeal('no_budget', 900_000);
    await db()
      .updateTable('deal_outcomes')
      .set({ created_at: sql`now() - interval '60 days'` })
      .where('opportunity_id', '=', old.id)
      .execute();

    const all = (await call('GET', '/api/reactivation?limit=200')).json().items as LostDeal[];
    const row = all.find((d) => d.id === price.id)!;
    assert.equal(row.lossReason?.name, 'Price');
    assert.equal(row.lostFrom?.name, 'Proposal');
    assert.ok(!all.some((d) => d.id === f.opportunity.id), 'an open deal is not on the list');

    const ids = async (query: string) => ((await call('GET', `/api/reactivation?limit=200&${query}`)).json().items as LostDeal[]).map((d) => d.id);
    assert.deepEqual(await ids(`lossReasonId=${reasons.get('competitor')}`), [competitor.id]);
    assert.deepEqual(await ids('amountMin=15000'), [price.id]);
    assert.ok((await ids('amountMax=6000')).includes(competitor.id));
    assert.ok(!(await ids('amountMax=6000')).includes(price.id));
    assert.deepEqual(await ids('minAgeDays=30'), [old.id]);
    assert.ok(!(await ids('maxAgeDays=30')).includes(old.id));
    assert.deepEqual(await ids(`ownerId=${f.users.admin.id}`), [competitor.id]);
    assert.deepEqual(await ids(`accountId=${price.accountId}`), [price.id]);

    const bad = await call('GET', '/api/reactivation?amountMin=10&amountMax=5');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.fields[0].path, 'querystring:/amountMax');
    const page1 = (await call('GET', '/api/reactivation?limit=1')).json();
    const page2 = (await call('GET', `/api/reactivation?limit=1&cursor=${page1.next}`)).json();
    assert.notEqual(page1.items[0].id, page2.items[0].id);
  });
});

describe('reopen', () => {
  test('reopening a lost deal restores the stage it was lost from and its close date; it leaves the list', async () => {
    const deal = await lostDeal('price');
    const res = await call('POST', '/api/reactivation/reopen', { opportunityIds: [deal.id] });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().items, [{ opportunityId: deal.id, ok: true, stage: 'Proposal', summary: 'Reopened into Proposal' }]);
    const opp = (await call('GET', `/api/opportunities/${deal.id}`)).json();
    assert.equal(opp.stageName, 'Proposal');
    assert.equal(opp.closeDate, '2027-01-31');
    const list = (await call('GET', '/api/reactivation?limit=200')).json().items as LostDeal[];
    assert.ok(!list.some((d) => d.id === deal.id));
  });

  test('in bulk, each lost deal is reopened and a deal that is not lost is refused on its own', async () => {
    const a = await lostDeal('price');
    const b = await lostDeal('timing');
    const res = await call('POST', '/api/reactivation/reopen', { opportunityIds: [a.id, f.opportunity.id, b.id] });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as Outcome[];
    assert.deepEqual(
      items.map((o) => [o.opportunityId, o.ok]),
      [
        [a.id, true],
        [f.opportunity.id, false],
        [b.id, true],
      ],
    );
    assert.match(items[1]!.summary, /is not lost/);
    const again = await call('POST', '/api/reactivation/reopen', { opportunityIds: [a.id] });
    assert.equal((again.json().items as Outcome[])[0]!.ok, false, 'reopening twice is refused, not repeated');
  });

  test('people without deal.close cannot reopen; empty and oversized lists are 400s', async () => {
    const deal = await lostDeal('price');
    assert.equal((await call('POST', '/api/reactivation/reopen', { opportunityIds: [deal.id] }, f.tokens.finance)).statusCode, 403);
    const empty = await call('POST', '/api/reactivation/reopen', { opportunityIds: [] });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().error.fields[0].path, /opportunityIds/);
  });
});

describe('the reactivation sequence', () => {
  test("starting it enrols the lost deals' contacts once each, in bulk, and says so", async () => {
    const a = await lostDeal('price');
    const b = await lostDeal('competitor');
    const res = await call('POST', '/api/reactivation/sequence', { opportunityIds: [a.id, b.id], sequenceId: winBack.id });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as Outcome[];
    assert.deepEqual(
      items.map((o) => [o.ok, o.enrolled]),
      [
        [true, 2],
        [true, 2],
      ],
    );
    assert.match(items[0]!.summary, /2 contact\(s\) enrolled in Win-back/);
    const again = (await call('POST', '/api/reactivation/sequence', { opportunityIds: [a.id], sequenceId: winBack.id })).json().items as Outcome[];
    assert.equal(again[0]!.enrolled, 0);
    assert.match(again[0]!.summary, /already in Win-back/);
    const enrolments = await db().selectFrom('sequence_enrolments').select('id').where('opportunity_id', '=', a.id).where('status', '=', 'active').execute();
    assert.equal(enrolments.length, 2);
    const list = (await call('GET', `/api/reactivation?accountId=${a.accountId}`)).json().items as LostDeal[];
    assert.equal(list[0]!.activeEnrolments, 2);
    const events = await db()
      .selectFrom('outbox_events')
      .select('type')
      .where('subject_id', '=', a.id)
      .where('type', '=', 'deal.reactivation_started')
      .execute();
    assert.equal(events.length, 1);
  });

  test('an unknown sequence is a 400 naming it; an open deal is refused', async () => {
    const deal = await lostDeal('price');
    const unknown = await call('POST', '/api/reactivation/sequence', { opportunityIds: [deal.id], sequenceId: '0190a0a0-0000-7000-8000-000000000000' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.fields[0].path, 'body:/sequenceId');
    const open = (await call('POST', '/api/reactivation/sequence', { opportunityIds: [f.opportunity.id], sequenceId: winBack.id })).json().items as Outcome[];
    assert.equal(open[0]!.ok, false);
  });

  test('a rule starts the reactivation sequence some business days after the loss', async () => {
    const rule = await call(
      'POST',
      '/api/rules',
      {
        key: 'win-back-after-loss',
        name: 'Lost deal: win-back sequence after 10 business days',
        trigger: { type: 'timer', event: 'deal.lost', businessDays: 10, hour: 9 },
        condition: { field: 'deal.stageCategory', op: 'eq', value: 'lost' },
        actions: [{ key: 'winback', type: 'enrol_sequence', params: { sequence: 'Win-back' } }],
      },
      f.tokens.ops,
    );
    assert.equal(rule.statusCode, 201, rule.body);
    let now = new Date();
    const worker = automation({ now: () => now });
    const deal = await lostDeal('timing');
    await worker.drain();
    const active = async () =>
      (await db().selectFrom('sequence_enrolments').select('id').where('opportunity_id', '=', deal.id).where('status', '=', 'active').execute()).length;
    assert.equal(await active(), 0, 'nothing before the days have passed');
    now = new Date(Date.now() + 20 * 86_400_000);
    await worker.drain();
    await worker.drain();
    assert.equal(await active(), 2);
  });
});
