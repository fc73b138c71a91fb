import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amountMinorOf, dateOf, decideStatus, defaultStageMap, isStale, mapFields } from './inbound.ts';

test('amounts as senders write them become minor units', () => {
  assert.equal(amountMinorOf(12500.5), 1_250_050);
  assert.equal(amountMinorOf('12500.50'), 1_250_050);
  assert.equal(amountMinorOf('$12,500.50'), 1_250_050);
  assert.equal(amountMinorOf('€ 12.500,50'), 1_250_050);
  assert.equal(amountMinorOf('12,500'), 1_250_000);
  assert.equal(amountMinorOf('1.234.567'), 123_456_700);
  assert.equal(amountMinorOf('12,5'), 1250);
  assert.equal(amountMinorOf('n/a'), undefined);
});

test('dates: ISO, ISO time and HubSpot epoch milliseconds; an impossible date is not one', () => {
  assert.equal(dateOf('2026-10-15'), '2026-10-15');
  assert.equal(dateOf('2026-10-15T23:00:00Z'), '2026-10-15');
  assert.equal(dateOf('1791072000000'), '2026-10-04');
  assert.equal(dateOf('2026-02-30'), undefined);
  assert.equal(dateOf('15/10/2026'), undefined);
});

test("HubSpot's default pipeline wins on closedwon; a custom pipeline's stage id counts only once mapped", () => {
  const map = [...defaultStageMap.hubspot, { pipeline: '2231873', won: ['2231880'], lost: ['2231881'] }];
  assert.equal(decideStatus({ status: null, stage: 'closedwon', pipeline: null }, map).status, 'won');
  assert.equal(decideStatus({ status: null, stage: '2231881', pipeline: null }, map).status, 'lost');
  assert.equal(decideStatus({ status: null, stage: '2231880', pipeline: 'default' }, map).status, 'open');
  assert.equal(decideStatus({ status: null, stage: '999', pipeline: null }, map).status, 'open');
  assert.equal(decideStatus({ status: 'won', stage: '999', pipeline: null }, map).status, 'won');
  assert.equal(decideStatus({ status: null, stage: null, pipeline: null }, map).status, null);
});

test('the field map names a value that does not fit instead of guessing', () => {
  const { fields, problems } = mapFields(
    { amount: '-5', closedate: 'soon', dealname: ' Big deal ', segment: 'smb' },
    { amount: 'amount', closedate: 'closeDate', dealname: 'name', segment: 'custom.segment' },
  );
  assert.deepEqual(fields, { name: 'Big deal', customFields: { segment: 'smb' } });
  assert.deepEqual(problems, ['amount "-5" is not an amount', 'closedate "soon" is not a date']);
});

test('an event is stale only when it is older than what was applied', () => {
  const t = new Date('2026-10-01T10:00:00Z');
  assert.equal(isStale(new Date('2026-10-01T09:00:00Z'), t), true);
  assert.equal(isStale(t, t), false);
  assert.equal(isStale(null, t), false);
  assert.equal(isStale(t, null), false);
});
