// The handoff review in people's My tasks: the AE's from the win, the CSM's (with a notification) once the AE sends
// the brief; core rules in new and existing workspaces. And a project's owner hears they were given it, once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { addDelivery, bearer } from './helpers/fixtures.ts';
import { createOpportunity } from '../src/flows/crm.flow.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { useTestServer, type Session } from './helpers/test-server.ts';
import * as reviewMigration from '../src/adapters/db/migrations/0016-handoff-review-tasks.ts';
import * as csmRecipientMigration from '../src/adapters/db/migrations/0018-handoff-csm-recipient.ts';
import { createUser } from '../src/flows/identity.flow.ts';

const { inject, db, deps, drain, workspace, signIn } = useTestServer({ automation: { debounceMs: 0, runs: { retryDelayMs: () => 0 } } });

const asPerson = (s: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  inject({ method, url, cookies: s.cookies, headers: s.headers, ...(payload !== undefined && { payload }) } as never);

type TaskRow = { id: string; title: string; status: string; group: string | null; opportunity: { id: string } | null; dueDate: string | null };
async function myTasks(s: Session, status: 'open' | 'all' = 'open'): Promise<TaskRow[]> {
  const res = await asPerson(s, 'GET', `/api/tasks?mine=true&status=${status}&limit=100`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}
const reviews = (tasks: TaskRow[]) => tasks.filter((t) => t.title.startsWith('Review the handoff brief'));

const notificationsOf = (userId: string, title: string) =>
  db().selectFrom('notifications').select(['title', 'body', 'subject_id']).where('user_id', '=', userId).where('title', '=', title).execute();

test("the win puts the brief in the AE's My tasks; sending it tells the CSM and puts it in theirs, one task however often it is sent", async () => {
  const f = await workspace();
  const ctx = { workspaceId: f.workspace.id, actor: f.users.sales.actor };
  const opp = await createOpportunity(deps(), ctx, {
    name: 'Depot rollout',
    accountId: f.account.id,
    amountMinor: 1_000_000,
    currency: 'EUR',
    ownerId: f.users.sales.id,
  });
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await drain();
  const [ae, csm] = [await signIn(f, 'sales'), await signIn(f, 'cs')];

  const aeTasks = reviews(await myTasks(ae));
  assert.deepEqual(
    aeTasks.map((t) => [t.title, t.status, t.group, t.opportunity?.id]),
    [['Review the handoff brief of Depot rollout', 'todo', 'Handoff review', opp.id]],
  );
  assert.ok(aeTasks[0]!.dueDate, 'the review has a due date');
  assert.deepEqual(reviews(await myTasks(csm)), [], 'the CSM has nothing to review before the AE sends it');
  assert.deepEqual(await notificationsOf(f.users.cs.id, 'Handoff to review: Depot rollout'), []);

  const brief = (await asPerson(csm, 'GET', `/api/opportunities/${opp.id}/brief`)).json();
  const sent = await asPerson(ae, 'POST', `/api/briefs/${brief.id}/submit`);
  assert.equal(sent.statusCode, 200, sent.body);
  await drain();
  assert.deepEqual(reviews(await myTasks(ae)), [], "sending the brief completes the AE's review");
  assert.deepEqual(
    reviews(await myTasks(ae, 'all')).map((t) => t.status),
    ['done'],
  );
  const csmTasks = reviews(await myTasks(csm));
  assert.deepEqual(
    csmTasks.map((t) => [t.title, t.status, t.opportunity?.id]),
    [['Review the handoff brief of Depot rollout', 'todo', opp.id]],
  );
  const told = await notificationsOf(f.users.cs.id, 'Handoff to review: Depot rollout');
  assert.equal(told.length, 1, 'the CSM is told once');
  assert.equal(told[0]!.subject_id, opp.id);

  // The CSM returns it: their review is done, the AE's is open again.
  const returned = await asPerson(csm, 'POST', `/api/briefs/${brief.id}/return`, { questions: [{ text: 'Who signs off the pilot?' }] });
  assert.equal(returned.statusCode, 200, returned.body);
  await drain();
  assert.deepEqual(reviews(await myTasks(csm)), []);
  assert.deepEqual(
    reviews(await myTasks(ae)).map((t) => t.id),
    [aeTasks[0]!.id],
    "the AE's own task is open again",
  );

  const question = returned.json().items.question.find((q: { raisedBy: string | null }) => q.raisedBy);
  const answered = await asPerson(ae, 'POST', `/api/briefs/${brief.id}/items/${question.id}/answer`, { answer: 'Helen Park signs off the pilot.' });
  assert.equal(answered.statusCode, 200, answered.body);
  const again = await asPerson(ae, 'POST', `/api/briefs/${brief.id}/submit`);
  assert.equal(again.statusCode, 200, again.body);
  await drain();
  await drain();
  const all = reviews(await myTasks(csm, 'all'));
  assert.deepEqual(
    all.map((t) => [t.id, t.status]),
    [[csmTasks[0]!.id, 'todo']],
    'sent again, the brief reopens the same task: the CSM has one review, not two',
  );
  assert.equal((await notificationsOf(f.users.cs.id, 'Handoff to review: Depot rollout')).length, 2, 'the CSM hears of each sending');
  const tasksOfDeal = await db()
    .selectFrom('tasks')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('opportunity_id', '=', opp.id)
    .where('title', 'like', 'Review the handoff brief%')
    .executeTakeFirstOrThrow();
  assert.equal(tasksOfDeal.n, 2, 'one review task for the AE and one for the CSM');
});

test('an existing workspace gets the review rules once from migration 0016; a new one has them from the start', async () => {
  const f = await workspace();
  const keys = ['handoff-created-ae-review-task', 'handoff-submitted-tell-csm'];
  const rulesOf = () =>
    db().selectFrom('rules').select(['key', 'version', 'enabled']).where('workspace_id', '=', f.workspace.id).where('key', 'in', keys).orderBy('key').execute();
  assert.equal((await rulesOf()).length, 2, 'a new workspace starts with them');

  // A workspace from before: without the rules.
  const ids = (await db().selectFrom('rules').select('id').where('workspace_id', '=', f.workspace.id).where('key', 'in', keys).execute()).map((r) => r.id);
  await db().deleteFrom('rule_versions').where('rule_id', 'in', ids).execute();
  await db().deleteFrom('rules').where('id', 'in', ids).execute();
  assert.equal((await rulesOf()).length, 0);

  await reviewMigration.up(db());
  await reviewMigration.up(db());
  const added = await rulesOf();
  assert.deepEqual(
    added.map((r) => [r.key, r.version, r.enabled]),
    [
      ['handoff-created-ae-review-task', 1, true],
      ['handoff-submitted-tell-csm', 1, true],
    ],
    'each rule once, even when the migration runs twice',
  );
  const listed = await inject({ method: 'GET', url: '/api/rules?limit=100', headers: bearer(f.tokens.ops) });
  assert.equal(listed.statusCode, 200, listed.body);
  const names = listed.json().items.map((r: { name: string }) => r.name);
  assert.ok(names.includes('Handoff sent: the CSM reviews it'), 'the migrated rule reads like any other');

  // The migrated rules work: the win gives the AE the review.
  const opp = await createOpportunity(
    deps(),
    { workspaceId: f.workspace.id, actor: f.users.sales.actor },
    {
      name: 'Migrated deal',
      accountId: f.account.id,
      amountMinor: 500_000,
      currency: 'EUR',
      ownerId: f.users.sales.id,
    },
  );
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await drain();
  assert.deepEqual(
    reviews(await myTasks(await signIn(f, 'sales'))).map((t) => t.title),
    ['Review the handoff brief of Migrated deal'],
  );
});

test('a project owner is told once when given the project, by the template on the win or by a person', async () => {
  const f = await workspace();
  await addDelivery(deps(), f);
  const win = await inject({
    method: 'POST',
    url: `/api/opportunities/${f.opportunity.id}/win`,
    headers: bearer(f.tokens.sales),
    payload: { closeDate: '2026-11-27' },
  });
  assert.equal(win.statusCode, 200, win.body);
  await drain();
  const project = (await inject({ method: 'GET', url: `/api/projects?opportunityId=${f.opportunity.id}`, headers: bearer(f.tokens.ops) })).json().items[0];
  assert.ok(project?.owner, 'the project has an owner');
  const told = (userId: string) =>
    db()
      .selectFrom('notifications')
      .select(['title', 'subject_type', 'subject_id'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'project_owner')
      .execute();
  const first = await told(project.owner.id);
  assert.deepEqual(first, [{ title: `You own the project ${project.name}`, subject_type: 'project', subject_id: project.id }]);

  // Taken away and given back: the same person is not told twice.
  const owner = project.owner.id as string;
  for (const ownerId of [null, owner]) {
    const res = await inject({ method: 'PATCH', url: `/api/projects/${project.id}`, headers: bearer(f.tokens.ops), payload: { ownerId } });
    assert.equal(res.statusCode, 200, res.body);
  }
  assert.equal((await told(owner)).length, 1);

  // Someone else given it hears of it.
  const other = owner === f.users.pm.id ? f.users.cs.id : f.users.pm.id;
  const moved = await inject({ method: 'PATCH', url: `/api/projects/${project.id}`, headers: bearer(f.tokens.ops), payload: { ownerId: other } });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal((await told(other)).length, 1);
  const inbox = await asPerson(await signIn(f, other === f.users.pm.id ? 'pm' : 'cs'), 'GET', '/api/notifications');
  assert.equal(inbox.statusCode, 200, inbox.body);
  assert.ok(
    inbox.json().items.some((n: { title: string }) => n.title === `You own the project ${project.name}`),
    'the new owner finds it among their notifications',
  );
});

test("a brief naming another CSM than the account's: that CSM is told and gets the review task; the account's CSM gets neither", async () => {
  const f = await workspace();
  const ctx = { workspaceId: f.workspace.id, actor: f.users.sales.actor };
  const briefCsm = await createUser(deps(), ctx, {
    email: `cs2@${f.workspace.slug}.test`,
    name: 'Second CSM',
    role: 'cs',
    password: 'correct horse battery',
  });
  const opp = await createOpportunity(deps(), ctx, {
    name: 'Kiosk pilot',
    accountId: f.account.id,
    amountMinor: 800_000,
    currency: 'EUR',
    ownerId: f.users.sales.id,
  });
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await drain();
  const ae = await signIn(f, 'sales');
  const brief = (await asPerson(ae, 'GET', `/api/opportunities/${opp.id}/brief`)).json();
  const assigned = await inject({ method: 'PATCH', url: `/api/briefs/${brief.id}`, headers: bearer(f.tokens.ops), payload: { csmId: briefCsm.id } });
  assert.equal(assigned.statusCode, 200, assigned.body);

  const sent = await asPerson(ae, 'POST', `/api/briefs/${brief.id}/submit`);
  assert.equal(sent.statusCode, 200, sent.body);
  await drain();
  const title = 'Handoff to review: Kiosk pilot';
  assert.equal((await notificationsOf(briefCsm.id, title)).length, 1, "the brief's CSM is told");
  assert.deepEqual(await notificationsOf(f.users.cs.id, title), [], "the account's CSM is not told of a review that is not theirs");
  const owners = await db().selectFrom('tasks').select('owner_id').where('opportunity_id', '=', opp.id).where('assignment', '=', 'handoff_csm').execute();
  assert.deepEqual(
    owners.map((t) => t.owner_id),
    [briefCsm.id],
    'the review task is with the CSM who was told',
  );
});

test("the AE's review completed by sending the brief, and the CSM's by returning it, each emit task.completed as a click does", async () => {
  const f = await workspace();
  const ctx = { workspaceId: f.workspace.id, actor: f.users.sales.actor };
  const opp = await createOpportunity(deps(), ctx, {
    name: 'Fleet rollout',
    accountId: f.account.id,
    amountMinor: 900_000,
    currency: 'EUR',
    ownerId: f.users.sales.id,
  });
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await drain();
  const [ae, csm] = [await signIn(f, 'sales'), await signIn(f, 'cs')];
  const completedEvents = (taskId: string) =>
    db()
      .selectFrom('outbox_events')
      .select(['type', 'subject_type', 'payload'])
      .where('workspace_id', '=', f.workspace.id)
      .where('type', '=', 'task.completed')
      .where('subject_id', '=', taskId)
      .execute();

  const aeTask = reviews(await myTasks(ae))[0]!;
  assert.deepEqual(await completedEvents(aeTask.id), [], 'no event while the review is open');
  const brief = (await asPerson(ae, 'GET', `/api/opportunities/${opp.id}/brief`)).json();
  const sent = await asPerson(ae, 'POST', `/api/briefs/${brief.id}/submit`);
  assert.equal(sent.statusCode, 200, sent.body);
  const aeEvents = await completedEvents(aeTask.id);
  assert.equal(aeEvents.length, 1, "sending the brief completes the AE's review task with its event");
  const payload = aeEvents[0]!.payload as Record<string, unknown>;
  assert.equal(aeEvents[0]!.subject_type, 'task');
  assert.equal(payload.opportunityId, opp.id);
  assert.equal(payload.title, 'Review the handoff brief of Fleet rollout');
  assert.equal(payload.actor, f.users.sales.actor.label);

  await drain();
  const csmTask = reviews(await myTasks(csm))[0]!;
  // Returning it settles the CSM's review as accepting does (the same step; this brief has open gates to accept).
  const returned = await asPerson(csm, 'POST', `/api/briefs/${brief.id}/return`, { questions: [{ text: 'Who signs off the pilot?' }] });
  assert.equal(returned.statusCode, 200, returned.body);
  assert.equal((await completedEvents(csmTask.id)).length, 1, "returning the brief completes the CSM's review task with its event");
  assert.equal((await completedEvents(aeTask.id)).length, 1, "the AE's task, open again, has emitted nothing more");
});

test("migration 0018 points existing workspaces' CSM review notification at the brief's CSM, as a new version, once", async () => {
  const f = await workspace();
  const ruleOf = () =>
    db()
      .selectFrom('rules')
      .select(['id', 'version', 'definition'])
      .where('workspace_id', '=', f.workspace.id)
      .where('key', '=', 'handoff-submitted-tell-csm')
      .executeTakeFirstOrThrow();
  const recipientOf = (definition: unknown) => (definition as { actions: { params: { recipientType?: string } }[] }).actions[0]!.params.recipientType;
  const fresh = await ruleOf();
  assert.equal(recipientOf(fresh.definition), 'handoff_csm', 'a new workspace has it from the start');

  // A workspace from before: the rule as migration 0016 wrote it.
  await db()
    .updateTable('rules')
    .set({ definition: sql`jsonb_set(definition, '{actions,0,params,recipientType}', '"account_csm"')` })
    .where('id', '=', fresh.id)
    .execute();
  await csmRecipientMigration.up(db());
  await csmRecipientMigration.up(db());
  const migrated = await ruleOf();
  assert.equal(recipientOf(migrated.definition), 'handoff_csm');
  assert.equal(migrated.version, fresh.version + 1, 'one new version, however often the migration runs');
  const versions = await inject({ method: 'GET', url: `/api/rules/${fresh.id}`, headers: bearer(f.tokens.ops) });
  assert.equal(versions.statusCode, 200, versions.body);
  assert.equal(versions.json().version, fresh.version + 1, 'the rule reads at its new version');
});
