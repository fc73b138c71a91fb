import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type ConditionTrace } from './conditions.ts';
import { matchRules, runKey, triggerMatches, type Rule, type RuleEvent } from './rules.ts';

const won: RuleEvent = { id: 'e1', type: 'deal.won', subjectType: 'opportunity', subjectId: 'o1', stage: { name: 'Closed won', category: 'won' }, depth: 0 };
const toProposal: RuleEvent = {
  id: 'e2',
  type: 'deal.stage_changed',
  subjectType: 'opportunity',
  subjectId: 'o1',
  stage: { name: 'Proposal', category: 'open' },
  depth: 0,
};

test('a stage trigger matches on the stage the deal moves into, and a win counts as moving into a won stage', () => {
  assert.equal(triggerMatches({ type: 'event', event: 'deal.stage_changed', toCategory: 'won' }, won), true);
  assert.equal(triggerMatches({ type: 'event', event: 'deal.stage_changed', toCategory: 'won' }, toProposal), false);
  assert.equal(triggerMatches({ type: 'event', event: 'deal.stage_changed', toStage: 'proposal' }, toProposal), true);
  assert.equal(triggerMatches({ type: 'event', event: 'deal.stage_changed', toStage: 'Negotiation' }, toProposal), false);
  assert.equal(triggerMatches({ type: 'event', event: 'deal.won' }, won), true);
  assert.equal(triggerMatches({ type: 'event', event: 'deal.created' }, won), false);
});

test('a field trigger matches the field and, when given, the value it became', () => {
  const changed: RuleEvent = {
    id: 'e3',
    type: 'deal.field_changed',
    subjectType: 'opportunity',
    subjectId: 'o1',
    field: 'complexity',
    from: 'simple',
    to: 'complex',
    depth: 1,
  };
  assert.equal(triggerMatches({ type: 'event', event: 'deal.field_changed', field: 'complexity', to: 'complex' }, changed), true);
  assert.equal(triggerMatches({ type: 'event', event: 'deal.field_changed', field: 'complexity', to: 'simple' }, changed), false);
  assert.equal(triggerMatches({ type: 'event', event: 'deal.field_changed', field: 'dealType' }, changed), false);
});

test('only enabled rules match, in their list order', () => {
  const rule = (id: string, position: number, enabled = true): Rule => ({
    id,
    version: 1,
    enabled,
    position,
    name: id,
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [],
  });
  assert.deepEqual(
    matchRules(won, [rule('b', 20), rule('a', 10), rule('off', 5, false)]).map((r) => r.id),
    ['a', 'b'],
  );
});

test('a run key is one per rule version and record, or one per event for rules that repeat', () => {
  assert.equal(runKey({ id: 'r', version: 2 }, won), 'rule:r@2:opportunity:o1');
  assert.equal(runKey({ id: 'r', version: 2, repeat: 'every_event' }, won), 'rule:r@2:opportunity:o1:event:e1');
});

test('conditions: and, or, not, comparisons, in, exists, and some related record', () => {
  const facts = {
    deal: { amountMinor: 5_000_000, dealType: 'upsell', custom: { region: 'EMEA' }, paymentTerms: null },
    tasks: [
      { templateKey: 'kickoff', status: 'todo' },
      { templateKey: 'welcome', status: 'done' },
    ],
  };
  assert.equal(
    evaluate(
      {
        all: [
          { field: 'deal.amountMinor', op: 'gte', value: 5_000_000 },
          { field: 'deal.dealType', op: 'in', value: ['upsell', 'renewal'] },
        ],
      },
      facts,
    ),
    true,
  );
  assert.equal(
    evaluate(
      {
        any: [
          { field: 'deal.amountMinor', op: 'lt', value: 10 },
          { field: 'deal.custom.region', op: 'eq', value: 'emea' },
        ],
      },
      facts,
    ),
    true,
  );
  assert.equal(evaluate({ not: { field: 'deal.paymentTerms', op: 'exists' } }, facts), true);
  assert.equal(evaluate({ field: 'deal.custom.missing', op: 'not_exists' }, facts), true);
  assert.equal(
    evaluate(
      {
        some: 'tasks',
        where: {
          all: [
            { field: 'templateKey', op: 'eq', value: 'kickoff' },
            { field: 'status', op: 'in', value: ['todo', 'in_progress'] },
          ],
        },
      },
      facts,
    ),
    true,
  );
  assert.equal(evaluate({ some: 'tasks', where: { field: 'templateKey', op: 'eq', value: 'go-live' } }, facts), false);
  const trace: ConditionTrace[] = [];
  evaluate({ all: [{ field: 'deal.amountMinor', op: 'gt', value: 9_000_000 }] }, facts, trace);
  assert.deepEqual(trace, [{ path: 'deal.amountMinor', test: 'gt 9000000', actual: 5_000_000, result: false }]);
});
