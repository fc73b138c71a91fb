import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timelineKindOf } from './timeline.ts';

test('activities are communications, whoever logged them', () => {
  assert.equal(timelineKindOf({ type: 'activity', actor: { type: 'user' } }), 'communications');
  assert.equal(timelineKindOf({ type: 'activity', actor: null }), 'communications');
});

test('changes by a user or a token are people’s actions; by a rule or the system, automation', () => {
  assert.equal(timelineKindOf({ type: 'won', actor: { type: 'user' } }), 'people');
  assert.equal(timelineKindOf({ type: 'stage_changed', actor: { type: 'token' } }), 'people');
  assert.equal(timelineKindOf({ type: 'rule_run', actor: { type: 'automation' } }), 'automation');
  assert.equal(timelineKindOf({ type: 'notification', actor: { type: 'automation' } }), 'automation');
  assert.equal(timelineKindOf({ type: 'handoff', actor: { type: 'system' } }), 'automation');
});
