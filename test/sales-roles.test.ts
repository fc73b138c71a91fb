// Sales roles of the team roster: a role's kind is delivery (no sales people; project templates use it) or sales
// (its people may sell). A rule's create_task for a sales role gives the task to its sales people in turn, even with
// the traction gate on; a delivery role still refuses them; a template task may not name a sales role; and a role
// does not switch kind while that would break the rule (sales members, a template using it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../src/flows/identity.flow.ts';
import { createRule } from '../src/flows/rules.flow.ts';
import { testTemplate } from './helpers/fixtures.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;
let seller2: { id: string; name: string };

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f, { rule: false });
  const ctx = { workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'test' } };
  seller2 = await createUser(deps(), ctx, { email: `sally@${f.workspace.slug}.test`, name: 'Sally Seller', role: 'sales' });
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, token = f.tokens.admin) =>
  inject({ method, url, headers: bearer(token), ...(payload !== undefined && { payload }) });

let handoffRoleId = '';

test("a sales role takes sales people, and a rule's create_task for it gives them the task in turn, gate or not", async () => {
  const created = await call('POST', '/api/team/roles', {
    key: 'sales_handoff',
    name: 'Sales handoff',
    kind: 'sales',
    strategy: 'round_robin',
    members: [{ userId: f.users.sales.id, isLead: true }, { userId: seller2.id }],
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().kind, 'sales');
  handoffRoleId = created.json().id;
  const roles = (await call('GET', '/api/team/roles')).json().items;
  assert.deepEqual(
    roles.map((r: { key: string; kind: string }) => [r.key, r.kind]),
    [
      ['account_manager', 'delivery'],
      ['it', 'delivery'],
      ['project_lead', 'delivery'],
      ['sales_handoff', 'sales'],
    ],
  );
  const audit = await db().selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', handoffRoleId).execute();
  assert.deepEqual(
    audit.map((a) => [a.action, (a.after as { kind: string }).kind]),
    [['team_role.created', 'sales']],
  );

  // The traction gate holds delivery people back; sales people are never delivery people, whatever role they are on.
  assert.equal((await call('PUT', '/api/settings/traction-gate', { signals: ['budget'], stagePosition: null }, f.tokens.ops)).statusCode, 200);
  const ctx = { workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'test' } };
  await createRule(deps(), ctx, {
    key: 'proposal-sales-follow-up',
    name: 'Proposal: sales follow-up',
    trigger: { type: 'event', event: 'deal.stage_changed', toStage: 'Proposal' },
    actions: [{ key: 'follow', type: 'create_task', params: { title: 'Follow up on {{deal.name}}', role: 'sales_handoff', dueInBusinessDays: 2 } }],
  });
  const proposal = f.stages.find((s) => s.name === 'Proposal')!;
  const owners: string[] = [];
  for (const name of ['First lead deal', 'Second lead deal']) {
    const deal = await addOpportunity(deps(), f, name);
    assert.equal((await call('POST', `/api/opportunities/${deal.id}/stage`, { stageId: proposal.id }, f.tokens.sales)).statusCode, 200);
    await drain();
    const tasks = (await call('GET', `/api/tasks?opportunityId=${deal.id}`)).json().items;
    assert.deepEqual(
      tasks.map((t: { title: string }) => t.title),
      [`Follow up on ${name}`],
    );
    owners.push(tasks[0].owner.id);
  }
  assert.deepEqual(owners, [f.users.sales.id, seller2.id], 'round robin among the sales people');
  // The gate panel lists only rules that bring delivery people in.
  const gate = (await call('GET', `/api/opportunities/${f.opportunity.id}/traction`)).json();
  assert.deepEqual(gate.rules, []);
  assert.equal((await call('PUT', '/api/settings/traction-gate', { signals: [], stagePosition: null }, f.tokens.ops)).statusCode, 200);
});

test('a delivery role (the default kind) still refuses a sales person, naming them', async () => {
  const refused = await call('POST', '/api/team/roles', {
    key: 'delivery_helper',
    name: 'Delivery helper',
    strategy: 'round_robin',
    members: [{ userId: f.users.ops.id }, { userId: seller2.id }],
  });
  assert.equal(refused.statusCode, 400, refused.body);
  const [issue] = refused.json().error.fields;
  assert.equal(issue.path, 'body:/members/1/userId');
  assert.match(issue.message, /Sally Seller sells: salespeople are not given delivery tasks/);
  const keys = (await call('GET', '/api/team/roles')).json().items.map((r: { key: string }) => r.key);
  assert.ok(!keys.includes('delivery_helper'), 'nothing was stored');
});

test('a project template task or owner with a sales role is refused with the field; an unknown role is left to planning as before', async () => {
  const phase = testTemplate.phases[0]!;
  const group = phase.groups[0]!;
  const definition = {
    ...testTemplate,
    phases: [{ ...phase, groups: [{ ...group, tasks: group.tasks.map((t, i) => (i === 1 ? { ...t, role: 'sales_handoff' } : t)) }] }],
  };
  const refused = await call('POST', '/api/templates', { key: 'sales-task', name: 'Sales task', definition });
  assert.equal(refused.statusCode, 400, refused.body);
  assert.deepEqual(refused.json().error.fields, [
    {
      path: 'body:/definition/phases/0/groups/0/tasks/1/role',
      message: '"sales_handoff" is a sales role; project tasks are delivery work, so use a delivery role',
    },
  ]);
  const owner = await call('POST', '/api/templates', { key: 'sales-owner', name: 'Sales owner', definition: { ...testTemplate, ownerRole: 'sales_handoff' } });
  assert.equal(owner.statusCode, 400, owner.body);
  assert.equal(owner.json().error.fields[0].path, 'body:/definition/ownerRole');

  const templates = (await call('GET', '/api/templates')).json().items;
  const onboarding = templates.find((t: { key: string }) => t.key === 'onboarding');
  const edit = await call('PUT', `/api/templates/${onboarding.id}`, { name: 'Onboarding', dealType: 'new_business', definition });
  assert.equal(edit.statusCode, 400, edit.body);
  assert.equal((await call('GET', `/api/templates/${onboarding.id}`)).json().version, 1, 'the template kept its version');

  const unknown = {
    ...testTemplate,
    phases: [{ ...phase, groups: [{ ...group, tasks: group.tasks.map((t, i) => (i === 1 ? { ...t, role: 'legal_review' } : t)) }] }],
  };
  assert.equal((await call('POST', '/api/templates', { key: 'unknown-role', name: 'Unknown role', definition: unknown })).statusCode, 201);
});

test('a role does not switch kind while sales people are members or a template gives it tasks; a change without kind keeps it', async () => {
  const members = [{ userId: f.users.sales.id, isLead: true }, { userId: seller2.id }];
  const toDelivery = await call('PUT', `/api/team/roles/${handoffRoleId}`, { name: 'Sales handoff', kind: 'delivery', strategy: 'round_robin', members });
  assert.equal(toDelivery.statusCode, 400, toDelivery.body);
  const [issue] = toDelivery.json().error.fields;
  assert.equal(issue.path, 'body:/kind');
  assert.match(issue.message, /^sales person sells and is a member/);

  const keep = await call('PUT', `/api/team/roles/${handoffRoleId}`, { name: 'Sales handoff team', strategy: 'least_open', members }, f.tokens.ops);
  assert.equal(keep.statusCode, 200, keep.body);
  assert.equal(keep.json().kind, 'sales');
  assert.equal(keep.json().name, 'Sales handoff team');

  const roles = (await call('GET', '/api/team/roles')).json().items;
  const it = roles.find((r: { key: string }) => r.key === 'it');
  const itMembers = it.members.map((m: { user: { id: string }; isLead: boolean }) => ({ userId: m.user.id, isLead: m.isLead }));
  const toSales = await call('PUT', `/api/team/roles/${it.id}`, { name: 'IT', kind: 'sales', strategy: 'round_robin', members: itMembers });
  assert.equal(toSales.statusCode, 400, toSales.body);
  assert.deepEqual(toSales.json().error.fields, [
    { path: 'body:/kind', message: 'the project template "Onboarding" gives this role its tasks, which are delivery work; use another role there first' },
  ]);
  const after = (await call('GET', '/api/team/roles')).json().items;
  assert.equal(after.find((r: { key: string }) => r.key === 'it').kind, 'delivery');
});
