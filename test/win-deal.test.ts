// Marking a deal won or lost through the API: what changes, what does not, and what a repeat does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createUser } from '../src/flows/identity.flow.ts';
import { dateIn } from '../src/domain/calendar.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { createSequence, enrolContact } from '../src/flows/sequences.flow.ts';
import { addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;

async function count(table: 'deal_outcomes' | 'outbox_events' | 'notifications' | 'stage_changes' | 'audit_log', where: { column: string; value: string }) {
  const row = await db()
    .selectFrom(table)
    .select(sql<number>`count(*)::int`.as('n'))
    .where(sql.ref(where.column), '=', where.value)
    .executeTakeFirstOrThrow();
  return row.n;
}

setUp(async () => {
  f = await workspace();
  // A second person in Operations: every ops user gets one notification.
  await createUser(
    deps(),
    { workspaceId: f.workspace.id, actor: { type: 'system', id: null, label: 'test' } },
    { email: `ops2@${f.workspace.slug}.test`, name: 'Second Ops', role: 'ops' },
  );
});

describe('mark won', () => {
  test('win moves the deal to the won stage, closes it today, records the win, stops enrolments, activates the account and queues deal.won', async () => {
    const res = await inject({ method: 'POST', url: `/api/opportunities/${f.opportunity.id}/win`, headers: bearer(f.tokens.sales) });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.changed, true);
    assert.equal(body.opportunity.stageCategory, 'won');
    assert.equal(body.opportunity.stageName, 'Won');
    assert.equal(body.opportunity.closeDate, dateIn(new Date(), 'UTC'));
    assert.equal(body.outcome.outcome, 'won');
    assert.equal(body.outcome.actor.label, 'token sales token');
    assert.deepEqual(body.account, { id: f.account.id, name: f.account.name, statusBefore: 'prospect', statusAfter: 'active', activated: true });
    assert.equal(body.stoppedEnrolments.length, 2);
    for (const e of body.stoppedEnrolments) {
      assert.equal(e.status, 'stopped');
      assert.equal(e.stoppedReason, 'deal won');
    }
    assert.deepEqual(
      body.events.map((e: { type: string }) => e.type),
      ['deal.won'],
    );
    assert.deepEqual(body.notifications, { role: 'ops', recipients: 2, delivered: 0 });
    assert.ok(
      body.summary.some((s: string) => /active client/.test(s)),
      body.summary.join(' | '),
    );

    const account = await inject({ method: 'GET', url: `/api/accounts/${f.account.id}`, headers: bearer(f.tokens.cs) });
    assert.equal(account.json().status, 'active');
  });

  test('the core rule notifies every Operations user once, and the timeline shows the whole story', async () => {
    await drain();
    const ops = await inject({ method: 'GET', url: '/api/notifications', headers: bearer(f.tokens.ops) });
    assert.equal(ops.statusCode, 403, 'an API token has no inbox');
    const rows = await db().selectFrom('notifications').select(['user_id', 'title']).where('subject_id', '=', f.opportunity.id).execute();
    assert.equal(rows.length, 2);
    assert.equal(new Set(rows.map((r) => r.user_id)).size, 2);
    assert.match(rows[0]!.title, /Deal won: Acme rollout/);
    const audit = await inject({ method: 'GET', url: '/api/audit', headers: bearer(f.tokens.admin) });
    const sent = audit.json().items.filter((a: { action: string }) => a.action === 'notification.sent');
    assert.equal(sent.length, 2, 'each notification is in the audit log');
    assert.equal(sent[0].actor.type, 'automation');
    assert.equal(sent[0].actor.label, 'rule: Won deal: notify Operations v1');

    const timeline = await inject({ method: 'GET', url: `/api/opportunities/${f.opportunity.id}/timeline`, headers: bearer(f.tokens.pm) });
    const types = timeline.json().items.map((i: { type: string }) => i.type);
    for (const t of ['created', 'stage_changed', 'won', 'enrolment_stopped', 'rule_run', 'notification']) assert.ok(types.includes(t), `${t} in ${types}`);
    const won = timeline.json().items.find((i: { type: string }) => i.type === 'won');
    assert.equal(won.actor.label, 'token sales token');
    const notified = timeline.json().items.filter((i: { type: string }) => i.type === 'notification');
    assert.ok(
      notified.every((i: { title: string }) => i.title.endsWith('(Operations)')),
      `each notification names the recipient's role in words: ${notified.map((i: { title: string }) => i.title).join('; ')}`,
    );
  });

  test('the win\'s rule runs read the same in "what happened" and in the timeline: each run, its status', async () => {
    await drain();
    const outcome = await inject({ method: 'GET', url: `/api/opportunities/${f.opportunity.id}/outcome`, headers: bearer(f.tokens.pm) });
    assert.equal(outcome.statusCode, 200, outcome.body);
    const runs = outcome.json().runs as { id: string; status: string }[];
    assert.ok(runs.length > 0, 'the win started rules');
    const timeline = await inject({ method: 'GET', url: `/api/opportunities/${f.opportunity.id}/timeline`, headers: bearer(f.tokens.pm) });
    const shown = new Map(
      (timeline.json().items as { type: string; run?: { id: string; status: string } | null }[])
        .filter((i) => i.type === 'rule_run')
        .map((i) => [i.run?.id, i.run?.status]),
    );
    for (const run of runs) assert.equal(shown.get(run.id), run.status, `run ${run.id} reads ${run.status} in both`);
    assert.ok(
      runs.every((r) => ['succeeded', 'failed', 'skipped'].includes(r.status)),
      `every run finished once the engine is drained: ${runs.map((r) => r.status).join(', ')}`,
    );
  });

  test("the timeline filters to people's actions, automation or communications; another kind is a 400 naming the field", async () => {
    const logged = await inject({
      method: 'POST',
      url: '/api/activities',
      headers: bearer(f.tokens.sales),
      payload: { kind: 'call', subject: 'Rollout call', body: 'Talked through the rollout plan.', opportunityId: f.opportunity.id },
    });
    assert.equal(logged.statusCode, 201, logged.body);
    const types = async (kind: string) => {
      const res = await inject({ method: 'GET', url: `/api/opportunities/${f.opportunity.id}/timeline?kind=${kind}`, headers: bearer(f.tokens.pm) });
      assert.equal(res.statusCode, 200, res.body);
      return new Set(res.json().items.map((i: { type: string }) => i.type));
    };
    const people = await types('people');
    assert.ok(people.has('won') && people.has('created'), [...people].join());
    assert.ok(!people.has('rule_run') && !people.has('notification') && !people.has('activity'), [...people].join());
    const automation = await types('automation');
    assert.ok(automation.has('rule_run') && automation.has('notification'), [...automation].join());
    assert.ok(!automation.has('won') && !automation.has('activity'), [...automation].join());
    assert.deepEqual([...(await types('communications'))], ['activity']);
    const bad = await inject({ method: 'GET', url: `/api/opportunities/${f.opportunity.id}/timeline?kind=emails`, headers: bearer(f.tokens.pm) });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.fields[0].path, 'querystring:/kind');
    await drain(); // (what the logged call set off, so the next test counts from a settled deal)
  });

  test('winning a won deal returns the same result and changes nothing', async () => {
    const outcomes = await count('deal_outcomes', { column: 'opportunity_id', value: f.opportunity.id });
    const events = await count('outbox_events', { column: 'subject_id', value: f.opportunity.id });
    const audit = await count('audit_log', { column: 'workspace_id', value: f.workspace.id });
    const first = await inject({ method: 'POST', url: `/api/opportunities/${f.opportunity.id}/win`, headers: bearer(f.tokens.sales) });
    const second = await inject({ method: 'POST', url: `/api/opportunities/${f.opportunity.id}/win`, headers: bearer(f.tokens.admin) });
    for (const res of [first, second]) {
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().changed, false);
      assert.equal(res.json().stoppedEnrolments.length, 2);
      assert.equal(res.json().account.activated, true);
      assert.deepEqual(res.json().notifications, { role: 'ops', recipients: 2, delivered: 2 });
    }
    assert.equal(first.json().outcome.id, second.json().outcome.id);
    await drain();
    assert.equal(await count('deal_outcomes', { column: 'opportunity_id', value: f.opportunity.id }), outcomes);
    assert.equal(await count('outbox_events', { column: 'subject_id', value: f.opportunity.id }), events);
    assert.equal(await count('audit_log', { column: 'workspace_id', value: f.workspace.id }), audit);
    assert.equal(await count('notifications', { column: 'subject_id', value: f.opportunity.id }), 2);
  });

  test('50 concurrent wins on one deal give one win record, one event and one notification per recipient', async () => {
    const opp = await addOpportunity(deps(), f, 'Concurrent deal');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => inject({ method: 'POST', url: `/api/opportunities/${opp.id}/win`, headers: bearer(f.tokens.sales) })),
    );
    assert.deepEqual([...new Set(responses.map((r) => r.statusCode))], [200]);
    assert.equal(responses.filter((r) => r.json().changed).length, 1);
    assert.equal(new Set(responses.map((r) => r.json().outcome.id)).size, 1);
    // Two workers racing over the same outbox.
    await Promise.all([drain(), drain()]);
    assert.equal(await count('deal_outcomes', { column: 'opportunity_id', value: opp.id }), 1);
    assert.equal(
      await count('outbox_events', { column: 'subject_id', value: opp.id }),
      3,
      'deal.created, one deal.won, and handoff.created from the brief the win prepared',
    );
    assert.equal(await count('notifications', { column: 'subject_id', value: opp.id }), 2);
    assert.equal(await count('stage_changes', { column: 'opportunity_id', value: opp.id }), 2, 'created, then won once');
  });

  test("the close date defaults to today in the workspace's time zone", async () => {
    const fx = await workspace();
    await db().updateTable('workspaces').set({ time_zone: 'Pacific/Auckland' }).where('id', '=', fx.workspace.id).execute();
    const noonUtc = deps({ now: () => new Date('2026-11-25T12:00:00Z') });
    const result = await winDeal(noonUtc, { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
    assert.equal(result.opportunity.closeDate, '2026-11-26', 'already the 26th in Auckland');
    assert.equal(result.outcome?.closeDate, '2026-11-26');
  });

  test('an explicit close date is kept', async () => {
    const opp = await addOpportunity(deps(), f);
    const res = await inject({
      method: 'POST',
      url: `/api/opportunities/${opp.id}/win`,
      headers: bearer(f.tokens.sales),
      payload: { closeDate: '2026-11-02' },
    });
    assert.equal(res.json().opportunity.closeDate, '2026-11-02');
  });
});

describe('mark lost and reopen', () => {
  test('lose needs a reason, stops enrolments with it and leaves the account as it was', async () => {
    const fx = await workspace();
    const missing = await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/lose`, headers: bearer(fx.tokens.sales) });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(missing.json().error.fields, [{ path: 'body:/reason', message: 'is required' }]);
    const res = await inject({
      method: 'POST',
      url: `/api/opportunities/${fx.opportunity.id}/lose`,
      headers: bearer(fx.tokens.sales),
      payload: { reason: 'Chose a competitor' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().opportunity.stageCategory, 'lost');
    assert.equal(res.json().outcome.reason, 'Chose a competitor');
    assert.equal(res.json().account.statusAfter, 'prospect');
    assert.deepEqual(
      res.json().stoppedEnrolments.map((e: { stoppedReason: string }) => e.stoppedReason),
      ['deal lost: Chose a competitor', 'deal lost: Chose a competitor'],
    );
    assert.equal(res.json().notifications, null);
  });

  test('winning a lost deal is a 409 that says to reopen it; after reopening it can be won', async () => {
    const fx = await workspace();
    await inject({
      method: 'POST',
      url: `/api/opportunities/${fx.opportunity.id}/lose`,
      headers: bearer(fx.tokens.sales),
      payload: { reason: 'No budget' },
    });
    const conflict = await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/win`, headers: bearer(fx.tokens.sales) });
    assert.equal(conflict.statusCode, 409);
    assert.equal(conflict.json().error.code, 'opportunity.already_lost');
    assert.match(conflict.json().error.message, /reopen/);

    const reopened = await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/reopen`, headers: bearer(fx.tokens.sales) });
    assert.equal(reopened.statusCode, 200);
    assert.equal(reopened.json().stageCategory, 'open');
    assert.equal(reopened.json().stageName, 'Qualified', 'back to the stage it was lost from');
    const again = await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/reopen`, headers: bearer(fx.tokens.sales) });
    assert.equal(again.statusCode, 409);

    const won = await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/win`, headers: bearer(fx.tokens.sales) });
    assert.equal(won.statusCode, 200);
    assert.equal(won.json().changed, true);
    assert.equal(await count('deal_outcomes', { column: 'opportunity_id', value: fx.opportunity.id }), 2, 'the loss stays on record, set aside');
  });

  test('moving a deal into the won stage by hand is refused with 409: winning is its own action', async () => {
    const opp = await addOpportunity(deps(), f);
    const wonStage = f.stages.find((s) => s.category === 'won')!;
    const res = await inject({
      method: 'POST',
      url: `/api/opportunities/${opp.id}/stage`,
      headers: bearer(f.tokens.sales),
      payload: { stageId: wonStage.id },
    });
    assert.equal(res.statusCode, 409);
    const proposal = f.stages.find((s) => s.name === 'Proposal')!;
    const moved = await inject({
      method: 'POST',
      url: `/api/opportunities/${opp.id}/stage`,
      headers: bearer(f.tokens.sales),
      payload: { stageId: proposal.id },
    });
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.json().stageName, 'Proposal');
  });
});

test("a win stops the deal's own enrolments and the account's nurture; the account's other open deal keeps its sequence running", async () => {
  const g = await workspace();
  const ctx = { workspaceId: g.workspace.id, actor: g.users.sales.actor };
  const other = await addOpportunity(deps(), g, 'Expansion');
  const followUp = await createSequence(deps(), ctx, { name: 'Expansion follow-up' });
  const dealCadence = await createSequence(deps(), ctx, { name: 'Proposal cadence' });
  const othersRun = await enrolContact(deps(), ctx, { sequenceId: followUp.id, contactId: g.contacts.sponsor.id, opportunityId: other.id });
  const own = await enrolContact(deps(), ctx, { sequenceId: dealCadence.id, contactId: g.contacts.tech.id, opportunityId: g.opportunity.id });

  const res = await inject({ method: 'POST', url: `/api/opportunities/${g.opportunity.id}/win`, headers: bearer(g.tokens.sales) });
  assert.equal(res.statusCode, 200, res.body);
  const stopped = res
    .json()
    .stoppedEnrolments.map((e: { id: string }) => e.id)
    .sort();
  assert.deepEqual(stopped, [...g.enrolments.map((e) => e.id), own.id].sort(), 'the nurture and the won deal own cadence');
  const kept = await db().selectFrom('sequence_enrolments').select('status').where('id', '=', othersRun.id).executeTakeFirstOrThrow();
  assert.equal(kept.status, 'active', "the other deal's sequence keeps running");
});
