import assert from 'node:assert/strict';
import { test } from 'node:test';
import { milestoneReachedOn, projectHealth, type FirstValue } from './delivery.ts';

const today = '2026-12-10';
const noFirstValue: FirstValue = { due: null, reachedOn: null, missed: false };

test('a milestone is reached on the day its last task was completed', () => {
  assert.equal(
    milestoneReachedOn([
      { status: 'done', completedOn: '2026-12-03' },
      { status: 'done', completedOn: '2026-12-08' },
      { status: 'cancelled', completedOn: null },
    ]),
    '2026-12-08',
  );
});

test('a milestone with a task open, or with no task done, is not reached', () => {
  assert.equal(
    milestoneReachedOn([
      { status: 'done', completedOn: '2026-12-03' },
      { status: 'todo', completedOn: null },
    ]),
    null,
  );
  assert.equal(milestoneReachedOn([{ status: 'cancelled', completedOn: null }]), null);
  assert.equal(milestoneReachedOn([]), null);
});

test('a project with nothing late, blocked or near is on track, with no reason', () => {
  assert.deepEqual(
    projectHealth({
      today,
      tasks: [
        { status: 'todo', dueDate: '2026-12-12' },
        { status: 'done', dueDate: '2026-12-01' },
      ],
      milestones: [{ name: 'Kickoff held', dueDate: '2026-12-05', reachedOn: '2026-12-04' }],
      firstValue: { due: '2027-01-30', reachedOn: null, missed: false },
    }),
    { health: 'on_track', reasons: [] },
  );
});

test('one task a few days overdue puts the project at risk and says by how much', () => {
  const { health, reasons } = projectHealth({ today, tasks: [{ status: 'in_progress', dueDate: '2026-12-08' }], milestones: [], firstValue: noFirstValue });
  assert.equal(health, 'at_risk');
  assert.deepEqual(
    reasons.map((r) => r.message),
    ['1 task overdue, the latest by 2 days'],
  );
});

test('three overdue tasks, or one more than a week late, put the project off track', () => {
  const three = projectHealth({
    today,
    tasks: ['2026-12-09', '2026-12-08', '2026-12-07'].map((dueDate) => ({ status: 'todo' as const, dueDate })),
    milestones: [],
    firstValue: noFirstValue,
  });
  assert.equal(three.health, 'off_track');
  const late = projectHealth({ today, tasks: [{ status: 'todo', dueDate: '2026-12-01' }], milestones: [], firstValue: noFirstValue });
  assert.equal(late.health, 'off_track');
  assert.equal(late.reasons[0]!.message, '1 task overdue, the latest by 9 days');
});

test('done and cancelled tasks past their date are not overdue', () => {
  const { health } = projectHealth({
    today,
    tasks: [
      { status: 'done', dueDate: '2026-11-01' },
      { status: 'cancelled', dueDate: '2026-11-01' },
    ],
    milestones: [],
    firstValue: noFirstValue,
  });
  assert.equal(health, 'on_track');
});

test('a milestone past its date and not reached has slipped; more than a week is off track', () => {
  const slipped = projectHealth({ today, tasks: [], milestones: [{ name: 'Set-up done', dueDate: '2026-12-08', reachedOn: null }], firstValue: noFirstValue });
  assert.deepEqual(slipped, {
    health: 'at_risk',
    reasons: [{ code: 'milestone_slipped', severity: 'at_risk', message: 'Milestone "Set-up done" was due 2026-12-08, 2 days ago' }],
  });
  const long = projectHealth({ today, tasks: [], milestones: [{ name: 'Set-up done', dueDate: '2026-11-20', reachedOn: null }], firstValue: noFirstValue });
  assert.equal(long.health, 'off_track');
});

test('first value missed, or past its date unreached, is off track; reached is no reason at all', () => {
  assert.equal(projectHealth({ today, tasks: [], milestones: [], firstValue: { due: '2026-12-01', reachedOn: null, missed: true } }).health, 'off_track');
  const overdue = projectHealth({ today, tasks: [], milestones: [], firstValue: { due: '2026-12-09', reachedOn: null, missed: false } });
  assert.deepEqual(
    overdue.reasons.map((r) => r.code),
    ['first_value_overdue'],
  );
  assert.equal(
    projectHealth({ today, tasks: [], milestones: [], firstValue: { due: '2026-12-01', reachedOn: '2026-12-01', missed: false } }).health,
    'on_track',
  );
});

test('first value due within a week with work still open is a risk; with nothing open it is not', () => {
  const near = projectHealth({
    today,
    tasks: [{ status: 'todo', dueDate: '2026-12-14' }],
    milestones: [],
    firstValue: { due: '2026-12-15', reachedOn: null, missed: false },
  });
  assert.deepEqual(near.reasons, [{ code: 'first_value_near', severity: 'at_risk', message: 'First value is due 2026-12-15, in 5 days, with 1 task open' }]);
  assert.equal(
    projectHealth({
      today,
      tasks: [{ status: 'done', dueDate: '2026-12-09' }],
      milestones: [],
      firstValue: { due: '2026-12-15', reachedOn: null, missed: false },
    }).health,
    'on_track',
  );
});

test('blocked tasks put the project at risk; every reason is listed: tasks, milestones, first value, blocked', () => {
  const { health, reasons } = projectHealth({
    today,
    tasks: [
      { status: 'blocked', dueDate: '2026-12-20' },
      { status: 'todo', dueDate: '2026-12-09' },
    ],
    milestones: [{ name: 'Kickoff held', dueDate: '2026-12-09', reachedOn: null }],
    firstValue: noFirstValue,
  });
  assert.equal(health, 'at_risk');
  assert.deepEqual(
    reasons.map((r) => r.code),
    ['overdue_tasks', 'milestone_slipped', 'blocked_tasks'],
  );
});
