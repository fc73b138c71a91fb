import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldCatalog, humanize, operatorsFor } from './fields.ts';
import { checkRuleReferences, type RuleReferences } from './references.ts';

const refs: RuleReferences = {
  catalog: fieldCatalog({ stages: ['Qualified', 'Closed won'], customFields: [{ key: 'region', type: 'text' }] }),
  teamRoles: ['project_manager', 'tech_lead'],
  people: ['u-1'],
  templates: ['onboarding'],
  documentTemplates: ['sow'],
  approvalPolicies: ['finance-review'],
};

const notify = (recipientType: string, recipient?: string) => ({
  type: 'notify',
  params: { recipientType, ...(recipient ? { recipient } : {}), channel: 'in_app', title: 't', body: 'b' },
});

test('a rule on known fields, roles, people and templates has no issues', () => {
  const rule = {
    condition: {
      all: [
        { field: 'deal.amountMinor', op: 'gt', value: 10_000_000 },
        { field: 'deal.custom.region', op: 'eq', value: 'EMEA' },
        { not: { field: 'deal.stage', op: 'eq', value: 'Qualified' } },
        { some: 'tasks', where: { field: 'status', op: 'eq', value: 'done' } },
      ],
    },
    actions: [
      notify('role', 'finance'),
      notify('team', 'tech_lead'),
      notify('user', 'u-1'),
      notify('deal_owner'),
      { type: 'create_project', params: { template: 'onboarding' } },
      { type: 'create_project', params: { template: 'for_deal_type' } },
    ],
  };
  assert.deepEqual(checkRuleReferences(rule, refs, 'body:'), []);
});

test('a condition on an unknown field is named by its path, custom fields included', () => {
  const issues = checkRuleReferences(
    {
      condition: {
        any: [
          { field: 'deal.amount', op: 'gt', value: 1 },
          { field: 'deal.custom.segment', op: 'eq', value: 'smb' },
        ],
      },
      actions: [],
    },
    refs,
    'body:',
  );
  assert.deepEqual(
    issues.map((i) => i.path),
    ['body:/condition/any/0/field', 'body:/condition/any/1/field'],
  );
  assert.match(issues[0]!.message, /"deal\.amount" is not a field rules can read/);
  assert.match(issues[1]!.message, /not a custom field/);
});

test('a "some" condition reads the fields of the list it names', () => {
  const issues = checkRuleReferences(
    { condition: { all: [{ some: 'tasks', where: { field: 'deal.stage', op: 'eq', value: 'x' } }, { some: 'invoices' }] }, actions: [] },
    refs,
  );
  assert.deepEqual(
    issues.map((i) => i.path),
    ['/condition/all/0/where/field', '/condition/all/1/some'],
  );
});

test('an unknown role, team role, person or template is refused at its param', () => {
  const issues = checkRuleReferences(
    {
      actions: [notify('role', 'accounting'), notify('team', 'designer'), notify('user', 'u-404'), { type: 'create_project', params: { template: 'gone' } }],
    },
    refs,
    'body:',
  );
  assert.deepEqual(
    issues.map((i) => i.path),
    ['body:/actions/0/params/recipient', 'body:/actions/1/params/recipient', 'body:/actions/2/params/recipient', 'body:/actions/3/params/template'],
  );
  assert.match(issues[1]!.message, /not a team role.*project_manager, tech_lead/);
  assert.match(issues[3]!.message, /no project template with key "gone"/);
});

test('money and dates compare by order; people and stages by equality or list', () => {
  assert.ok(operatorsFor('money').includes('gt'));
  assert.ok(!operatorsFor('person').includes('gt'));
  assert.ok(operatorsFor('stage').includes('in'));
  assert.ok(!operatorsFor('boolean').includes('contains'));
});

test('keys read as words, initialisms in capitals', () => {
  assert.equal(humanize('ae_review'), 'AE review');
  assert.equal(humanize('paymentTerms'), 'Payment terms');
  assert.equal(humanize('first_value'), 'First value');
});

test('request_approval names an active approval policy: an unknown key is refused with the keys there are', () => {
  const known = checkRuleReferences({ actions: [{ type: 'request_approval', params: { policy: 'finance-review', hold: 'until_approved' } }] }, refs);
  assert.deepEqual(known, []);
  const issues = checkRuleReferences({ actions: [{ type: 'request_approval', params: { policy: 'legal-review' } }] }, refs, 'body:');
  assert.deepEqual(
    issues.map((i) => i.path),
    ['body:/actions/0/params/policy'],
  );
  assert.match(issues[0]!.message, /no active approval policy with key "legal-review"; use one of finance-review/);
});
