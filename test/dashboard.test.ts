// The delivery dashboard: every won deal in one row with where its delivery stands, filters and pages, the charts'
// figures (acceptance over decided handoffs only), and the live stream hearing what other people do.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createDeliveryFeed } from '../src/engine/feed.ts';
import { sweepDelivery } from '../src/flows/delivery.flow.ts';
import { handoffMetrics } from '../src/adapters/db/briefs.repo.ts';
import type { Automation } from '../src/main.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

let f: Fixture;
const feed = createDeliveryFeed();
// Every task of both deals is due by 2 December (closed 27 November); the clock reads the 3rd.
const now = new Date('2026-12-03T10:00:00Z');
let worker: Automation;
// Registered before useTestServer's tear-down, so it runs first: the worker the stream test starts stops before the
// server closes and the database goes.
after(async () => {
  await worker.stop();
});
const { app, inject, db, deps, automation, workspace, setUp } = useTestServer({
  deps: { now: () => now, feed, wakeOutbox: () => worker.wake() },
  automation: { now: () => now, feed },
});
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

setUp(async () => {
  worker = automation();
  f = await workspace();
  await addDelivery(deps(), f);
  second = await addOpportunity(deps(), f, 'Acme training');
  for (const deal of [f.opportunity, second]) {
    const win = await inject({
      method: 'POST',
      url: `/api/opportunities/${deal.id}/win`,
      headers: bearer(f.tokens.sales),
      payload: { closeDate: '2026-11-27' },
    });
    assert.equal(win.statusCode, 200, win.body);
  }
  await worker.drain();
  // The first deal's work is all done; the second's is untouched, and the sweep finds it late.
  const tasks = await db().selectFrom('tasks').select(['id', 'title']).where('opportunity_id', '=', f.opportunity.id).orderBy('position').execute();
  for (const t of tasks) {
    const res = await inject({ method: 'PATCH', url: `/api/tasks/${t.id}`, headers: bearer(f.tokens.pm), payload: { status: 'done' } });
    assert.equal(res.statusCode, 200, res.body);
  }
  await sweepDelivery(db(), now);
});

const get = async (query = '') => {
  const res = await inject({ method: 'GET', url: `/api/dashboard${query}`, headers: bearer(f.tokens.ops) });
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
  const pm = await db().selectFrom('projects').select('owner_id').where('opportunity_id', '=', f.opportunity.id).executeTakeFirstOrThrow();
  assert.ok((await names(`?projectOwnerId=${pm.owner_id}`)).includes('Acme rollout'));
  const team = async (key: string) =>
    (await db().selectFrom('team_roles').select('id').where('workspace_id', '=', f.workspace.id).where('key', '=', key).executeTakeFirstOrThrow()).id;
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
    const res = await inject({ method: 'GET', url: `/api/dashboard?${query}`, headers: bearer(f.tokens.ops) });
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    assert.deepEqual(
      res.json().error.fields.map((x: { path: string }) => x.path),
      [path],
      query,
    );
  }
});

test('the dashboard, its charts and its stream are in the OpenAPI document', async () => {
  const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const path of ['/api/dashboard', '/api/dashboard/summary', '/api/dashboard/stream']) assert.ok(doc.paths[path], path);
  assert.ok(doc.paths['/api/dashboard'].get.parameters.some((p: { name: string }) => p.name === 'health'));
});

test('the funnel counts won, brief accepted, kickoff held and first value; the acceptance rate counts decided handoffs only', async () => {
  const res = await inject({ method: 'GET', url: '/api/dashboard/summary?months=1', headers: bearer(f.tokens.ops) });
  assert.equal(res.statusCode, 200, res.body);
  const summary = res.json();
  assert.deepEqual(summary.funnel, { won: 2, briefAccepted: 0, kickoffHeld: 1, firstValue: 0 });
  assert.deepEqual(summary.health, { on_track: 1, at_risk: 0, off_track: 1, noProject: 0 });
  assert.equal(summary.target, 0.9);
  // Both briefs still in review: nothing decided, no rate (not 0 %).
  assert.equal(summary.acceptance.length, 1);
  assert.deepEqual([summary.acceptance[0].decided, summary.acceptance[0].rate], [0, null]);
  // One accepted first time, one returned: 50 % over the two decided, however many more wait in review.
  await sql`update handoff_briefs set status = 'accepted', accepted_at = now() where opportunity_id = ${f.opportunity.id}`.execute(db());
  await sql`update handoff_briefs set status = 'returned', returns = 1 where opportunity_id = ${second.id}`.execute(db());
  const third = await addOpportunity(deps(), f, 'Acme support');
  await inject({ method: 'POST', url: `/api/opportunities/${third.id}/win`, headers: bearer(f.tokens.sales), payload: { closeDate: '2026-11-27' } });
  await worker.drain();
  const metrics = await handoffMetrics(db(), f.workspace.id, { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 60_000) }, '2026-12-03');
  assert.deepEqual([metrics.handoffs, metrics.decided, metrics.acceptanceRate], [3, 2, 0.5]);
  const again = (await inject({ method: 'GET', url: '/api/dashboard/summary?months=1', headers: bearer(f.tokens.ops) })).json();
  assert.deepEqual([again.acceptance[0].decided, again.acceptance[0].acceptedFirstPass, again.acceptance[0].rate], [2, 1, 0.5]);
});

test('returns by missing field and won to kickoff by month of the win, over the wins the filters keep', async () => {
  // Three wins: two in November (kickoffs held 10 and 4 days after), one just after midnight in Berlin on 1 December
  // (still 30 November in UTC), kickoff not held. The returned fields as insertHandoffEvent keeps them.
  const setWin = async (opportunityId: string, wonAt: string, heldOn: string | null, fields: string[]) => {
    await sql`update deal_outcomes set created_at = ${wonAt}::timestamptz where opportunity_id = ${opportunityId} and outcome = 'won'`.execute(db());
    await sql`update handoff_briefs set kickoff_held_on = ${heldOn}::date, measured_return_fields = ${fields}::text[], measured_returns = ${fields.length ? 1 : 0}
      where opportunity_id = ${opportunityId}`.execute(db());
  };
  const third = await db().selectFrom('opportunities').select('id').where('name', '=', 'Acme support').executeTakeFirstOrThrow();
  await setWin(f.opportunity.id, '2026-11-02T09:00:00Z', '2026-11-12', ['success_criteria', 'stakeholders', 'success_criteria']);
  await setWin(second.id, '2026-11-27T10:00:00Z', '2026-12-01', ['success_criteria']);
  await setWin(third.id, '2026-11-30T23:30:00Z', null, []);
  await sql`update workspaces set time_zone = 'Europe/Berlin' where id = ${f.workspace.id}`.execute(db());
  try {
    const summary = async (query: string) => {
      const res = await inject({ method: 'GET', url: `/api/dashboard/summary?months=3${query}`, headers: bearer(f.tokens.ops) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { returnsByField: unknown[]; wonToKickoff: unknown[] };
    };
    const none = (month: string) => ({ month, won: 0, held: 0, medianDays: null, p90Days: null });

    const all = await summary('');
    assert.deepEqual(all.returnsByField, [
      { field: 'success_criteria', returns: 3, briefs: 2 },
      { field: 'stakeholders', returns: 1, briefs: 1 },
    ]);
    // November, in business days (Monday to Friday): Monday 2 to Thursday 12 November is 8 (the two weekends are not
    // counted), Friday 27 November to Tuesday 1 December is 2; median 5, p90 2 + 0.9 x 6 = 7.4. December: the Berlin
    // win, no kickoff yet.
    assert.deepEqual(all.wonToKickoff, [
      none('2026-10'),
      { month: '2026-11', won: 2, held: 2, medianDays: 5, p90Days: 7.4 },
      { month: '2026-12', won: 1, held: 0, medianDays: null, p90Days: null },
    ]);

    // A holiday on Monday 30 November (set through the calendar API) is not a working day: the second kickoff is 1.
    const calendar = (await inject({ method: 'GET', url: '/api/calendar', headers: bearer(f.tokens.admin) })).json();
    const put = (body: object) => inject({ method: 'PUT', url: '/api/calendar', headers: bearer(f.tokens.admin), payload: body });
    assert.equal((await put({ ...calendar, holidays: [...calendar.holidays, { date: '2026-11-30', name: 'Bridge day' }] })).statusCode, 200);
    try {
      assert.deepEqual((await summary('')).wonToKickoff[1], { month: '2026-11', won: 2, held: 2, medianDays: 4.5, p90Days: 7.3 });
    } finally {
      assert.equal((await put(calendar)).statusCode, 200);
    }

    const mine = await summary(`&ownerId=${f.users.sales.id}`);
    assert.deepEqual(mine.returnsByField, [
      { field: 'success_criteria', returns: 2, briefs: 1 },
      { field: 'stakeholders', returns: 1, briefs: 1 },
    ]);
    assert.deepEqual(mine.wonToKickoff, [none('2026-10'), { month: '2026-11', won: 1, held: 1, medianDays: 8, p90Days: 8 }, none('2026-12')]);

    const late = await summary('&health=off_track');
    assert.deepEqual(late.returnsByField, [{ field: 'success_criteria', returns: 1, briefs: 1 }]);
    // The training deal and the support deal (its tasks late too) are off track.
    assert.deepEqual(late.wonToKickoff, [
      none('2026-10'),
      { month: '2026-11', won: 1, held: 1, medianDays: 2, p90Days: 2 },
      { month: '2026-12', won: 1, held: 0, medianDays: null, p90Days: null },
    ]);

    const december = await summary('&wonFrom=2026-12-01');
    assert.deepEqual(december.returnsByField, []);
    assert.deepEqual(december.wonToKickoff, [none('2026-10'), none('2026-11'), { month: '2026-12', won: 1, held: 0, medianDays: null, p90Days: null }]);

    const empty = await summary('&health=at_risk');
    assert.deepEqual(empty.returnsByField, []);
    assert.deepEqual(empty.wonToKickoff, [none('2026-10'), none('2026-11'), none('2026-12')]);
  } finally {
    await sql`update workspaces set time_zone = 'UTC' where id = ${f.workspace.id}`.execute(db());
  }
});

test("the charts follow every change to a win, whoever makes it: the deal's owner, the project's owner and health, the brief, a reopen", async () => {
  const summary = async (query = '') => {
    const res = await inject({ method: 'GET', url: `/api/dashboard/summary?months=1${query}`, headers: bearer(f.tokens.ops) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { funnel: { won: number; briefAccepted: number }; health: Record<string, number> };
  };
  // The charts count what the rows show, filter by filter (the rows join the deal, project and brief as they are).
  const agree = async (query: string) => {
    const [rows, charts] = await Promise.all([get(`?limit=200${query}`), summary(query)]);
    assert.equal(charts.funnel.won, rows.items.length, `won${query}`);
    for (const health of ['on_track', 'at_risk', 'off_track'])
      assert.equal(charts.health[health], rows.items.filter((r) => r.project?.health === health).length, `${health}${query}`);
    assert.equal(charts.health.noProject, rows.items.filter((r) => !r.project).length, `no project${query}`);
    assert.equal(charts.funnel.briefAccepted, rows.items.filter((r) => r.brief?.status === 'accepted').length, `accepted${query}`);
  };
  const project = await db().selectFrom('projects').select(['id', 'owner_id']).where('opportunity_id', '=', second.id).executeTakeFirstOrThrow();
  const filters = () => [
    '',
    `&ownerId=${f.users.sales.id}`,
    `&ownerId=${f.users.cs.id}`,
    `&projectOwnerId=${f.users.cs.id}`,
    '&health=at_risk',
    '&health=off_track',
  ];
  for (const q of filters()) await agree(q);
  const before = await summary();

  // The sales rep takes the second deal; the CSM takes its project, which a person marks at risk.
  const patch = async (url: string, payload: object, token = f.tokens.admin) => {
    const res = await inject({ method: 'PATCH', url, headers: bearer(token), payload });
    assert.equal(res.statusCode, 200, res.body);
  };
  await patch(`/api/opportunities/${second.id}`, { ownerId: f.users.cs.id });
  await patch(`/api/projects/${project.id}`, { ownerId: f.users.cs.id, health: 'at_risk' });
  assert.equal((await summary(`&ownerId=${f.users.cs.id}`)).funnel.won, 1);
  assert.equal((await summary(`&projectOwnerId=${f.users.cs.id}`)).health.at_risk, 1);
  for (const q of filters()) await agree(q);

  // Reopened, the win leaves every chart; won again, it comes back with its project.
  const reopen = await inject({ method: 'POST', url: `/api/opportunities/${second.id}/reopen`, headers: bearer(f.tokens.admin), payload: {} });
  assert.equal(reopen.statusCode, 200, reopen.body);
  assert.equal((await summary()).funnel.won, before.funnel.won - 1);
  for (const q of filters()) await agree(q);
  const win = await inject({
    method: 'POST',
    url: `/api/opportunities/${second.id}/win`,
    headers: bearer(f.tokens.admin),
    payload: { closeDate: '2026-12-03' },
  });
  assert.equal(win.statusCode, 200, win.body);
  await worker.drain();
  assert.equal((await summary()).funnel.won, before.funnel.won);
  for (const q of filters()) await agree(q);

  await patch(`/api/projects/${project.id}`, { ownerId: project.owner_id, health: 'off_track' });
  await patch(`/api/opportunities/${second.id}`, { ownerId: null });
  for (const q of filters()) await agree(q);
});

describe('saved views of the dashboard', () => {
  async function session(role: keyof Fixture['tokens']) {
    const login = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `${role}@${f.workspace.slug}.test`, password: 'correct horse battery' },
    });
    assert.equal(login.statusCode, 200, login.body);
    const cookies = { baton_session: login.cookies.find((c) => c.name === 'baton_session')!.value };
    const headers = { 'x-csrf-token': login.json().csrfToken as string };
    return (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      inject({ method, url, cookies, headers, ...(payload && { payload }) });
  }

  test("a person saves the dashboard's filters, shares them, and the dashboard's views are apart from the deals list's", async () => {
    const ops = await session('ops');
    const pm = await session('pm');
    const filters = { health: 'off_track', ownerId: f.users.sales.id, pipelineId: f.pipelineId, wonFrom: '2026-11-01', wonTo: '2026-11-30' };
    const created = await ops('POST', '/api/views', { name: 'Late in November', entity: 'dashboard', filters, shared: true });
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json();
    assert.deepEqual([view.entity, view.filters, view.shared, view.mine], ['dashboard', filters, true, true]);
    // The same name on the deals list is another list's view: no clash.
    const deals = await ops('POST', '/api/views', { name: 'Late in November', filters: { status: 'won' } });
    assert.equal(deals.statusCode, 201, deals.body);

    const names = async (who: typeof ops, entity: string) =>
      (await who('GET', `/api/views?entity=${entity}`)).json().items.map((v: { name: string }) => v.name);
    assert.deepEqual(await names(ops, 'dashboard'), ['Late in November']);
    assert.deepEqual(await names(pm, 'dashboard'), ['Late in November'], 'shared with the workspace');
    const opened = (await pm('GET', `/api/views/${view.id}`)).json();
    assert.deepEqual([opened.filters, opened.mine, opened.ownerName], [filters, false, 'ops person']);
    assert.equal((await pm('DELETE', `/api/views/${view.id}`)).statusCode, 403, 'only its owner deletes it');

    const team = await db().selectFrom('team_roles').select('id').where('workspace_id', '=', f.workspace.id).where('key', '=', 'it').executeTakeFirstOrThrow();
    const changed = await ops('PATCH', `/api/views/${view.id}`, { filters: { teamId: team.id, projectOwnerId: f.users.pm.id } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json().filters, { teamId: team.id, projectOwnerId: f.users.pm.id });
    assert.equal((await ops('DELETE', `/api/views/${view.id}`)).statusCode, 204);
    assert.deepEqual(await names(pm, 'dashboard'), []);
  });

  test("a dashboard view's filters are the dashboard's: another list's filter, a bad value or a backwards period is a 400 naming the field", async () => {
    const ops = await session('ops');
    const cases: [object, string[]][] = [
      [{ entity: 'dashboard', filters: { amountMin: 10 } }, ['body:/filters/amountMin']],
      [{ entity: 'dashboard', filters: { health: 'fine' } }, ['body:/filters/health']],
      [{ entity: 'dashboard', filters: { wonFrom: '2026-06-01', wonTo: '2026-01-01' } }, ['body:/filters/wonTo']],
      [{ entity: 'opportunities', filters: { health: 'off_track' } }, ['body:/filters/health']],
      [{ entity: 'dashboard', filters: { colour: 'red' } }, ['body:/filters/colour']],
    ];
    for (const [body, paths] of cases) {
      const res = await ops('POST', '/api/views', { name: 'Odd', ...body });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(
        res.json().error.fields.map((x: { path: string }) => x.path),
        paths,
        JSON.stringify(body),
      );
    }
    const ok = (await ops('POST', '/api/views', { name: 'Odd', entity: 'dashboard', filters: {} })).json();
    const refiltered = await ops('PATCH', `/api/views/${ok.id}`, { filters: { closeFrom: '2026-01-01' } });
    assert.equal(refiltered.statusCode, 400, refiltered.body);
    assert.deepEqual(
      refiltered.json().error.fields.map((x: { path: string }) => x.path),
      ['body:/filters/closeFrom'],
    );
    assert.equal((await db().selectFrom('saved_views').select('name').where('name', '=', 'Odd').execute()).length, 1, 'nothing half-written');
  });
});

test('the stream hears a task completed by another person, and a deal won, as they are delivered', async () => {
  worker.start();
  await app().listen({ port: 0, host: '127.0.0.1' });
  const { port } = app().server.address() as AddressInfo;
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
  const task = await db().selectFrom('tasks').select('id').where('opportunity_id', '=', second.id).orderBy('position').executeTakeFirstOrThrow();
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
