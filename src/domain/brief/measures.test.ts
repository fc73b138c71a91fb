import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureOf } from './measures.ts';

test('a return counts the fields it missed, and "other" when it names none', () => {
  assert.deepEqual(measureOf('handoff.returned', { missing: ['goals', 'stakeholders'] }), { kind: 'returned', fields: ['goals', 'stakeholders'] });
  assert.deepEqual(measureOf('handoff.returned', { missing: [] }), { kind: 'returned', fields: ['other'] });
  assert.deepEqual(measureOf('handoff.returned', {}), { kind: 'returned', fields: ['other'] });
});

test('pauses and kickoff changes are measured; an acceptance is read from the brief itself', () => {
  assert.deepEqual(measureOf('handoff.paused', {}), { kind: 'paused' });
  assert.deepEqual(measureOf('kickoff.delayed', { days: 3 }), { kind: 'kickoff_delayed' });
  assert.equal(measureOf('handoff.accepted', {}), undefined);
});
