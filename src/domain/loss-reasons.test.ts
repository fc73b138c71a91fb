import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { decideLoss, type LossReason } from './loss-reasons.ts';

const reasons: LossReason[] = [
  { id: 'r1', key: 'price', label: 'Price', archived: false, position: 1 },
  { id: 'r2', key: 'timing', label: 'Timing', archived: true, position: 2 },
  { id: 'r3', key: 'other', label: 'Other', archived: false, position: 3 },
];
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.fields?.[0];
    throw e;
  }
  return undefined;
};

test('a loss records the chosen reason, with the note after its label', () => {
  assert.deepEqual(decideLoss(reasons, { lossReasonId: 'r1' }), { lossReasonId: 'r1', lossReasonKey: 'price', lossNote: null, reason: 'Price' });
  assert.deepEqual(decideLoss(reasons, { lossReasonId: 'r3', lossNote: ' Built it in-house ' }), {
    lossReasonId: 'r3',
    lossReasonKey: 'other',
    lossNote: 'Built it in-house',
    reason: 'Other: Built it in-house',
  });
});

test('with a list of reasons one must be chosen, known and active; "other" needs a note', () => {
  assert.equal(fieldOf(() => decideLoss(reasons, { reason: 'too dear' }))?.path, 'body:/lossReasonId');
  assert.equal(fieldOf(() => decideLoss(reasons, { lossReasonId: 'nope' }))?.path, 'body:/lossReasonId');
  assert.match(fieldOf(() => decideLoss(reasons, { lossReasonId: 'r2' }))?.message ?? '', /archived/);
  assert.equal(fieldOf(() => decideLoss(reasons, { lossReasonId: 'r3', lossNote: '  ' }))?.path, 'body:/lossNote');
});

test('without a list the free-text reason is what a loss records, and it is required', () => {
  assert.equal(decideLoss([], { reason: ' No budget ' }).reason, 'No budget');
  assert.deepEqual(
    fieldOf(() => decideLoss([], {})),
    { path: 'body:/reason', message: 'is required' },
  );
});
