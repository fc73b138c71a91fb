// The delivery dashboard: every won deal in one row with where its delivery stands, filters and pages, the charts'
// figures (acceptance over decided handoffs only), and the live stream hearing what other people do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createDeliveryFeed } from '../src/engine/feed.ts';
import { sweepDelivery } from '../src/flows/delivery.flow.ts';
import { handoffMetrics } from '../src/adapters/db/briefs.repo.ts';
import { automation, createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { addDelivery, addOpportunity, bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let app: FastifyInstance;
let f: Fixture;
const feed = createDeliveryFeed();
// Every task of both deals is due by 2 December (closed 27 November); the clock reads the 3rd.
const now = new Date('2026-12-03T10:00:00Z');
let worker: ReturnType<typeof automation>;
const deps = () => testDeps(database, { now: () => now, feed, wakeOutbox: () => worker.wake() });
let second: { id: string };

type Row = {
  id: string;
  opportunity: { id: string; name: string };
  account: { name: string };
  owner: { name: string } | null;
  amountMinor: number;
  brief: { status: string } | null;
  approvalsPending: number;
  documentsPending: number;
  project: { owner: { name: string } | null; health: string; healthReasons: { message: string }[] } | null;
  tasks: { done: number; open: number; overdue: number };
  nextMilestone: { name: string; dueDate: string } | null;
  kickoff: { on: string | null; heldOn: string | null };
  firstValue: { due: string | null; reachedOn: string | null; missed: boolean };
};

before(async () => {
  database = await createTestDatabase();
  worker = automation(database, { now: () => now, feed });
  app = await buildTestServer(deps(), database);
  f = await createFixture(deps());
  await addDelivery(deps(), f);
  second = await addOpportunity(deps(), f, 'Acme training');
  for (const deal of [f.opportunity, second]) {
    const win = await app.inject({
      method: 'POST',
      url: `/api/opportunities/${deal.id}/win`,
      headers: bearer(f.tokens.sales),
      payload: { closeDate: '2026-11-27' },
    });
    assert.equal(win.statusCode, 200, win.body);
  }
  await worker.drain();
  // The first deal's work is all done; the second's is untouched, and the sweep finds it late.
  const tasks = await database.db.selectFrom('tasks').select(['id', 'title']).where('opportunity_id', '=', f.opportunity.id).orderBy('position').execute();
  for (const t of tasks) {
    const res = await app.inject({ method: 'PATCH', url: `/api/tasks/${t.id}`, headers: bearer(f.tokens.pm), payload: { status: 'done' } });
    assert.equal(res.statusCode, 200, res.body);
  }
  await sweepDelivery(database.db, now);
});

after(async () => {
  await worker.stop();
  await app.close();
  await database.drop();
});

const get = async (query = '') => {
  const res = await app.inject({ method: 'GET', url: `/api/dashboard${query}`, headers: bearer(f.tokens.ops) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { items: Row[]; next: string | null };
};
const names = async (query = '') => (await get(query)).items.map((r) => r.opportunity.name);

test('every won deal is one row: deal, account, value, brief, project owner, health and why, task counts, next milestone, kickoff, first value', async () => {
  const { items, next } = await get();
  assert.equal(next, null);
  assert.deepEqual(
    items.map((r) => r.opportunity.name),
    ['Acme training', 'Acme rollout'],
    'newest win first',
  );
  const [late, done] = items as [Row, Row];
  assert.equal(done.account.name, f.account.name);
  assert.equal(done.owner?.name, 'sales person');
  assert.equal(done.amountMinor, 1_250_000);
  assert.ok(done.brief, "the workspace's rule prepared the brief");
  assert.equal(done.project?.owner?.name !== undefined, true, 'the project has its PM');
  assert.deepEqual(done.tasks, { done: 3, open: 0, overdue: 0 });
  assert.equal(done.project?.health, 'on_track');
  assert.equal(done.nextMilestone, null, 'its one milestone is reached');
  assert.equal(done.kickoff.heldOn, '2026-12-03', 'the kickoff task done is the kickoff held');
  assert.deepEqual(late.tasks, { done: 0, open: 3, overdue: 3 });
  assert.equal(late.project?.health, 'off_track');
  assert.deepEqual(
    late.project?.healthReasons.map((r) => r.message),
    ['3 tasks overdue, the latest by 3 days', 'Milestone "Kicked off" was due 2026-12-02, 1 day ago'],
  );
  assert.deepEqual(late.nextMilestone, { name: 'Kicked off', dueDate: '2026-12-02' });
  assert.equal(late.kickoff.heldOn, null);
  assert.deepEqual(late.firstValue, { due: null, reachedOn: null, missed: false });
});

test('filters: health, owner, project owner, team, pipeline and the period won', async () => {
  assert.deepEqual(await names('?health=off_track'), ['Acme training']);
  assert.deepEqual(await names('?health=on_track'), ['Acme rollout']);
  assert.deepEqual(await names('?health=at_risk'), []);
  assert.deepEqual(await names(`?ownerId=${f.users.sales.id}`), ['Acme rollout'], 'the second deal has no owner');
  assert.deepEqual(await names(`?ownerId=${f.users.cs.id}`), []);
  const pm = await database.db.selectFrom('projects').select('owner_id').where('opportunity_id', '=', f.opportunity.id).executeTakeFirstOrThrow();
  assert.ok((await names(`?projectOwnerId=${pm.owner_id}`)).includes('Acme rollout'));
  const team = async (key: string) =>
    (await database.db.selectFrom('team_roles').select('id').where('workspace_id', '=', f.workspace.id).where('key', '=', key).executeTakeFirstOrThrow()).id;
  assert.deepEqual(await names(`?teamId=${await team('it')}`), [], 'no project is owned by IT');
  assert.deepEqual(await names(`?teamId=${await team('project_lead')}`), ['Acme training', 'Acme rollout'], 'project leads own both');
  assert.deepEqual(await names(`?pipelineId=${f.pipelineId}`), ['Acme training', 'Acme rollout']);
  assert.deepEqual(await names('?wonFrom=2000-01-01&wonTo=2000-01-31'), []);
  assert.deepEqual(await names('?wonFrom=2000-01-01'), ['Acme training', 'Acme rollout']);
});

test('pages follow the cursor, newest first', async () => {
  const first = await get('?limit=1');
  assert.deepEqual(
    first.items.map((r) => r.opportunity.name),
    ['Acme training'],
  );
  assert.ok(first.next);
  const rest = await get(`?limit=1&cursor=${first.next}`);
  assert.deepEqual(
    rest.items.map((r) => r.opportunity.name),
    ['Acme rollout'],
  );
  assert.equal(rest.next, null);
});

test('a bad filter is a 400 naming the field', async () => {
  const cases: [string, string][] = [
    ['health=fine', 'querystring:/health'],
    ['ownerId=bob', 'querystring:/ownerId'],
    ['wonFrom=2026-13-45', 'querystring:/wonFrom'],
    ['wonFrom=2026-06-01&wonTo=2026-01-01', 'querystring:/wonTo'],
    ['limit=0', 'querystring:/limit'],
    ['colour=red', 'querystring:/colour'],
  ];
  for (const [query, path] of cases) {
    const res = await app.inject({ method: 'GET', url: `/api/dashboard?${query}`, headers: bearer(f.tokens.ops) });
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    assert.deepEqual(
      res.json().error.fields.map((x: { path: string }) => x.path),
      [path],
      query,
    );
  }
});

test('the dashboard, its charts and its stream are in the OpenAPI document', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const path of ['/api/dashboard', '/api/dashboard/summary', '/api/dashboard/stream']) assert.ok(doc.paths[path], path);
  assert.ok(doc.paths['/api/dashboard'].get.parameters.some((p: { name: string }) => p.name === 'health'));
});

test('the funnel counts won, brief accepted, kickoff held and first value; the acceptance rate counts decided handoffs only', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/dashboard/summary?months=1', headers: bearer(f.tokens.ops) });
  assert.equal(res.statusCode, 200, res.body);
  const summary = res.json();
  assert.deepEqual(summary.funnel, { won: 2, briefAccepted: 0, kickoffHeld: 1, firstValue: 0 });
  assert.deepEqual(summary.health, { on_track: 1, at_risk: 0, off_track: 1, noProject: 0 });
  assert.equal(summary.target, 0.9);
  // Both briefs still in review: nothing decided, no rate (not 0 %).
  assert.equal(summary.acceptance.length, 1);
  assert.deepEqual([summary.acceptance[0].decided, summary.acceptance[0].rate], [0, null]);
  // One accepted first time, one returned: 50 % over the two decided, however many more wait in review.
  await sql`update handoff_briefs set status = 'accepted', accepted_at = now() where opportunity_id = ${f.opportunity.id}`.execute(database.db);
  await sql`update handoff_briefs set status = 'returned', returns = 1 where opportunity_id = ${second.id}`.execute(database.db);
  const third = await addOpportunity(deps(), f, 'Acme support');
  await app.inject({ method: 'POST', url: `/api/opportunities/${third.id}/win`, headers: bearer(f.tokens.sales), payload: { closeDate: '2026-11-27' } });
  await worker.drain();
  const metrics = await handoffMetrics(
    database.db,
    f.workspace.id,
    { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 60_000) },
    '2026-12-03',
  );
  assert.deepEqual([metrics.handoffs, metrics.decided, metrics.acceptanceRate], [3, 2, 0.5]);
  const again = (await app.inject({ method: 'GET', url: '/api/dashboard/summary?months=1', headers: bearer(f.tokens.ops) })).json();
  assert.deepEqual([again.acceptance[0].decided, again.acceptance[0].acceptedFirstPass, again.acceptance[0].rate], [2, 1, 0.5]);
});

test('the stream hears a task completed by another person, and a deal won, as they are delivered', async () => {
  worker.start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const controller = new AbortController();
  const res = await fetch(`http://127.0.0.1:${port}/api/dashboard/stream`, { headers: bearer(f.tokens.ops), signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const messages: { type: string; subjectId: string; opportunityId: string | null }[] = [];
  const waitFor = async (match: (m: (typeof messages)[number]) => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (!messages.some(match)) {
      if (Date.now() > until) assert.fail(`no such message within ${ms} ms: ${JSON.stringify(messages)}`);
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), until - Date.now()))]);
      if (!chunk || chunk.done) continue;
      buffer += decoder.decode(chunk.value, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const data = buffer
          .slice(0, i)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buffer = buffer.slice(i + 2);
        if (data) messages.push(JSON.parse(data.slice(6)));
      }
    }
    return messages.find(match)!;
  };
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(feed.listeners(), 1);

  // The PM completes a task of the late deal; the ops person's stream hears it.
  const task = await database.db.selectFrom('tasks').select('id').where('opportunity_id', '=', second.id).orderBy('position').executeTakeFirstOrThrow();
  const done = await fetch(`http://127.0.0.1:${port}/api/tasks/${task.id}`, {
    method: 'PATCH',
    headers: { ...bearer(f.tokens.pm), 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'done' }),
  });
  assert.equal(done.status, 200);
  const heard = await waitFor((m) => m.type === 'task.completed');
  assert.deepEqual([heard.subjectId, heard.opportunityId], [task.id, second.id]);

  const fourth = await addOpportunity(deps(), f, 'Acme extension');
  const won = await fetch(`http://127.0.0.1:${port}/api/opportunities/${fourth.id}/win`, {
    method: 'POST',
    headers: { ...bearer(f.tokens.sales), 'content-type': 'application/json' },
    body: JSON.stringify({ closeDate: '2026-12-03' }),
  });
  assert.equal(won.status, 200);
  await waitFor((m) => m.type === 'deal.won' && m.opportunityId === fourth.id);

  // The browser goes away: its listener goes with it.
  controller.abort();
  const until = Date.now() + 2000;
  while (feed.listeners() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.equal(feed.listeners(), 0);
});
