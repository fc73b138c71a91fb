// Reopening a deal: a won deal's project waits on hold (tasks kept, none added) with a warning and word to the project
// owner, the CSM and Operations, and winning again resumes it; a lost deal goes back to the stage and close date it had.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { addDelivery, bearer, type Fixture } from './helpers/fixtures.ts';
import { createUser } from '../src/flows/identity.flow.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
});

const post = (url: string, token: string, payload?: object) => inject({ method: 'POST', url, headers: bearer(token), ...(payload && { payload }) });
const get = (url: string, token: string) => inject({ method: 'GET', url, headers: bearer(token) });

const reopenNotes = async (projectId: string) =>
  db().selectFrom('notifications').select(['user_id', 'title']).where('subject_id', '=', projectId).where('title', 'like', 'Deal reopened:%').execute();

test('reopening a won deal puts its project on hold with a warning and tells its people once; winning again resumes the same project', async () => {
  const deal = f.opportunity;
  // A rule that would add a task to the project when the deal is reopened: the hold must keep it out.
  const rule = await post('/api/rules', f.tokens.ops, {
    key: 'reopened-follow-up',
    name: 'Reopened: follow up',
    trigger: { type: 'event', event: 'deal.reopened' },
    actions: [{ key: 'follow', type: 'create_task', params: { title: 'Follow up on {{deal.name}}', role: 'it', dueInBusinessDays: 1 } }],
  });
  assert.equal(rule.statusCode, 201, rule.body);

  const won = await post(`/api/opportunities/${deal.id}/win`, f.tokens.sales, { closeDate: '2026-11-27' });
  assert.equal(won.statusCode, 200, won.body);
  await drain();
  const projects = await get(`/api/projects?opportunityId=${deal.id}`, f.tokens.cs);
  assert.equal(projects.json().items.length, 1);
  const projectId: string = projects.json().items[0].id;
  const before = await get(`/api/projects/${projectId}`, f.tokens.cs);
  const taskIds = before
    .json()
    .tasks.map((t: { id: string }) => t.id)
    .sort();
  assert.equal(taskIds.length, 3);
  const ownerId: string = before.json().owner.id;

  const reopened = await post(`/api/opportunities/${deal.id}/reopen`, f.tokens.sales);
  assert.equal(reopened.statusCode, 200, reopened.body);
  assert.equal(reopened.json().stageCategory, 'open');
  await drain();

  const held = await get(`/api/projects/${projectId}`, f.tokens.cs);
  assert.equal(held.json().status, 'on_hold');
  assert.deepEqual(
    held
      .json()
      .tasks.map((t: { id: string }) => t.id)
      .sort(),
    taskIds,
    'the tasks stay and none is added',
  );
  const followUps = await db().selectFrom('tasks').select('id').where('opportunity_id', '=', deal.id).where('title', 'like', 'Follow up%').execute();
  assert.equal(followUps.length, 0, 'the rule made no task while the project is on hold');
  const steps = await db()
    .selectFrom('rule_run_steps as s')
    .innerJoin('rule_runs as r', 'r.id', 's.run_id')
    .select(['s.status', 's.output'])
    .where('r.rule_id', '=', rule.json().id)
    .execute();
  assert.equal(steps.length, 1, 'the rule ran on the reopen');
  assert.equal(steps[0]!.status, 'skipped');
  assert.match(JSON.stringify(steps[0]!.output), /on hold/);

  const brief = await db().selectFrom('handoff_briefs').select('reopened_at').where('opportunity_id', '=', deal.id).executeTakeFirst();
  assert.ok(brief?.reopened_at, 'the brief is marked reopened');
  const handoff = await get(`/api/opportunities/${deal.id}/handoff`, f.tokens.cs);
  assert.equal(handoff.statusCode, 200, handoff.body);
  assert.ok(handoff.json().brief?.reopenedAt, 'the brief answers that its deal was reopened');

  const warnings = await get('/api/warnings', f.tokens.ops);
  assert.equal(warnings.statusCode, 200, warnings.body);
  const warning = warnings
    .json()
    .items.find((w: { kind: string; subject: { id: string } }) => w.kind === 'project_on_hold_reopened' && w.subject.id === projectId);
  assert.ok(warning, 'Operations see the on-hold warning');
  assert.match(warning.message, /was reopened/);
  assert.equal(warning.path, `/projects/${projectId}`);

  const notes = await reopenNotes(projectId);
  const ops = [
    f.users.ops.id,
    ...(await db().selectFrom('users').select('id').where('workspace_id', '=', f.workspace.id).where('role', '=', 'ops').execute()).map((u) => u.id),
  ];
  const expected = new Set([ownerId, f.users.cs.id, ...ops]);
  assert.deepEqual(new Set(notes.map((n) => n.user_id)), expected, 'the project owner, the CSM and Operations');
  assert.equal(notes.length, expected.size, 'one notification each');

  // Reopening an open deal again changes nothing and tells nobody twice.
  const again = await post(`/api/opportunities/${deal.id}/reopen`, f.tokens.sales);
  assert.equal(again.statusCode, 409);
  assert.equal((await reopenNotes(projectId)).length, expected.size);

  // Won again: the same project resumes, no second one; the warning goes; the brief loses its mark.
  const rewon = await post(`/api/opportunities/${deal.id}/win`, f.tokens.sales);
  assert.equal(rewon.statusCode, 200, rewon.body);
  assert.ok(
    rewon.json().summary.some((line: string) => /resumed/.test(line)),
    rewon.json().summary.join('\n'),
  );
  await drain();
  const afterWin = await get(`/api/projects?opportunityId=${deal.id}`, f.tokens.cs);
  assert.equal(afterWin.json().items.length, 1, 'no second project');
  assert.equal(afterWin.json().items[0].id, projectId);
  assert.equal(afterWin.json().items[0].status, 'active');
  const projectCount = await db()
    .selectFrom('projects')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('opportunity_id', '=', deal.id)
    .executeTakeFirstOrThrow();
  assert.equal(projectCount.n, 1);
  const cleared = await get('/api/warnings', f.tokens.ops);
  assert.ok(!cleared.json().items.some((w: { kind: string; subject: { id: string } }) => w.kind === 'project_on_hold_reopened' && w.subject.id === projectId));
  const briefAfter = await db().selectFrom('handoff_briefs').select('reopened_at').where('opportunity_id', '=', deal.id).executeTakeFirst();
  assert.equal(briefAfter?.reopened_at ?? null, null);
  const repeat = await post(`/api/opportunities/${deal.id}/win`, f.tokens.sales);
  assert.equal(repeat.json().changed, false, 'winning again twice changes nothing');
});

test('someone resuming the held project by hand ends the warning', async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  await post(`/api/opportunities/${fx.opportunity.id}/win`, fx.tokens.sales);
  await drain();
  const projectId: string = (await get(`/api/projects?opportunityId=${fx.opportunity.id}`, fx.tokens.cs)).json().items[0].id;
  await post(`/api/opportunities/${fx.opportunity.id}/reopen`, fx.tokens.sales);
  const listed = async () =>
    (await get('/api/warnings', fx.tokens.ops))
      .json()
      .items.some((w: { kind: string; subject: { id: string } }) => w.kind === 'project_on_hold_reopened' && w.subject.id === projectId);
  assert.equal(await listed(), true);
  const resumed = await inject({ method: 'PATCH', url: `/api/projects/${projectId}`, headers: bearer(fx.tokens.ops), payload: { status: 'active' } });
  assert.equal(resumed.statusCode, 200, resumed.body);
  assert.equal(await listed(), false);
});

test('reopening a lost deal restores the stage it was lost from and its expected close date', async () => {
  const fx = await workspace();
  const deal = fx.opportunity;
  const qualified = fx.stages.find((s) => s.name === 'Qualified')!;
  const moved = await post(`/api/opportunities/${deal.id}/stage`, fx.tokens.sales, { stageId: qualified.id });
  assert.ok(moved.statusCode === 200, moved.body);
  const lost = await post(`/api/opportunities/${deal.id}/lose`, fx.tokens.sales, { reason: 'No budget', closeDate: '2026-10-01' });
  assert.equal(lost.statusCode, 200, lost.body);
  assert.equal(lost.json().opportunity.closeDate, '2026-10-01');

  const reopened = await post(`/api/opportunities/${deal.id}/reopen`, fx.tokens.sales);
  assert.equal(reopened.statusCode, 200, reopened.body);
  assert.equal(reopened.json().stageName, 'Qualified', 'back to the stage it was lost from, not the last open stage');
  assert.equal(reopened.json().closeDate, '2026-12-31', 'the expected close date it had before the loss');
  const audit = await db()
    .selectFrom('audit_log')
    .select(['before', 'after'])
    .where('entity_id', '=', deal.id)
    .where('action', '=', 'opportunity.reopened')
    .executeTakeFirstOrThrow();
  assert.deepEqual((audit.after as { closeDate: string }).closeDate, '2026-12-31');
});

test("reopening a won deal tells the account's CSM, and the brief's CSM when the brief names another", async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  const briefCsm = await createUser(
    deps(),
    { workspaceId: fx.workspace.id, actor: fx.users.admin.actor },
    {
      email: `cs2@${fx.workspace.slug}.test`,
      name: 'Second CSM',
      role: 'cs',
      password: 'correct horse battery',
    },
  );
  const won = await post(`/api/opportunities/${fx.opportunity.id}/win`, fx.tokens.sales);
  assert.equal(won.statusCode, 200, won.body);
  await drain();
  const brief = (await get(`/api/opportunities/${fx.opportunity.id}/brief`, fx.tokens.sales)).json();
  const assigned = await inject({ method: 'PATCH', url: `/api/briefs/${brief.id}`, headers: bearer(fx.tokens.ops), payload: { csmId: briefCsm.id } });
  assert.equal(assigned.statusCode, 200, assigned.body);

  const reopened = await post(`/api/opportunities/${fx.opportunity.id}/reopen`, fx.tokens.sales);
  assert.equal(reopened.statusCode, 200, reopened.body);
  const projectId: string = (await get(`/api/projects?opportunityId=${fx.opportunity.id}`, fx.tokens.cs)).json().items[0].id;
  const told = (await reopenNotes(projectId)).map((n) => n.user_id);
  assert.ok(told.includes(fx.users.cs.id), "the account's CSM is told");
  assert.ok(told.includes(briefCsm.id), "the brief's CSM is told");
  assert.equal(new Set(told).size, told.length, 'nobody twice');

  const note = await db()
    .selectFrom('notifications')
    .select(['body', 'subject_type'])
    .where('user_id', '=', fx.users.cs.id)
    .where('title', '=', `Deal reopened: ${fx.opportunity.name}`)
    .executeTakeFirstOrThrow();
  assert.equal(note.subject_type, 'project', 'it links to the held project');
  assert.match(note.body, /on hold/);
});
