// The traction gate: delivery people join a deal only once it shows the signals the workspace requires (a stage
// reached, a meeting held, the budget confirmed); before it, assigning them is refused with the reason, a rule's task
// for a delivery role is not assigned and says why, and a trial task is the explicit way in, accepted or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRule } from '../src/flows/rules.flow.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;
let techLead: { id: string };

setUp(async () => {
  f = await workspace();
  const delivery = await addDelivery(deps(), f, { rule: false });
  // The IT team role's people are ops users: delivery people because they are on the roster.
  techLead = delivery.people.it2;
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, token = f.tokens.admin) =>
  inject({ method, url, headers: bearer(token), ...(payload !== undefined && { payload }) });

const setGate = async (signals: string[], stagePosition: number | null = null) => {
  const res = await call('PUT', '/api/settings/traction-gate', { signals, stagePosition }, f.tokens.ops);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};
const addTask = (dealId: string, body: Record<string, unknown>, token = f.tokens.sales) =>
  call('POST', `/api/opportunities/${dealId}/tasks`, { title: 'Scope the integration', dueDate: '2026-12-18', ...body }, token);
const traction = async (dealId: string) => (await call('GET', `/api/opportunities/${dealId}`)).json().traction;

test('with the gate off (the default), a delivery person is given a deal task as before', async () => {
  assert.deepEqual((await call('GET', '/api/settings/traction-gate')).json(), { signals: [], stagePosition: null });
  const deal = await addOpportunity(deps(), f);
  const res = await addTask(deal.id, { ownerId: f.users.pm.id });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().owner.id, f.users.pm.id);
  assert.equal(res.json().category, null);
  assert.deepEqual(await traction(deal.id), { gated: false, met: true, missing: [] });
});

test('the gate setting: ops and admins change it, it is audit-logged, and the stage signal needs a stage', async () => {
  assert.equal((await call('PUT', '/api/settings/traction-gate', { signals: ['budget'] }, f.tokens.sales)).statusCode, 403);
  const noStage = await call('PUT', '/api/settings/traction-gate', { signals: ['stage'] }, f.tokens.ops);
  assert.equal(noStage.statusCode, 400, noStage.body);
  assert.equal(noStage.json().error.fields[0].path, 'body:/stagePosition');
  const bad = await call('PUT', '/api/settings/traction-gate', { signals: ['luck'] }, f.tokens.ops);
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(await setGate(['budget', 'stage'], 2), { signals: ['stage', 'budget'], stagePosition: 2 });
  const audit = (await call('GET', `/api/audit?entityId=${f.workspace.id}`)).json().items;
  const entry = audit.find((e: { action: string }) => e.action === 'traction_gate.updated');
  assert.ok(entry, 'the change is in the audit log');
  assert.deepEqual(entry.after, { signals: ['stage', 'budget'], stagePosition: 2 });
  await setGate([]);
});

test('stage signal: a delivery person is refused on a deal before the stage and accepted once it is reached', async () => {
  await setGate(['stage'], 2); // "Proposal" in the fixture's pipeline
  const deal = await addOpportunity(deps(), f);
  const refused = await addTask(deal.id, { ownerId: f.users.pm.id });
  assert.equal(refused.statusCode, 409, refused.body);
  assert.equal(refused.json().error.code, 'task.traction_not_met');
  assert.equal(refused.json().error.fields[0].path, 'body:/ownerId');
  assert.match(refused.json().error.fields[0].message, /pm person is a delivery person and joins this deal once the deal reaches "Proposal"/);
  // An ops user on the roster (IT) is a delivery person too; a sales person is not.
  assert.equal((await addTask(deal.id, { ownerId: techLead.id })).statusCode, 409);
  assert.equal((await addTask(deal.id, { ownerId: f.users.sales.id })).statusCode, 201);
  assert.deepEqual(await traction(deal.id), { gated: true, met: false, missing: ['the deal reaches "Proposal"'] });

  const proposal = f.stages.find((s) => s.name === 'Proposal')!;
  assert.equal((await call('POST', `/api/opportunities/${deal.id}/stage`, { stageId: proposal.id }, f.tokens.sales)).statusCode, 200);
  assert.equal((await addTask(deal.id, { ownerId: f.users.pm.id })).statusCode, 201);
  assert.deepEqual(await traction(deal.id), { gated: true, met: true, missing: [] });
});

test('meeting signal: a meeting logged on the deal (not a note) lets delivery people join', async () => {
  await setGate(['meeting']);
  const deal = await addOpportunity(deps(), f);
  const log = (kind: string) =>
    call('POST', '/api/activities', { kind, body: `${kind} with the buyer`, opportunityId: deal.id, occurredAt: '2026-01-05T10:00:00Z' }, f.tokens.sales);
  assert.equal((await log('note')).statusCode, 201);
  const refused = await addTask(deal.id, { ownerId: f.users.cs.id });
  assert.equal(refused.statusCode, 409);
  assert.match(refused.json().error.message, /a meeting with the client is held/);
  assert.equal((await log('meeting')).statusCode, 201);
  assert.equal((await addTask(deal.id, { ownerId: f.users.cs.id })).statusCode, 201);
});

test('budget signal: giving an existing task to a delivery person is refused until the budget is confirmed on the deal', async () => {
  await setGate(['budget']);
  const deal = await addOpportunity(deps(), f);
  const task = (await addTask(deal.id, { ownerId: f.users.sales.id })).json();
  const refused = await call('PATCH', `/api/tasks/${task.id}`, { ownerId: f.users.pm.id }, f.tokens.ops);
  assert.equal(refused.statusCode, 409, refused.body);
  assert.deepEqual(refused.json().error.fields, [
    { path: 'body:/ownerId', message: 'pm person is a delivery person and joins this deal once the budget is confirmed' },
  ]);
  assert.equal((await call('GET', `/api/tasks/${task.id}`)).json().owner.id, f.users.sales.id, 'the task keeps its owner');

  const confirmed = await call('PATCH', `/api/opportunities/${deal.id}`, { budgetConfirmed: true }, f.tokens.sales);
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  assert.equal(confirmed.json().budgetConfirmed, true);
  const audit = (await call('GET', `/api/audit?entityId=${deal.id}`)).json().items;
  assert.ok(audit.some((e: { action: string; after: Record<string, unknown> }) => e.action === 'opportunity.updated' && e.after.budgetConfirmed === true));
  const moved = await call('PATCH', `/api/tasks/${task.id}`, { ownerId: f.users.pm.id }, f.tokens.ops);
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().owner.id, f.users.pm.id);
});

test('several signals: every missing one is named, and a won deal is past the gate', async () => {
  await setGate(['stage', 'meeting', 'budget'], 2);
  const deal = await addOpportunity(deps(), f);
  const gate = (await call('GET', `/api/opportunities/${deal.id}/traction`)).json();
  assert.equal(gate.met, false);
  assert.deepEqual(gate.missing, ['the deal reaches "Proposal"', 'a meeting with the client is held', 'the budget is confirmed']);
  const refused = await addTask(deal.id, { ownerId: f.users.pm.id });
  assert.match(refused.json().error.fields[0].message, /reaches "Proposal", a meeting with the client is held and the budget is confirmed$/);
  assert.equal((await call('POST', `/api/opportunities/${deal.id}/win`, {}, f.tokens.sales)).statusCode, 200);
  assert.deepEqual(await traction(deal.id), { gated: true, met: true, missing: [] });
  assert.equal((await addTask(deal.id, { ownerId: f.users.pm.id })).statusCode, 201);
});

test("a rule's task for a delivery role before the signal assigns nobody and its run says why; after it, the task is made", async () => {
  await setGate(['budget']);
  const ctx = { workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'test' } };
  const rule = await createRule(deps(), ctx, {
    key: 'proposal-technical-review',
    name: 'Proposal: involve IT',
    trigger: { type: 'event', event: 'deal.stage_changed', toStage: 'Proposal' },
    actions: [{ key: 'review', type: 'create_task', params: { title: 'Technical review for {{deal.name}}', role: 'it', dueInBusinessDays: 2 } }],
  });
  const gate = (await call('GET', `/api/opportunities/${f.opportunity.id}/traction`)).json();
  assert.deepEqual(
    gate.rules.map((r: { ruleName: string; roleName: string; when: string; event: string; trigger: string; condition: unknown }) => [
      r.ruleName,
      r.roleName,
      r.when,
      r.event,
      r.trigger,
      r.condition,
    ]),
    [['Proposal: involve IT', 'IT', 'when deal stage becomes Proposal', 'deal.stage_changed', 'when deal stage becomes Proposal', null]],
  );

  const proposal = f.stages.find((s) => s.name === 'Proposal')!;
  const deal = await addOpportunity(deps(), f, 'Gated deal');
  assert.equal((await call('POST', `/api/opportunities/${deal.id}/stage`, { stageId: proposal.id }, f.tokens.sales)).statusCode, 200);
  await drain();
  const runs = (await call('GET', `/api/runs?ruleId=${rule.id}&subjectId=${deal.id}`, undefined, f.tokens.ops)).json().items;
  assert.equal(runs.length, 1);
  const detail = (await call('GET', `/api/runs/${runs[0].id}`, undefined, f.tokens.ops)).json();
  assert.equal(detail.steps[0].status, 'skipped');
  assert.match(
    detail.steps[0].summary,
    /^"Technical review for Gated deal" not assigned: .+ is a delivery person and joins this deal once the budget is confirmed; made once the traction is met$/,
  );
  const tasks = (await call('GET', `/api/tasks?opportunityId=${deal.id}&status=all`)).json().items;
  assert.equal(tasks.length, 0, 'nobody was assigned');

  // Held, not lost: when the buyer confirms the budget, the held step runs again and makes the task, once.
  assert.equal((await call('PATCH', `/api/opportunities/${deal.id}`, { budgetConfirmed: true }, f.tokens.sales)).statusCode, 200);
  await drain();
  const released = (await call('GET', `/api/tasks?opportunityId=${deal.id}&status=all`)).json().items;
  assert.deepEqual(
    released.map((t: { title: string }) => t.title),
    ['Technical review for Gated deal'],
  );
  const after = (await call('GET', `/api/runs/${runs[0].id}`, undefined, f.tokens.ops)).json();
  assert.deepEqual([after.status, after.steps[0].status], ['succeeded', 'succeeded']);
  assert.equal((await call('GET', `/api/runs?ruleId=${rule.id}&subjectId=${deal.id}`, undefined, f.tokens.ops)).json().items.length, 1, 'the same run');
  // Another signal later changes nothing.
  await call('PATCH', `/api/opportunities/${deal.id}`, { budgetConfirmed: false }, f.tokens.sales);
  await call('PATCH', `/api/opportunities/${deal.id}`, { budgetConfirmed: true }, f.tokens.sales);
  await drain();
  assert.equal((await call('GET', `/api/tasks?opportunityId=${deal.id}&status=all`)).json().items.length, 1);

  // A gate turned off lets through what it held.
  const other = await addOpportunity(deps(), f, 'Held then gate off');
  await call('POST', `/api/opportunities/${other.id}/stage`, { stageId: proposal.id }, f.tokens.sales);
  await drain();
  assert.equal((await call('GET', `/api/tasks?opportunityId=${other.id}&status=all`)).json().items.length, 0);
  await setGate([]);
  await drain();
  assert.deepEqual(
    (await call('GET', `/api/tasks?opportunityId=${other.id}&status=all`)).json().items.map((t: { title: string }) => t.title),
    ['Technical review for Held then gate off'],
  );
  await setGate(['budget']);

  // With the budget confirmed, the same rule on another deal makes its task.
  const ready = await addOpportunity(deps(), f, 'Ready deal');
  await call('PATCH', `/api/opportunities/${ready.id}`, { budgetConfirmed: true }, f.tokens.sales);
  await call('POST', `/api/opportunities/${ready.id}/stage`, { stageId: proposal.id }, f.tokens.sales);
  await drain();
  const made = (await call('GET', `/api/tasks?opportunityId=${ready.id}`)).json().items;
  assert.deepEqual(
    made.map((t: { title: string }) => t.title),
    ['Technical review for Ready deal'],
  );
});

test('a trial task goes to a delivery person before the gate, and is completed with its acceptance', async () => {
  await setGate(['budget']);
  const deal = await addOpportunity(deps(), f, 'Trial deal');
  const noCriteria = await addTask(deal.id, { ownerId: f.users.pm.id, trial: true });
  assert.equal(noCriteria.statusCode, 400);
  assert.equal(noCriteria.json().error.fields[0].path, 'body:/acceptanceCriteria');
  const created = await addTask(deal.id, {
    title: 'Pilot import of 100 orders',
    ownerId: f.users.pm.id,
    trial: true,
    acceptanceCriteria: 'The 100 orders import without errors',
  });
  assert.equal(created.statusCode, 201, created.body);
  const trial = created.json();
  assert.equal(trial.category, 'trial');
  assert.equal(trial.owner.id, f.users.pm.id);
  assert.equal(trial.acceptanceCriteria, 'The 100 orders import without errors');
  const trials = (await call('GET', `/api/tasks?opportunityId=${deal.id}&category=trial`)).json().items;
  assert.deepEqual(
    trials.map((t: { id: string }) => t.id),
    [trial.id],
  );

  const done = await call('PATCH', `/api/tasks/${trial.id}`, { status: 'done' }, f.tokens.pm);
  assert.equal(done.statusCode, 400);
  assert.equal(done.json().error.code, 'task.needs_acceptance');
  const noNote = await call('POST', `/api/tasks/${trial.id}/complete`, { acceptance: 'not_accepted' }, f.tokens.pm);
  assert.equal(noNote.statusCode, 400);
  assert.equal(noNote.json().error.fields[0].path, 'body:/note');
  const accepted = await call('POST', `/api/tasks/${trial.id}/complete`, { acceptance: 'accepted', note: 'All 100 in, 2 warnings' }, f.tokens.pm);
  assert.equal(accepted.statusCode, 200, accepted.body);
  assert.equal(accepted.json().status, 'done');
  assert.equal(accepted.json().result, 'accepted');
  assert.equal(accepted.json().acceptanceNote, 'All 100 in, 2 warnings');
  assert.equal((await call('POST', `/api/tasks/${trial.id}/complete`, { acceptance: 'accepted' }, f.tokens.pm)).statusCode, 409);

  const events = await db().selectFrom('outbox_events').select('type').where('subject_id', '=', trial.id).orderBy('id').execute();
  assert.deepEqual(
    events.map((e) => e.type),
    ['task.completed', 'trial.accepted'],
  );
  const audit = (await call('GET', `/api/audit?entityId=${trial.id}`)).json().items;
  const completed = audit.find((e: { action: string }) => e.action === 'task.completed');
  assert.deepEqual({ acceptance: completed.after.acceptance, note: completed.after.note }, { acceptance: 'accepted', note: 'All 100 in, 2 warnings' });
  // The gate still holds for ordinary tasks on the deal.
  assert.equal((await addTask(deal.id, { ownerId: f.users.pm.id })).statusCode, 409);
  // Another task's completion takes no acceptance.
  const plain = (await addTask(deal.id, { ownerId: f.users.sales.id })).json();
  const wrong = await call('POST', `/api/tasks/${plain.id}/complete`, { acceptance: 'accepted' }, f.tokens.sales);
  assert.equal(wrong.statusCode, 400);
  await setGate([]);
});
