import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { companyDomain, decideResult, handoffNote, splitName } from './leads.ts';

const inHandoff = { stage: 'handoff_to_sales' as const, maturity: 'discovered' as const };
const form = {
  needType: 'Scheduling',
  budgetMinor: 1_000_00,
  salesOwnerId: 'u1',
  salesDivision: 'North',
  firstMeetingAt: '2027-01-12T09:30:00Z',
  decisionTimeline: 'Q1',
};

test('each result sets the stage and the need maturity the sales process gives it', () => {
  const decide = (result: Parameters<typeof decideResult>[1]) => decideResult(inHandoff, result, '2026-12-05', 'EUR');
  assert.deepEqual(decide({ result: 'proceed_to_order' }), { stage: 'awaiting_sale', maturity: 'sales_ready', newTaskDue: null, handoff: null });
  const handoff = decide({ result: 'proceed_to_handoff', details: { ...form, notes: '  ' } });
  assert.equal(handoff.stage, 'awaiting_sale');
  assert.equal(handoff.maturity, 'sales_ready');
  assert.deepEqual(handoff.handoff, { ...form, firstMeetingAt: '2027-01-12T09:30:00.000Z', currency: 'EUR', notes: null });
  assert.deepEqual(decide({ result: 'back_to_distribution' }), { stage: 'distribution', maturity: 'discovered', newTaskDue: null, handoff: null });
  assert.deepEqual(decide({ result: 'rescheduled', dueDate: '2026-12-20' }), {
    stage: 'handoff_to_sales',
    maturity: 'discovered',
    newTaskDue: '2026-12-20',
    handoff: null,
  });
  assert.deepEqual(decide({ result: 'not_interested' }), { stage: 'handoff_to_sales', maturity: 'not_interested', newTaskDue: null, handoff: null });
});

test('a result on a lead no longer in handoff to sales is a conflict', () => {
  assert.throws(
    () => decideResult({ stage: 'distribution', maturity: 'discovered' }, { result: 'proceed_to_order' }, '2026-12-05', 'EUR'),
    (e: unknown) => e instanceof AppError && e.code === 'lead.not_in_handoff',
  );
});

test('rescheduling to a day already past names the due date', () => {
  assert.throws(
    () => decideResult(inHandoff, { result: 'rescheduled', dueDate: '2026-12-04' }, '2026-12-05', 'EUR'),
    (e: unknown) => e instanceof AppError && e.fields?.[0]?.path === 'body:/dueDate',
  );
});

test('the company domain comes from a work address, not from a free mail provider', () => {
  assert.equal(companyDomain('Dana@Northwind.Example'), 'northwind.example');
  assert.equal(companyDomain('someone@gmail.com'), null);
  assert.equal(companyDomain('no-at-sign'), null);
  assert.equal(companyDomain(null), null);
});

test('a name splits into first name and the rest', () => {
  assert.deepEqual(splitName('  Mary Ann  Smith '), { firstName: 'Mary', lastName: 'Ann Smith' });
  assert.deepEqual(splitName('Cher'), { firstName: 'Cher', lastName: '' });
});

test('the handoff note on the deal shows the meeting in the workspace time zone', () => {
  const note = handoffNote({ ...form, currency: 'EUR', notes: 'SSO' }, { salesOwner: 'Ana' }, 'Europe/Berlin');
  assert.match(note, /First meeting: 12 Jan 2027, 10:30 \(Europe\/Berlin\)/);
  assert.match(note, /Budget: €1,000\.00/);
  assert.match(note, /Notes: SSO/);
});
