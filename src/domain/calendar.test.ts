import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateIn } from './calendar.ts';

test("today is the workspace's date, not the server's: late evening UTC is already tomorrow in Berlin", () => {
  const now = new Date('2026-11-25T23:30:00Z');
  assert.equal(dateIn(now, 'UTC'), '2026-11-25');
  assert.equal(dateIn(now, 'Europe/Berlin'), '2026-11-26');
  assert.equal(dateIn(new Date('2026-11-25T03:00:00Z'), 'America/New_York'), '2026-11-24');
});
