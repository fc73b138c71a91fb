import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { checkRequiredFields, lose, missingFieldsToWin, moveStage, reopen, win, type Stage } from './opportunity.ts';

const stages: Stage[] = [
  { id: 'q', name: 'Qualified', position: 1, category: 'open' },
  { id: 'p', name: 'Proposal', position: 2, category: 'open' },
  { id: 'w', name: 'Closed won', position: 3, category: 'won' },
  { id: 'l', name: 'Closed lost', position: 4, category: 'lost' },
];
const opp = (stageId: string) => ({ id: 'o1', name: 'Acme rollout', stageId, closeDate: '2026-12-31', accountId: 'a1' });
const prospect = { id: 'a1', name: 'Acme', status: 'prospect' as const };

test('winning an open deal moves it to the won stage, closes it today and activates the account', () => {
  const d = win(opp('p'), prospect, stages, { today: '2026-11-25' });
  assert.equal(d.kind, 'close');
  if (d.kind !== 'close') return;
  assert.equal(d.toStage.id, 'w');
  assert.equal(d.closeDate, '2026-11-25');
  assert.equal(d.activateAccount, true);
  assert.equal(d.stopReason, 'deal won');
});

test('winning keeps an explicit close date and does not re-activate an active account', () => {
  const d = win(opp('q'), { ...prospect, status: 'active' }, stages, { today: '2026-11-25', closeDate: '2026-11-20' });
  assert.ok(d.kind === 'close' && d.closeDate === '2026-11-20' && !d.activateAccount);
});

test('winning a won deal changes nothing', () => {
  assert.deepEqual(win(opp('w'), prospect, stages, { today: '2026-11-25' }), { kind: 'unchanged', outcome: 'won' });
});

test('winning a lost deal is a conflict that says to reopen it', () => {
  assert.throws(
    () => win(opp('l'), prospect, stages, { today: '2026-11-25' }),
    (e: unknown) => e instanceof AppError && e.code === 'opportunity.already_lost' && /reopen/.test(e.message),
  );
});

test('losing stops sequences with the reason and never touches the account', () => {
  const d = lose(opp('q'), stages, { today: '2026-11-25', reason: 'budget cut' });
  assert.ok(d.kind === 'close' && d.toStage.id === 'l' && d.stopReason === 'deal lost: budget cut' && !d.activateAccount);
});

test('losing a won deal is a conflict', () => {
  assert.throws(
    () => lose(opp('w'), stages, { today: '2026-11-25', reason: 'x' }),
    (e: unknown) => e instanceof AppError && e.kind === 'conflict',
  );
});

test('a pipeline without a won stage cannot win deals', () => {
  const noWon = stages.filter((s) => s.category !== 'won');
  assert.throws(
    () => win(opp('q'), prospect, noWon, { today: '2026-11-25' }),
    (e: unknown) => e instanceof AppError && e.code === 'opportunity.no_stage_for_category',
  );
});

test('reopening goes to the last open stage unless a stage is named', () => {
  assert.equal(reopen(opp('l'), stages, {}).toStage.id, 'p');
  assert.equal(reopen(opp('w'), stages, { stageId: 'q' }).toStage.id, 'q');
  assert.throws(
    () => reopen(opp('q'), stages, {}),
    (e: unknown) => e instanceof AppError && e.code === 'opportunity.not_closed',
  );
  assert.throws(
    () => reopen(opp('w'), stages, { stageId: 'l' }),
    (e: unknown) => e instanceof AppError && e.kind === 'invalid',
  );
});

test('a lost deal reopens into the stage it was lost from, while that is still an open stage; a named stage wins', () => {
  assert.equal(reopen(opp('l'), stages, { lostFromStageId: 'q' }).toStage.id, 'q');
  assert.equal(reopen(opp('l'), stages, { lostFromStageId: 'w' }).toStage.id, 'p', 'not into a closed stage');
  assert.equal(reopen(opp('l'), stages, { lostFromStageId: 'gone' }).toStage.id, 'p', 'a stage since removed: the last open one');
  assert.equal(reopen(opp('l'), stages, { stageId: 'p', lostFromStageId: 'q' }).toStage.id, 'p');
});

test('moving into a won stage by hand is refused: winning has its own action', () => {
  assert.throws(
    () => moveStage(opp('q'), stages, 'w'),
    (e: unknown) => e instanceof AppError && e.kind === 'conflict',
  );
  assert.equal(moveStage(opp('q'), stages, 'p')?.toStage.id, 'p');
  assert.equal(moveStage(opp('q'), stages, 'q'), null);
});

const filled = {
  amountMinor: 1_000_000,
  ownerId: 'u1',
  primaryContactId: 'c1',
  paymentTerms: 'net 30',
  contractVersion: 'v2',
  nonStandardClauses: null,
  customFields: { po_number: 'PO-1' } as Record<string, unknown>,
};

test('the fields required to win that a deal leaves empty are named by key and label, in the order required', () => {
  const deal = { ...filled, amountMinor: 0, paymentTerms: '  ', customFields: {} };
  assert.deepEqual(missingFieldsToWin(deal, ['custom.po_number', 'amountMinor', 'ownerId', 'paymentTerms']), [
    { key: 'custom.po_number', label: 'po_number (custom field)' },
    { key: 'amountMinor', label: 'Amount' },
    { key: 'paymentTerms', label: 'Payment terms' },
  ]);
  assert.deepEqual(missingFieldsToWin(filled, ['amountMinor', 'ownerId', 'paymentTerms', 'custom.po_number']), []);
});

test('a field required to win must be a deal field or custom.<key>, listed once', () => {
  assert.deepEqual(checkRequiredFields(['paymentTerms', 'custom.po_number']), []);
  const issues = checkRequiredFields(['paymentTerms', 'shoeSize', 'paymentTerms', 'custom.']);
  assert.deepEqual(
    issues.map((i) => i.path),
    ['requiredToWin/1', 'requiredToWin/2', 'requiredToWin/3'],
  );
  assert.match(issues[0]!.message, /"shoeSize" is not a deal field/);
});

test('winning an open deal with required fields empty is a conflict that names them; a won deal stays unchanged', () => {
  const missing = [
    { key: 'paymentTerms', label: 'Payment terms' },
    { key: 'contractVersion', label: 'Contract version' },
  ];
  assert.throws(
    () => win(opp('p'), prospect, stages, { today: '2026-11-25', missing }),
    (e: unknown) =>
      e instanceof AppError &&
      e.code === 'opportunity.missing_fields' &&
      e.kind === 'conflict' &&
      e.message === 'Fill in Payment terms and Contract version before marking "Acme rollout" won' &&
      JSON.stringify(e.details) === JSON.stringify({ missing }),
  );
  assert.equal(win(opp('w'), prospect, stages, { today: '2026-11-25', missing }).kind, 'unchanged');
});
