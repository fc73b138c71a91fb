// A won deal becomes a delivery project: tasks from the template with owners and due dates, once, however often the win is replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { winDeal, reopenDeal } from '../src/flows/close-deal.flow.ts';
import { dispatchEvent } from '../src/engine/dispatch.ts';
import { listWarnings } from '../src/flows/warnings.flow.ts';
import * as unplannedWinsMigration from '../src/adapters/db/migrations/0020-unplanned-wins.ts';
import * as awaitingProjectMigration from '../src/adapters/db/migrations/0046-awaiting-project.ts';
import { runsFor } from './helpers/db.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, database, db, deps, automation, drain, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
});

const count = async (table: 'projects' | 'tasks' | 'project_deals' | 'notifications' | 'rule_runs', column: string, value: string) =>
  (
    await db()
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as('n'))
      .where(sql.ref(column), '=', value)
      .executeTakeFirstOrThrow()
  ).n;

test('winning a deal in the API builds its project: every task has an owner and a due date and links to its project, deal, account and run', async () => {
  const win = await inject({
    method: 'POST',
    url: `/api/opportunities/${f.opportunity.id}/win`,
    headers: bearer(f.tokens.sales),
    payload: { closeDate: '2026-11-27' },
  });
  assert.equal(win.statusCode, 200, win.body);
  await drain();

  const list = await inject({ method: 'GET', url: `/api/projects?opportunityId=${f.opportunity.id}`, headers: bearer(f.tokens.cs) });
  assert.equal(list.statusCode, 200);
  assert.equal(list.json().items.length, 1);
  const summary = list.json().items[0];
  assert.equal(summary.template.name, 'Onboarding');
  assert.equal(summary.taskCounts.total, 3, 'the architecture review is only for complex deals');

  const res = await inject({ method: 'GET', url: `/api/projects/${summary.id}`, headers: bearer(f.tokens.cs) });
  assert.equal(res.statusCode, 200);
  const project = res.json();
  assert.deepEqual(project.deal, {
    amountMinor: 1_250_000,
    currency: 'EUR',
    closeDate: '2026-11-27',
    dealType: 'new_business',
    complexity: 'simple',
    stage: 'Won',
  });
  assert.equal(project.owner.name, 'pm person', 'the project lead with the fewest open tasks owns the project');
  const byTitle = Object.fromEntries(project.tasks.map((t: { title: string }) => [t.title, t]));
  // Closed on Friday 27 November: day 1 is Monday 30 November.
  assert.equal(byTitle['Send the welcome e-mail'].dueDate, '2026-11-30');
  assert.equal(byTitle['Send the welcome e-mail'].owner.name, 'cs person', "the account manager is the account's CSM");
  assert.equal(byTitle['Create access credentials'].dueDate, '2026-12-01');
  assert.equal(byTitle['Hold the kickoff call'].dueDate, '2026-12-02');
  assert.deepEqual(byTitle['Hold the kickoff call'].dependsOn, [byTitle['Send the welcome e-mail'].id]);
  assert.deepEqual(
    project.phases[0].milestones.map((m: { name: string; dueDate: string }) => [m.name, m.dueDate]),
    [['Kicked off', '2026-12-02']],
  );
  for (const task of project.tasks) {
    assert.ok(task.owner && task.dueDate, `${task.title} has an owner and a due date`);
    assert.notEqual(task.owner.id, f.users.sales.id, 'the sales rep gets no delivery task');
    assert.equal(task.project.id, project.id);
    assert.equal(task.opportunity.id, f.opportunity.id);
    assert.equal(task.account.id, f.account.id);
    assert.equal(task.origin.ruleName, 'Won deal: create the project');
  }

  const run = await inject({ method: 'GET', url: `/api/runs/${project.tasks[0].origin.runId}`, headers: bearer(f.tokens.cs) });
  assert.equal(run.statusCode, 200);
  assert.equal(run.json().status, 'succeeded');
  assert.equal(run.json().rule.version, 1);
  assert.match(run.json().trigger.label, /moved to Won/);
  assert.deepEqual(
    run.json().steps.map((s: { key: string; status: string; attempts: number }) => [s.key, s.status, s.attempts]),
    [['project', 'succeeded', 1]],
  );
  assert.ok(run.json().created.some((c: { type: string; id: string }) => c.type === 'project' && c.id === project.id));
  assert.ok(run.json().created.some((c: { type: string; label: string }) => c.type === 'task' && c.label === 'Hold the kickoff call'));
});

test('replaying deal.won 10 times, and 10 times at once, and re-winning the deal, yields one project and one set of tasks', async () => {
  const opp = await addOpportunity(deps(), f, 'Replayed deal');
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  const worker = automation();
  await worker.drain();
  const projects = await count('projects', 'opportunity_id', opp.id);
  const tasks = await count('tasks', 'opportunity_id', opp.id);
  const runs = await runsFor(database(), opp.id);
  assert.deepEqual(
    [projects, tasks, runs],
    [1, 3, 5],
    'one project, three tasks, one run per rule (activate, notify, brief, project, and the review, skipped: the deal has no owner to review it)',
  );
  const event = await db().selectFrom('outbox_events').selectAll().where('subject_id', '=', opp.id).where('type', '=', 'deal.won').executeTakeFirstOrThrow();
  // Replayed one after another: the outbox delivers the same event again.
  for (let i = 0; i < 10; i++) {
    await db()
      .updateTable('outbox_events')
      .set({ status: 'pending', next_attempt_at: sql`now()`, locked_by: null, locked_until: null })
      .where('id', '=', event.id)
      .execute();
    await worker.drain();
  }
  // Replayed at once: ten deliveries of the event racing, and two runners draining.
  const asEvent = {
    id: event.id,
    workspaceId: event.workspace_id,
    type: event.type,
    subjectType: event.subject_type,
    subjectId: event.subject_id,
    payload: event.payload,
  } as Parameters<typeof dispatchEvent>[1];
  await Promise.all(
    Array.from({ length: 10 }, () =>
      db()
        .transaction()
        .execute((tx) => dispatchEvent(tx, asEvent, new Date())),
    ),
  );
  await Promise.all([drain(), drain()]);
  // Reopened and won again: a new deal.won, the same rule version and deal.
  await reopenDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await worker.drain();
  assert.equal(await count('projects', 'opportunity_id', opp.id), 1);
  assert.equal(await count('project_deals', 'opportunity_id', opp.id), 1);
  assert.equal(await count('tasks', 'opportunity_id', opp.id), 3);
  assert.equal(await runsFor(database(), opp.id), 5);
  const opsNotes = await db()
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('subject_id', '=', opp.id)
    .where('user_id', '=', f.users.ops.id)
    .executeTakeFirstOrThrow();
  assert.equal(opsNotes.n, 1, 'Operations heard about the win once');
});

test('due dates follow the workspace calendar: won on Christmas Eve in Auckland, the first task is due after the holidays', async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  const ctx = bearer(fx.tokens.admin);
  const calendar = await inject({
    method: 'PUT',
    url: '/api/calendar',
    headers: ctx,
    payload: {
      timeZone: 'Pacific/Auckland',
      businessDays: [1, 2, 3, 4, 5],
      holidays: [
        { date: '2026-12-25', name: 'Christmas Day' },
        { date: '2026-12-28', name: 'Boxing Day (observed)' },
        { date: '2027-01-01', name: "New Year's Day" },
      ],
    },
  });
  assert.equal(calendar.statusCode, 200, calendar.body);
  // 20:00 UTC on Wednesday 23 December is already Thursday the 24th in Auckland.
  const now = () => new Date('2026-12-23T20:00:00Z');
  await winDeal(deps({ now }), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
  await automation({ now }).drain();
  const tasks = await db()
    .selectFrom('tasks')
    .select(['template_key', 'due_date'])
    .where('opportunity_id', '=', fx.opportunity.id)
    .where('project_id', 'is not', null)
    .orderBy('position')
    .execute();
  assert.deepEqual(
    tasks.map((t) => [t.template_key, t.due_date]),
    [
      ['welcome', '2026-12-29'], // day 1 after the 24th: 25th holiday, 26-27 weekend, 28th holiday
      ['access', '2026-12-30'],
      ['kickoff', '2026-12-31'],
    ],
  );
});

test('a pipeline set to manual leaves the project to a person: the rule skips, a warning shows, and "create project" works once', async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  const patch = await inject({
    method: 'PATCH',
    url: `/api/pipelines/${fx.pipelineId}`,
    headers: bearer(fx.tokens.ops),
    payload: { projectCreation: 'manual' },
  });
  assert.equal(patch.statusCode, 200, patch.body);
  assert.equal(patch.json().projectCreation, 'manual');
  const before = await inject({ method: 'GET', url: `/api/opportunities/${fx.opportunity.id}/project-status`, headers: bearer(fx.tokens.pm) });
  assert.deepEqual([before.json().canCreate, before.json().reason], [false, 'A project is created once the deal is won']);
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
  await drain();
  assert.equal(await count('projects', 'opportunity_id', fx.opportunity.id), 0);
  const runs = await inject({ method: 'GET', url: `/api/runs?subjectId=${fx.opportunity.id}`, headers: bearer(fx.tokens.ops) });
  const projectRun = runs.json().items.find((r: { rule: { name: string } }) => r.rule.name === 'Won deal: create the project');
  const detail = await inject({ method: 'GET', url: `/api/runs/${projectRun.id}`, headers: bearer(fx.tokens.ops) });
  assert.equal(detail.json().steps[0].status, 'skipped');
  assert.match(detail.json().steps[0].summary, /creates projects by hand/);

  const opsWarnings = await inject({ method: 'GET', url: '/api/warnings', headers: bearer(fx.tokens.ops) });
  assert.ok(
    opsWarnings.json().items.some((w: { kind: string; subject: { id: string } }) => w.kind === 'client_without_project' && w.subject.id === fx.opportunity.id),
    'Operations see it',
  );
  const forOwner = await listWarnings(db(), fx.workspace.id, { userId: fx.users.sales.id, role: 'sales' }, new Date());
  assert.ok(
    forOwner.some((w) => w.kind === 'client_without_project' && w.subject.id === fx.opportunity.id),
    'the deal owner sees it',
  );
  const forOther = await listWarnings(db(), fx.workspace.id, { userId: fx.users.finance.id, role: 'finance' }, new Date());
  assert.ok(!forOther.some((w) => w.subject.id === fx.opportunity.id), 'others do not');
  const status = await inject({ method: 'GET', url: `/api/opportunities/${fx.opportunity.id}/project-status`, headers: bearer(fx.tokens.pm) });
  assert.deepEqual([status.json().creation, status.json().canCreate, status.json().suggestedTemplate.name], ['manual', true, 'Onboarding']);
  assert.equal(
    (await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/project`, headers: bearer(fx.tokens.sales) })).statusCode,
    403,
    'sales does not create delivery projects',
  );
  const created = await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/project`, headers: bearer(fx.tokens.pm) });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().tasks.length, 3);
  assert.ok(created.json().tasks.every((t: { owner: unknown; dueDate: unknown; origin: unknown }) => t.owner && t.dueDate && t.origin === null));
  const again = await inject({ method: 'POST', url: `/api/opportunities/${fx.opportunity.id}/project`, headers: bearer(fx.tokens.pm) });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'project.exists');
  const open = await addOpportunity(deps(), fx, 'Still open');
  const notWon = await inject({ method: 'POST', url: `/api/opportunities/${open.id}/project`, headers: bearer(fx.tokens.pm) });
  assert.equal(notWon.json().error.code, 'opportunity.not_won');
  const warnings = await inject({ method: 'GET', url: '/api/warnings', headers: bearer(fx.tokens.ops) });
  assert.ok(!warnings.json().items.some((w: { subject: { id: string } }) => w.subject.id === fx.opportunity.id), 'the warning is gone once the project exists');

  // What each win keeps (planned_at) is what migration 0020 computes from the project links alone; 0046 then flags
  // the wins still waiting from it.
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: open.id, actor: fx.users.sales.actor });
  await drain();
  const unplanned = async () =>
    (await listWarnings(db(), fx.workspace.id, { userId: fx.users.ops.id, role: 'ops' }, new Date()))
      .filter((w) => w.kind === 'client_without_project')
      .map((w) => w.subject.id);
  const kept = await unplanned();
  assert.ok(kept.includes(open.id) && !kept.includes(fx.opportunity.id), JSON.stringify(kept));
  await awaitingProjectMigration.down(db());
  await unplannedWinsMigration.down(db());
  await unplannedWinsMigration.up(db());
  await awaitingProjectMigration.up(db());
  assert.deepEqual((await unplanned()).sort(), kept.sort());
});

test("a won upsell adds its phases to the customer's open project when the template says so", async () => {
  const fx = await workspace();
  const { people } = await addDelivery(deps(), fx);
  const ctx = bearer(fx.tokens.admin);
  const upsellTemplate = {
    key: 'expansion',
    name: 'Expansion',
    dealType: 'upsell',
    upsellMode: 'add_to_existing',
    definition: {
      ownerRole: 'project_lead',
      phases: [
        {
          key: 'expansion',
          name: 'Expansion',
          groups: [{ name: 'Add-on', tasks: [{ key: 'provision', title: 'Provision the add-on', role: 'it', due: { from: 'close_date', days: 2 } }] }],
        },
      ],
    },
  };
  assert.equal((await inject({ method: 'POST', url: '/api/templates', headers: ctx, payload: upsellTemplate })).statusCode, 201);
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
  await drain();
  const upsell = await addOpportunity(deps(), fx, 'Analytics add-on');
  await db().updateTable('opportunities').set({ deal_type: 'upsell' }).where('id', '=', upsell.id).execute();
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: upsell.id, actor: fx.users.sales.actor });
  await drain();

  const original = (await inject({ method: 'GET', url: `/api/projects?opportunityId=${fx.opportunity.id}`, headers: ctx })).json().items[0];
  const viaUpsell = (await inject({ method: 'GET', url: `/api/projects?opportunityId=${upsell.id}`, headers: ctx })).json().items;
  assert.deepEqual(
    viaUpsell.map((p: { id: string }) => p.id),
    [original.id],
    'the upsell did not create a second project',
  );
  const project = (await inject({ method: 'GET', url: `/api/projects/${original.id}`, headers: ctx })).json();
  assert.deepEqual(
    project.phases.map((p: { name: string }) => p.name),
    ['Start', 'Expansion'],
  );
  assert.deepEqual(
    project.deals.map((d: { name: string }) => d.name),
    ['Acme rollout', 'Analytics add-on'],
  );
  const provision = project.tasks.find((t: { title: string }) => t.title === 'Provision the add-on');
  assert.equal(provision.opportunity.id, upsell.id);
  assert.ok([fx.users.ops.id, people.it2.id].includes(provision.owner.id));
});

test('completing a task emits task.completed; a rule on it tells the sales rep, once', async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  const rule = await inject({
    method: 'POST',
    url: '/api/rules',
    headers: bearer(fx.tokens.ops),
    payload: {
      key: 'kickoff-held',
      name: 'Kickoff held: tell the rep',
      trigger: { type: 'event', event: 'task.completed' },
      condition: { field: 'task.templateKey', op: 'eq', value: 'kickoff' },
      actions: [
        {
          key: 'tell',
          type: 'notify',
          params: { recipientType: 'deal_owner', channel: 'in_app', title: 'Kickoff held: {{deal.name}}', body: 'Delivery has started for {{account.name}}.' },
        },
      ],
    },
  });
  assert.equal(rule.statusCode, 201, rule.body);
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
  await drain();
  const tasks = (await inject({ method: 'GET', url: `/api/tasks?opportunityId=${fx.opportunity.id}`, headers: bearer(fx.tokens.pm) })).json().items;
  const kickoff = tasks.find((t: { title: string }) => t.title === 'Hold the kickoff call');
  const welcome = tasks.find((t: { title: string }) => t.title === 'Send the welcome e-mail');
  // Finance may work tasks it owns, not others'.
  const forbidden = await inject({ method: 'PATCH', url: `/api/tasks/${welcome.id}`, headers: bearer(fx.tokens.finance), payload: { status: 'done' } });
  assert.equal(forbidden.statusCode, 403);
  // The kickoff depends on the welcome e-mail: that one first.
  const welcomed = await inject({ method: 'PATCH', url: `/api/tasks/${welcome.id}`, headers: bearer(fx.tokens.pm), payload: { status: 'done' } });
  assert.equal(welcomed.statusCode, 200, welcomed.body);
  const done = await inject({ method: 'PATCH', url: `/api/tasks/${kickoff.id}`, headers: bearer(fx.tokens.pm), payload: { status: 'done' } });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().status, 'done');
  await inject({ method: 'PATCH', url: `/api/tasks/${kickoff.id}`, headers: bearer(fx.tokens.pm), payload: { status: 'in_progress' } });
  await inject({ method: 'PATCH', url: `/api/tasks/${kickoff.id}`, headers: bearer(fx.tokens.pm), payload: { status: 'done' } });
  await drain();
  const toRep = await db().selectFrom('notifications').select(['title']).where('user_id', '=', fx.users.sales.id).execute();
  assert.deepEqual(
    toRep.map((n) => n.title),
    ['Kickoff held: Acme rollout'],
    'completed twice, told once (the rule runs once per task)',
  );
  const comment = await inject({
    method: 'POST',
    url: `/api/tasks/${kickoff.id}/comments`,
    headers: bearer(fx.tokens.pm),
    payload: { body: 'Held with their CFO on the call.' },
  });
  assert.equal(comment.statusCode, 201);
  const withComments = await inject({ method: 'GET', url: `/api/tasks/${kickoff.id}`, headers: bearer(fx.tokens.cs) });
  assert.deepEqual(
    withComments.json().comments.map((c: { author: string; body: string }) => [c.author, c.body]),
    [['token pm token', 'Held with their CFO on the call.']],
  );
  const bad = await inject({
    method: 'PATCH',
    url: `/api/tasks/${kickoff.id}`,
    headers: bearer(fx.tokens.pm),
    payload: { status: 'finished', dueDate: '2026-02-30' },
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message + JSON.stringify(bad.json().error.fields), /status/);
});

test('a project with nobody to own it is a warning; a person can give it an owner', async () => {
  const fx = await workspace();
  await addDelivery(deps(), fx);
  // Nobody in the project lead role can take work: the PMs are deactivated.
  await db().updateTable('users').set({ active: false }).where('workspace_id', '=', fx.workspace.id).where('role', '=', 'pm').execute();
  await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
  await automation({ runs: { retryDelayMs: () => 0 } }).drain();
  const runs = (await inject({ method: 'GET', url: `/api/runs?subjectId=${fx.opportunity.id}&status=failed`, headers: bearer(fx.tokens.ops) })).json().items;
  assert.equal(runs.length, 1, 'the kickoff has nobody to own it and no project owner to fall back on: the run fails instead of leaving a task unowned');
  assert.match(runs[0].error, /Nobody can own "Hold the kickoff call"/);
  await db().updateTable('users').set({ active: true }).where('id', '=', fx.users.pm.id).execute();
  const retried = await inject({ method: 'POST', url: `/api/runs/${runs[0].id}/retry`, headers: bearer(fx.tokens.ops) });
  assert.equal(retried.statusCode, 200);
  await drain();
  const project = (await inject({ method: 'GET', url: `/api/projects?opportunityId=${fx.opportunity.id}`, headers: bearer(fx.tokens.ops) })).json().items[0];
  assert.equal(project.owner.id, fx.users.pm.id);
  await inject({ method: 'PATCH', url: `/api/projects/${project.id}`, headers: bearer(fx.tokens.ops), payload: { ownerId: null } });
  const warnings = await listWarnings(db(), fx.workspace.id, { userId: fx.users.sales.id, role: 'sales' }, new Date());
  assert.ok(
    warnings.some((w) => w.kind === 'project_without_owner' && w.subject.id === project.id),
    'the deal owner sees the project without an owner',
  );
  const set = await inject({
    method: 'PATCH',
    url: `/api/projects/${project.id}`,
    headers: bearer(fx.tokens.pm),
    payload: { ownerId: fx.users.pm.id, health: 'at_risk' },
  });
  assert.equal(set.statusCode, 200);
  assert.deepEqual([set.json().owner.id, set.json().health], [fx.users.pm.id, 'at_risk']);
  assert.equal(
    (await inject({ method: 'PATCH', url: `/api/projects/${project.id}`, headers: bearer(fx.tokens.finance), payload: { health: 'on_track' } })).statusCode,
    403,
  );
});

test('projects created side by side give the IT tasks in turns: six deals won at once, three IT tasks each for the two IT people', async () => {
  const g = await workspace();
  await addDelivery(deps(), g);
  const deals = await Promise.all(Array.from({ length: 6 }, (_, i) => addOpportunity(deps(), g, `Side by side ${i + 1}`)));
  await Promise.all(deals.map((d) => winDeal(deps(), { workspaceId: g.workspace.id, opportunityId: d.id, actor: g.users.sales.actor })));
  await drain();

  const owners = await db()
    .selectFrom('tasks')
    .select(['owner_id', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', g.workspace.id)
    .where('role', '=', 'it')
    .groupBy('owner_id')
    .execute();
  assert.equal(
    owners.reduce((sum, o) => sum + o.n, 0),
    6,
    'one IT task per project',
  );
  assert.deepEqual(
    owners.map((o) => o.n),
    [3, 3],
    'each IT person took three turns: no turn was given twice',
  );
});

test('a task cannot be completed while a task it depends on is open, unless the person confirms; the override is recorded', async () => {
  const opp = await addOpportunity(deps(), f, 'Dependencies deal');
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await drain();
  const tasks = (await inject({ method: 'GET', url: `/api/tasks?opportunityId=${opp.id}`, headers: bearer(f.tokens.pm) })).json().items;
  const kickoff = tasks.find((t: { title: string }) => t.title === 'Hold the kickoff call');
  const welcome = tasks.find((t: { title: string }) => t.title === 'Send the welcome e-mail');
  const patch = (id: string, payload: object) => inject({ method: 'PATCH', url: `/api/tasks/${id}`, headers: bearer(f.tokens.pm), payload });

  const blocked = await patch(kickoff.id, { status: 'done' });
  assert.equal(blocked.statusCode, 409, blocked.body);
  assert.equal(blocked.json().error.code, 'task.blocked_by_dependencies');
  assert.match(blocked.json().error.message, /Send the welcome e-mail/);
  assert.deepEqual(blocked.json().error.details.openTasks, [{ id: welcome.id, title: 'Send the welcome e-mail', status: 'todo' }]);
  const still = (await inject({ method: 'GET', url: `/api/tasks/${kickoff.id}`, headers: bearer(f.tokens.pm) })).json();
  assert.equal(still.status, 'todo', 'the refused completion changed nothing');
  // Other changes of a blocked task are not refused.
  assert.equal((await patch(kickoff.id, { status: 'in_progress' })).statusCode, 200);

  const anyway = await patch(kickoff.id, { status: 'done', override: true });
  assert.equal(anyway.statusCode, 200, anyway.body);
  assert.equal(anyway.json().status, 'done');
  const detail = (await inject({ method: 'GET', url: `/api/tasks/${kickoff.id}`, headers: bearer(f.tokens.pm) })).json();
  assert.deepEqual(
    detail.comments.map((c: { body: string }) => c.body),
    ['Completed anyway while "Send the welcome e-mail" was still open.'],
  );
  const audit = await db()
    .selectFrom('audit_log')
    .select(['action', 'after'])
    .where('entity_id', '=', kickoff.id)
    .where('action', '=', 'task.completed')
    .executeTakeFirstOrThrow();
  assert.deepEqual((audit.after as { override: unknown }).override, { openTasks: [{ id: welcome.id, title: 'Send the welcome e-mail', status: 'todo' }] });

  // Once the dependency is done, completing needs no confirmation (and records no override).
  await patch(kickoff.id, { status: 'in_progress' });
  assert.equal((await patch(welcome.id, { status: 'done' })).statusCode, 200);
  assert.equal((await patch(kickoff.id, { status: 'done' })).statusCode, 200);
  const after = (await inject({ method: 'GET', url: `/api/tasks/${kickoff.id}`, headers: bearer(f.tokens.pm) })).json();
  assert.equal(after.comments.length, 1, 'no second override note');
});
