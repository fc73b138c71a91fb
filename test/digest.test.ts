// The operations digest on seeded data with a fixed clock: its exact content, sent once per day and person (in the
// app and by e-mail, text and HTML), daily at the workspace's hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { digestText, type Digest } from '../src/domain/digest.ts';
import { sendDueDigests } from '../src/flows/digest.flow.ts';
import { sweepDelivery } from '../src/flows/delivery.flow.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

let f: Fixture;
const now = new Date('2026-12-03T10:00:00Z');
const { inject, db, deps, drain, workspace, setUp } = useTestServer({ deps: { now: () => now }, automation: { now: () => now } });
let ids: { late: string; unplanned: string; ownerless: string; ownerlessName: string };

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
  const late = await addOpportunity(deps(), f, 'Acme training');
  const win = async (id: string) => {
    const res = await inject({
      method: 'POST',
      url: `/api/opportunities/${id}/win`,
      headers: bearer(f.tokens.sales),
      payload: { closeDate: '2026-11-27' },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  await win(f.opportunity.id);
  await win(late.id);
  await drain();
  // Won without its rules run yet: no project.
  const unplanned = await addOpportunity(deps(), f, 'Acme support');
  await win(unplanned.id);

  // The seeded day: both handoff-ready wins on 3 December; the first deal's brief accepted, its work done and its
  // project left without owner; the second's brief paused since 1 December, its three tasks the PM's and late.
  const ws = f.workspace.id;
  await sql`update deal_outcomes set created_at = '2026-12-03T09:00:00Z' where workspace_id = ${ws}`.execute(db());
  await sql`update deal_outcomes set created_at = '2026-12-02T09:00:00Z' where opportunity_id = ${unplanned.id}`.execute(db());
  await sql`update handoff_briefs set status = 'accepted', accepted_at = now() where opportunity_id = ${f.opportunity.id}`.execute(db());
  await sql`update handoff_briefs set status = 'paused', created_at = '2026-12-01T09:00:00Z' where opportunity_id = ${late.id}`.execute(db());
  for (const t of await db().selectFrom('tasks').select('id').where('opportunity_id', '=', f.opportunity.id).orderBy('position').execute()) {
    const res = await inject({ method: 'PATCH', url: `/api/tasks/${t.id}`, headers: bearer(f.tokens.pm), payload: { status: 'done' } });
    assert.equal(res.statusCode, 200, res.body);
  }
  await sql`update tasks set owner_id = ${f.users.pm.id} where opportunity_id = ${late.id}`.execute(db());
  const ownerless = await db().selectFrom('projects').select(['id', 'name']).where('opportunity_id', '=', f.opportunity.id).executeTakeFirstOrThrow();
  await sql`update projects set owner_id = null where id = ${ownerless.id}`.execute(db());
  await sweepDelivery(db(), now);
  await sql`update audit_log set at = ${now} where workspace_id = ${ws} and action = 'project.health_changed'`.execute(db());
  ids = { late: late.id, unplanned: unplanned.id, ownerless: ownerless.id, ownerlessName: ownerless.name };
});

const readDigest = async (query = '') => {
  const res = await inject({ method: 'GET', url: `/api/digest${query}`, headers: bearer(f.tokens.ops) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Digest;
};

test("the digest of the day: exactly the day's wins, handoffs waiting, overdue tasks by owner, clients without project or owner, approvals past SLA, health changes", async () => {
  const digest = await readDigest('?date=2026-12-03');
  const late = await db().selectFrom('projects').select(['id', 'name']).where('opportunity_id', '=', ids.late).executeTakeFirstOrThrow();
  const acme = f.account.name;
  assert.equal(
    digestText(digest, ''),
    [
      `Operations digest for ${f.workspace.name}, 2026-12-03`,
      '',
      'New wins (2)',
      `  - Acme rollout (${acme}), 12,500.00 EUR: /opportunities/${f.opportunity.id}`,
      `  - Acme training (${acme}), 5,000.00 USD: /opportunities/${ids.late}`,
      '',
      'Handoffs waiting or paused (1)',
      `  - Acme training: paused for 2 days: /opportunities/${ids.late}/brief`,
      '',
      'Overdue onboarding tasks by owner (1)',
      `  - pm person: 3 tasks overdue, the oldest due 2026-11-30: /tasks?ownerId=${f.users.pm.id}`,
      '',
      'Clients without a project or project owner (2)',
      `  - ${acme}: Acme support has no project: /opportunities/${ids.unplanned}`,
      `  - ${acme}: project ${ids.ownerlessName} has no owner: /projects/${ids.ownerless}`,
      '',
      'Approvals pending past their SLA (0)',
      '  none',
      '',
      'Projects that changed health (1)',
      `  - ${late.name}: on track to off track: /projects/${late.id}`,
      '',
    ].join('\n'),
  );
  assert.deepEqual(await readDigest('?date=2026-12-03'), digest, 'the same day reads the same');
  assert.deepEqual(await readDigest(), digest, 'today by default');
});

test('a day after today, or not a day, is a 400 naming the field', async () => {
  for (const [query, message] of [
    ['?date=2026-12-04', 'must not be after today (2026-12-03)'],
    ['?date=someday', null],
  ] as const) {
    const res = await inject({ method: 'GET', url: `/api/digest${query}`, headers: bearer(f.tokens.ops) });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.fields[0].path, 'querystring:/date');
    if (message) assert.equal(res.json().error.fields[0].message, message);
  }
});

test('daily: nothing before the workspace hour, then the digest once to operations and the admins, in the app and by e-mail', async () => {
  const put = await inject({ method: 'PUT', url: '/api/digest/schedule', headers: bearer(f.tokens.admin), payload: { hour: 9 } });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(await sendDueDigests(db(), new Date('2026-12-03T08:59:00Z')), 0, 'before 09:00');
  assert.equal(await sendDueDigests(db(), now), 1);
  assert.equal(await sendDueDigests(db(), now), 0, 'once a day');
  const mails = await db()
    .selectFrom('mail_messages')
    .select(['to_address', 'subject', 'body', 'html_body'])
    .where('workspace_id', '=', f.workspace.id)
    .where('subject', 'like', 'Operations digest%')
    .orderBy('to_address')
    .execute();
  assert.deepEqual(
    mails.map((m) => m.to_address),
    [`admin@${f.workspace.slug}.test`, `it2@${f.workspace.slug}.test`, `ops@${f.workspace.slug}.test`],
  );
  assert.ok(mails.every((m) => m.body.includes('New wins (2)') && m.html_body?.includes('<h2>New wins (2)</h2>')));
  const inApp = await db()
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('workspace_id', '=', f.workspace.id)
    .where('title', 'like', 'Operations digest%')
    .executeTakeFirstOrThrow();
  assert.equal(inApp.n, 3);

  // Sent again on demand: nobody receives it twice.
  const again = await inject({ method: 'POST', url: '/api/digest/send', headers: bearer(f.tokens.ops), payload: {} });
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual([again.json().recipients, again.json().alreadySent], [3, true]);
  const count = await db()
    .selectFrom('mail_messages')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('workspace_id', '=', f.workspace.id)
    .where('subject', 'like', 'Operations digest%')
    .executeTakeFirstOrThrow();
  assert.equal(count.n, 3);
  const forbidden = await inject({ method: 'POST', url: '/api/digest/send', headers: bearer(f.tokens.sales), payload: {} });
  assert.equal(forbidden.statusCode, 403);
});
