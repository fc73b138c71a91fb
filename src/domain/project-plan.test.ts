import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTemplate, planProject, type TemplateDefinition } from './project-plan.ts';

const calendar = { timeZone: 'Europe/Berlin', businessDays: [1, 2, 3, 4, 5], holidays: ['2026-12-24', '2026-12-25', '2026-12-26'] };

const template: TemplateDefinition = {
  ownerRole: 'project_lead',
  phases: [
    {
      key: 'start',
      name: 'Start',
      milestones: [{ key: 'kicked-off', name: 'Kicked off', due: { from: 'task', task: 'kickoff', days: 0 } }],
      groups: [
        {
          name: 'First week',
          tasks: [
            { key: 'welcome', title: 'Welcome e-mail', role: 'account_manager', due: { from: 'close_date', days: 1 } },
            { key: 'access', title: 'Access credentials', role: 'it', due: { from: 'close_date', days: 2 } },
            { key: 'kickoff', title: 'Kickoff call', role: 'project_lead', due: { from: 'close_date', days: 3 }, dependsOn: ['welcome'] },
            {
              key: 'architecture',
              title: 'Architecture review',
              role: 'solution_architect',
              due: { from: 'task', task: 'kickoff', days: 2 },
              condition: { field: 'deal.complexity', op: 'eq', value: 'complex' },
            },
            {
              key: 'migration',
              title: 'Data migration plan',
              role: 'it',
              due: { from: 'task', task: 'architecture', days: 1 },
              dependsOn: ['architecture'],
              condition: {
                all: [
                  { field: 'deal.complexity', op: 'eq', value: 'complex' },
                  { field: 'deal.dealType', op: 'eq', value: 'new_business' },
                ],
              },
            },
            {
              key: 'upsell-scope',
              title: 'Confirm add-on scope',
              role: 'account_manager',
              due: { from: 'close_date', days: 1 },
              condition: { field: 'deal.dealType', op: 'in', value: ['upsell', 'renewal'] },
            },
            {
              key: 'emea-dpa',
              title: 'Data processing agreement',
              role: 'legal',
              due: { from: 'close_date', days: 5 },
              condition: { field: 'deal.custom.region', op: 'eq', value: 'EMEA' },
            },
          ],
        },
      ],
    },
  ],
};

const deal = (d: Record<string, unknown>) => ({ deal: { dealType: 'new_business', complexity: 'simple', amountMinor: 1_000_000, custom: {}, ...d } });

test('conditions pick tasks by deal type and complexity', () => {
  const simpleNew = planProject(template, deal({}), '2026-11-23', calendar);
  assert.deepEqual(
    simpleNew.tasks.map((t) => t.key),
    ['welcome', 'access', 'kickoff'],
  );
  assert.deepEqual(
    simpleNew.skipped.map((s) => s.key),
    ['architecture', 'migration', 'upsell-scope', 'emea-dpa'],
  );
  assert.match(simpleNew.skipped[0]!.condition, /deal.complexity eq "complex"/);

  const complexNew = planProject(template, deal({ complexity: 'complex' }), '2026-11-23', calendar);
  assert.deepEqual(
    complexNew.tasks.map((t) => t.key),
    ['welcome', 'access', 'kickoff', 'architecture', 'migration'],
  );

  const complexUpsell = planProject(template, deal({ complexity: 'complex', dealType: 'upsell', custom: { region: 'EMEA' } }), '2026-11-23', calendar);
  assert.deepEqual(
    complexUpsell.tasks.map((t) => t.key),
    ['welcome', 'access', 'kickoff', 'architecture', 'upsell-scope', 'emea-dpa'],
  );
});

test('due dates count business days from the close date and from other tasks, over weekends and holidays', () => {
  // Closed on Tuesday 22 December 2026: 24-26 December are holidays, 26-27 a weekend.
  const plan = planProject(template, deal({ complexity: 'complex' }), '2026-12-22', calendar);
  const due = Object.fromEntries(plan.tasks.map((t) => [t.key, t.dueDate]));
  assert.deepEqual(due, { welcome: '2026-12-23', access: '2026-12-28', kickoff: '2026-12-29', architecture: '2026-12-31', migration: '2027-01-01' });
  assert.equal(plan.milestones[0]!.dueDate, '2026-12-29');
  assert.equal(plan.endDate, '2027-01-01');
});

test('a dependency on a task the deal does not get is dropped, not left dangling', () => {
  const plan = planProject(template, deal({}), '2026-11-23', calendar);
  assert.deepEqual(plan.tasks.find((t) => t.key === 'kickoff')!.dependsOn, ['welcome']);
  const complex = planProject(
    {
      phases: [
        {
          key: 'p',
          name: 'P',
          groups: [
            {
              name: 'g',
              tasks: [
                { key: 'a', title: 'A', role: 'it', due: { from: 'close_date', days: 0 }, condition: { field: 'deal.complexity', op: 'eq', value: 'complex' } },
                { key: 'b', title: 'B', role: 'it', due: { from: 'close_date', days: 0 }, dependsOn: ['a'] },
              ],
            },
          ],
        },
      ],
    },
    deal({}),
    '2026-11-23',
    calendar,
  );
  assert.deepEqual(
    complex.tasks.map((t) => [t.key, t.dependsOn]),
    [['b', []]],
  );
});

test('a template is checked: repeated keys, unknown references, loops and bad conditions are named by path', () => {
  assert.deepEqual(checkTemplate(template), []);
  const broken: TemplateDefinition = {
    phases: [
      {
        key: 'p',
        name: 'P',
        groups: [
          {
            name: 'g',
            tasks: [
              { key: 'a', title: 'A', role: 'it', due: { from: 'task', task: 'b', days: 1 } },
              { key: 'b', title: 'B', role: 'it', due: { from: 'task', task: 'a', days: 1 } },
              {
                key: 'a',
                title: 'A again',
                role: 'it',
                due: { from: 'task', task: 'nope', days: 1 },
                dependsOn: ['zzz'],
                condition: { field: 'deal.amountMinor', op: 'between' as never, value: 1 },
              },
            ],
          },
        ],
      },
    ],
  };
  const issues = checkTemplate(broken);
  const paths = issues.map((i) => `${i.path}: ${i.message}`);
  assert.ok(paths.includes('phases[0].groups[0].tasks[2].key: key "a" is used twice'), paths.join('\n'));
  assert.ok(paths.includes('phases[0].groups[0].tasks[2].due.task: no task or milestone "nope" in this template'), paths.join('\n'));
  assert.ok(paths.includes('phases[0].groups[0].tasks[2].dependsOn[0]: no task "zzz" in this template'), paths.join('\n'));
  assert.ok(
    paths.some((p) => p.startsWith('phases[0].groups[0].tasks[0].due: due dates loop')),
    paths.join('\n'),
  );
  assert.ok(
    paths.some((p) => p.startsWith('phases[0].groups[0].tasks[2].condition.op: must be one of')),
    paths.join('\n'),
  );
  assert.deepEqual(checkTemplate({ phases: [] }), [{ path: 'phases', message: 'a template needs at least one phase' }]);
});
