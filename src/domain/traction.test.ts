import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessTraction, heldReason, isDeliveryPerson, type DealSignals } from './traction.ts';

const deal = (over: Partial<DealSignals> = {}): DealSignals => ({
  stageCategory: 'open',
  stagePosition: 1,
  gateStageName: 'Proposal',
  meetingHeld: false,
  budgetConfirmed: false,
  ...over,
});

test('no signal required: the gate is off and met', () => {
  assert.deepEqual(assessTraction({ signals: [], stagePosition: null }, deal()), { gated: false, met: true, won: false, signals: [], missing: [] });
});

test('the stage signal is met at the position or past it, never on a lost deal', () => {
  const gate = { signals: ['stage' as const], stagePosition: 2 };
  assert.deepEqual(assessTraction(gate, deal()).missing, ['the deal reaches "Proposal"']);
  assert.equal(assessTraction(gate, deal({ stagePosition: 2 })).met, true);
  assert.equal(assessTraction(gate, deal({ stagePosition: 3 })).met, true);
  assert.equal(assessTraction(gate, deal({ stagePosition: 4, stageCategory: 'lost' })).met, false);
});

test('every missing signal is listed in order, and a won deal is past the gate', () => {
  const gate = { signals: ['budget' as const, 'meeting' as const, 'stage' as const], stagePosition: 2 };
  const t = assessTraction(gate, deal({ meetingHeld: true }));
  assert.deepEqual(t.missing, ['the deal reaches "Proposal"', 'the budget is confirmed']);
  assert.equal(heldReason('Pat', t), 'Pat is a delivery person and joins this deal once the deal reaches "Proposal" and the budget is confirmed');
  const won = assessTraction(gate, deal({ stageCategory: 'won', stagePosition: 3 }));
  assert.deepEqual([won.met, won.won, won.missing], [true, true, []]);
});

test('delivery people: PMs and CS always, others when on the roster, sales and admins never', () => {
  assert.equal(isDeliveryPerson({ role: 'pm' }, false), true);
  assert.equal(isDeliveryPerson({ role: 'cs' }, false), true);
  assert.equal(isDeliveryPerson({ role: 'ops' }, false), false);
  assert.equal(isDeliveryPerson({ role: 'ops' }, true), true);
  assert.equal(isDeliveryPerson({ role: 'sales' }, true), false);
  assert.equal(isDeliveryPerson({ role: 'admin' }, true), false);
});
