import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBusinessDays, businessDaysBetween, dateIn, daysBetween, instantAt, isBusinessDay, weekday } from './calendar.ts';

test("today is the workspace's date, not the server's: late evening UTC is already tomorrow in Berlin", () => {
  const now = new Date('2026-11-25T23:30:00Z');
  assert.equal(dateIn(now, 'UTC'), '2026-11-25');
  assert.equal(dateIn(now, 'Europe/Berlin'), '2026-11-26');
  assert.equal(dateIn(new Date('2026-11-25T03:00:00Z'), 'America/New_York'), '2026-11-24');
});

const berlin = { timeZone: 'Europe/Berlin', businessDays: [1, 2, 3, 4, 5], holidays: ['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01'] };

test('business days skip weekends: day 1 after a Friday is the Monday', () => {
  assert.equal(addBusinessDays('2026-11-27', 0, berlin), '2026-11-27'); // Friday
  assert.equal(addBusinessDays('2026-11-27', 1, berlin), '2026-11-30'); // Monday
  assert.equal(addBusinessDays('2026-11-27', 3, berlin), '2026-12-02');
});

test('a close date on a weekend counts from the next business day', () => {
  assert.equal(addBusinessDays('2026-11-28', 0, berlin), '2026-11-30'); // Saturday -> Monday
  assert.equal(addBusinessDays('2026-11-29', 2, berlin), '2026-12-02'); // Sunday -> Mon +2 = Wednesday
});

test('holidays are skipped like weekends: day 2 after 23 December is 28 December', () => {
  assert.equal(addBusinessDays('2026-12-23', 1, berlin), '2026-12-28');
  assert.equal(addBusinessDays('2026-12-23', 2, berlin), '2026-12-29');
  assert.equal(addBusinessDays('2026-12-31', 1, berlin), '2027-01-04');
  assert.equal(isBusinessDay('2026-12-25', berlin), false);
});

test('a working week of Sunday to Thursday moves Friday work to Sunday', () => {
  const dubai = { timeZone: 'Asia/Dubai', businessDays: [7, 1, 2, 3, 4], holidays: [] };
  assert.equal(addBusinessDays('2026-11-26', 1, dubai), '2026-11-29'); // Thursday + 1 = Sunday
  assert.equal(weekday('2026-11-29'), 7);
});

test('negative offsets count back over weekends', () => {
  assert.equal(addBusinessDays('2026-11-30', -1, berlin), '2026-11-27');
});

test('timers fire at a local hour: 09:00 in Berlin is 08:00 UTC in winter and 07:00 in summer', () => {
  assert.equal(instantAt('2026-12-01', 9, 'Europe/Berlin').toISOString(), '2026-12-01T08:00:00.000Z');
  assert.equal(instantAt('2026-07-01', 9, 'Europe/Berlin').toISOString(), '2026-07-01T07:00:00.000Z');
  assert.equal(daysBetween('2026-11-27', '2026-12-02'), 5);
});

test('business days between two dates: a Friday win with a Monday kickoff is 1, holidays and weekends do not count', () => {
  assert.equal(businessDaysBetween('2026-11-27', '2026-11-27', berlin), 0);
  assert.equal(businessDaysBetween('2026-11-27', '2026-11-30', berlin), 1); // Friday to Monday
  assert.equal(businessDaysBetween('2026-11-28', '2026-11-30', berlin), 1); // Saturday to Monday
  assert.equal(businessDaysBetween('2026-11-02', '2026-11-12', berlin), 8);
  // Over Christmas: 23 December to 4 January, 24-26 December and 1 January off.
  assert.equal(businessDaysBetween('2026-12-23', '2027-01-04', berlin), 5); // 28-31 December and 4 January
  // A holiday on a weekend is not taken twice (26 December 2026 is a Saturday).
  assert.equal(businessDaysBetween('2026-12-25', '2026-12-28', berlin), 1);
  assert.equal(businessDaysBetween('2026-11-30', '2026-11-27', berlin), -1);
  // Agrees with addBusinessDays for every start and offset over two months, Sunday-to-Thursday weeks too.
  const gulf = { timeZone: 'Asia/Dubai', businessDays: [7, 1, 2, 3, 4], holidays: ['2026-12-02'] };
  for (const calendar of [berlin, gulf])
    for (let d = 0; d < 60; d++) {
      const start = addBusinessDays('2026-11-01', d, calendar);
      for (let n = 0; n < 25; n++) assert.equal(businessDaysBetween(start, addBusinessDays(start, n, calendar), calendar), n, `${start} + ${n}`);
    }
});
