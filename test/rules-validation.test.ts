// Saving a rule that names what the workspace does not have (a deal field, a role, a team role, a person, a template)
// is a 400 naming the field and the reason, and nothing is saved; the catalog lists the fields a condition may read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, deps, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
  // A deal with a custom field makes deal.custom.region a field rules can read.
  const deal = await addOpportunity(deps(), f);
  const res = await inject({
    method: 'PATCH',
    url: `/api/opportunities/${deal.id}`,
    headers: bearer(f.tokens.sales),
    payload: { customFields: { region: 'EMEA' } },
  });
  assert.equal(res.statusCode, 200, res.body);
});

type Issue = { path: string; message: string };
const post = (payload: unknown) => inject({ method: 'POST', url: '/api/rules', headers: bearer(f.tokens.ops), payload: payload as object });
const ruleKeys = async () =>
  ((await inject({ method: 'GET', url: '/api/rules', headers: bearer(f.tokens.ops) })).json().items as { key: string }[]).map((r) => r.key);
const notify = (recipientType: string, recipient: string) => ({
  key: `notify-${recipientType}`,
  type: 'notify',
  params: { recipientType, recipient, channel: 'in_app', title: 'Big win: {{deal.name}}', body: '{{deal.amount}}' },
});
const won = { type: 'event', event: 'deal.stage_changed', toCategory: 'won' };

test('a condition on a field no deal has is refused at its path, and the rule is not saved', async () => {
  const res = await post({
    key: 'typo-rule',
    name: 'Typo',
    trigger: won,
    condition: {
      all: [
        { field: 'deal.stageCategory', op: 'eq', value: 'won' },
        { field: 'deal.ammount', op: 'gt', value: 10_000_000 },
      ],
    },
    actions: [notify('role', 'finance')],
  });
  assert.equal(res.statusCode, 400, res.body);
  const fields: Issue[] = res.json().error.fields;
  assert.deepEqual(
    fields.map((x) => x.path),
    ['body:/condition/all/1/field'],
  );
  assert.match(fields[0]!.message, /"deal\.ammount" is not a field rules can read; use one of deal\.name, deal\.amountMinor/);
  assert.ok(!(await ruleKeys()).includes('typo-rule'));
});

test('a custom field some deal carries may be used; one no deal carries is refused', async () => {
  const ok = await post({
    key: 'emea-rule',
    name: 'EMEA wins',
    trigger: won,
    condition: { field: 'deal.custom.region', op: 'eq', value: 'EMEA' },
    actions: [notify('role', 'finance')],
  });
  assert.equal(ok.statusCode, 201, ok.body);
  const bad = await inject({
    method: 'PUT',
    url: `/api/rules/${ok.json().id}`,
    headers: bearer(f.tokens.ops),
    payload: { name: 'EMEA wins', trigger: won, condition: { field: 'deal.custom.segment', op: 'eq', value: 'smb' }, actions: [notify('role', 'finance')] },
  });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.deepEqual(bad.json().error.fields, [
    { path: 'body:/condition/field', message: '"deal.custom.segment" is not a custom field of any deal in this workspace' },
  ]);
  // The stored rule kept its condition and version.
  const stored = (await inject({ method: 'GET', url: `/api/rules/${ok.json().id}`, headers: bearer(f.tokens.ops) })).json();
  assert.equal(stored.version, 1);
  assert.deepEqual(stored.condition, { field: 'deal.custom.region', op: 'eq', value: 'EMEA' });
});

test('a notification to an unknown team role or person, or a project from a missing template, is refused at its param', async () => {
  const res = await post({
    key: 'unknown-names',
    name: 'Unknown names',
    trigger: won,
    actions: [
      notify('team', 'designers'),
      { ...notify('user', '0190aaaa-0000-7000-8000-000000000000'), key: 'notify-person' },
      { key: 'project', type: 'create_project', params: { template: 'enterprise-rollout' } },
    ],
  });
  assert.equal(res.statusCode, 400, res.body);
  const fields = (res.json().error.fields as Issue[]).map((x) => `${x.path} ${x.message}`);
  assert.deepEqual(fields, [
    'body:/actions/0/params/recipient "designers" is not a team role of this workspace; use one of account_manager, it, project_lead',
    'body:/actions/1/params/recipient is not an active person of this workspace',
    'body:/actions/2/params/template there is no project template with key "enterprise-rollout"',
  ]);
  assert.ok(!(await ruleKeys()).includes('unknown-names'));
});

test('the same rule naming what the workspace has is saved', async () => {
  const res = await post({
    key: 'known-names',
    name: 'Known names',
    trigger: won,
    condition: {
      all: [
        { field: 'deal.amountMinor', op: 'gt', value: 10_000_000 },
        { some: 'tasks', where: { field: 'status', op: 'ne', value: 'done' } },
      ],
    },
    actions: [
      notify('team', 'it'),
      { ...notify('user', f.users.finance.id), key: 'notify-person' },
      { key: 'project', type: 'create_project', params: { template: 'onboarding' } },
    ],
  });
  assert.equal(res.statusCode, 201, res.body);
});

test('the catalog lists the fields a condition may read, with labels and types, custom fields and stage names included', async () => {
  const res = await inject({ method: 'GET', url: '/api/rules/catalog', headers: bearer(f.tokens.sales) });
  assert.equal(res.statusCode, 200, res.body);
  const catalog = res.json();
  const field = (path: string) => catalog.fields.find((x: { path: string }) => x.path === path);
  assert.deepEqual(field('deal.amountMinor'), { path: 'deal.amountMinor', label: 'Deal amount', type: 'money' });
  assert.deepEqual(field('deal.custom.region'), { path: 'deal.custom.region', label: 'Region (custom)', type: 'text' });
  assert.deepEqual(
    field('deal.stage').options.map((o: { label: string }) => o.label),
    ['Qualified', 'Proposal', 'Won', 'Lost'],
  );
  assert.ok(catalog.names.roles.some((r: { value: string; label: string }) => r.value === 'finance' && r.label === 'Finance'));
  assert.ok(catalog.names.teamRoles.some((r: { value: string; label: string }) => r.value === 'it' && r.label === 'IT'));
});
