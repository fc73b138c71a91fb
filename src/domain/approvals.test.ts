import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBusinessHours, resolveApprovers, stepOutcome } from './approvals.ts';
import type { WorkCalendar } from './calendar.ts';

const berlin: WorkCalendar = { timeZone: 'Europe/Berlin', businessDays: [1, 2, 3, 4, 5], holidays: ['2026-12-24', '2026-12-25'] };

test('business hours count 09:00-17:00 on business days in the workspace time zone', () => {
  // Friday 16:00 in Berlin + 2 h: one hour on Friday, one on Monday.
  assert.equal(addBusinessHours(new Date('2026-12-04T15:00:00Z'), 2, berlin).toISOString(), '2026-12-07T09:00:00.000Z');
  // Saturday night + 1 h: Monday 10:00.
  assert.equal(addBusinessHours(new Date('2026-12-05T22:00:00Z'), 1, berlin).toISOString(), '2026-12-07T09:00:00.000Z');
  // Wednesday 23 December 12:00 + 8 h: the holidays are skipped, Monday 28th at 12:00.
  assert.equal(addBusinessHours(new Date('2026-12-23T11:00:00Z'), 8, berlin).toISOString(), '2026-12-28T11:00:00.000Z');
  // Early morning: the clock starts at 09:00.
  assert.equal(addBusinessHours(new Date('2026-12-07T05:00:00Z'), 8, berlin).toISOString(), '2026-12-07T16:00:00.000Z');
});

test('a step: one rejection rejects; "any" needs one approval, "all" every one', () => {
  assert.equal(stepOutcome('any', ['approved', null]), 'approved');
  assert.equal(stepOutcome('all', ['approved', null]), 'pending');
  assert.equal(stepOutcome('all', ['approved', 'approved']), 'approved');
  assert.equal(stepOutcome('any', ['approved', 'rejected']), 'rejected');
  assert.equal(stepOutcome('all', []), 'pending');
});

test("a step's approvers: roles, teams, people and the owner's manager, each once, inactive people left out", () => {
  const ids = resolveApprovers(
    {
      name: 'Finance and legal',
      mode: 'all',
      approvers: [{ type: 'role', role: 'finance' }, { type: 'team', team: 'legal-team' }, { type: 'user', userId: 'gone' }, { type: 'owner_manager' }],
    },
    {
      byRole: () => ['f1', 'f2'],
      byTeam: () => ['l1', 'f1'],
      isActive: (id) => id !== 'gone',
      ownerManager: 'm1',
    },
  );
  assert.deepEqual(ids, ['f1', 'f2', 'l1', 'm1']);
});
