import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.ts';
import { afterPrepare, gates, transition, type BriefConflict, type BriefItem } from './review.ts';

const evidence = [{ sourceId: 'n1', quote: 'words' }];
let n = 0;
function item(kind: BriefItem['kind'], extra: Partial<BriefItem> = {}): BriefItem {
  return {
    id: `i${++n}`,
    kind,
    origin: 'extracted',
    text: `${kind} ${n}`,
    evidence,
    promiseKind: kind === 'promise' ? 'timeline' : null,
    stakeholder: null,
    field: null,
    ownerId: null,
    review: null,
    answer: null,
    raisedBy: null,
    dismissed: null,
    withdrawn: false,
    edited: null,
    ...extra,
  };
}
const reviewed = { decision: 'confirmed' as const, byId: 'ae', at: '2026-11-29T10:00:00Z', note: null };
const owners = { aeId: 'ae', csmId: 'csm' };
const ready = () => [item('goal'), item('first_value'), item('risk', { ownerId: 'csm' }), item('promise', { review: reviewed })];
const open = (list: ReturnType<typeof gates>) => list.filter((g) => !g.passed).map((g) => g.key);
const conflict = (status: BriefConflict['status']): BriefConflict => ({
  id: 'c1',
  kind: 'timeline',
  summary: '4 weeks vs 8',
  notes: evidence[0]!,
  scope: { sourceId: 's1', quote: 'eight weeks' },
  status,
  resolution: null,
  note: null,
});

describe('gates', () => {
  test('a complete brief with owners passes every gate', () => {
    assert.deepEqual(open(gates(owners, ready(), [])), []);
  });

  test('no explicit buyer goal holds acceptance back', () => {
    assert.deepEqual(
      open(
        gates(
          owners,
          ready().filter((i) => i.kind !== 'goal'),
          [],
        ),
      ),
      ['goals'],
    );
  });

  test('a dismissed goal does not count as explicit', () => {
    const items = ready().map((i) => (i.kind === 'goal' ? { ...i, dismissed: { by: 'cs', at: 'x', reason: 'wrong' } } : i));
    assert.deepEqual(open(gates(owners, items, [])), ['goals']);
  });

  test('no first-value milestone holds acceptance back', () => {
    assert.deepEqual(
      open(
        gates(
          owners,
          ready().filter((i) => i.kind !== 'first_value'),
          [],
        ),
      ),
      ['first_value'],
    );
  });

  test('an open risk without an owner holds acceptance back, and says how many', () => {
    const result = gates(owners, [...ready(), item('risk'), item('risk')], []);
    assert.deepEqual(open(result), ['risk_owners']);
    assert.equal(result.find((g) => g.key === 'risk_owners')!.detail, '2 risks without an owner');
  });

  test('a promise not reviewed by its owner holds acceptance back', () => {
    assert.deepEqual(open(gates(owners, [...ready(), item('promise')], [])), ['promises_reviewed']);
  });

  test('a promise quoted only from the signed scope needs no review: the contract stands for itself', () => {
    assert.deepEqual(open(gates(owners, [...ready(), item('promise', { signed: true })], [])), []);
  });

  test('an item without evidence holds acceptance back; questions and kickoff tasks need none', () => {
    assert.deepEqual(open(gates(owners, [...ready(), item('question', { evidence: [] }), item('kickoff_task', { evidence: [] })], [])), []);
    assert.deepEqual(open(gates(owners, [...ready(), item('workflow', { evidence: [] })], [])), ['evidence']);
  });

  test('without a CSM (or an AE) nobody owns the handoff', () => {
    assert.deepEqual(open(gates({ aeId: 'ae', csmId: null }, ready(), [])), ['owner']);
    assert.deepEqual(open(gates({ aeId: null, csmId: 'csm' }, ready(), [])), ['owner']);
  });

  test('an open conflict holds acceptance back; a settled one does not', () => {
    assert.deepEqual(open(gates(owners, ready(), [conflict('open')])), ['conflicts']);
    assert.deepEqual(open(gates(owners, ready(), [conflict('resolved')])), []);
  });
});

describe('review transitions', () => {
  const refused = (fn: () => unknown, code: string) => assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === code && e.kind === 'conflict');

  test('the AE sends a draft, a brief in review, or a returned brief to the CSM', () => {
    for (const from of ['draft', 'ae_review', 'returned'] as const) assert.equal(transition(from, 'submit'), 'csm_review');
    refused(() => transition('csm_review', 'submit'), 'brief.wrong_status');
  });

  test('the CSM returns or accepts only a brief in CSM review', () => {
    assert.equal(transition('csm_review', 'return'), 'returned');
    assert.equal(transition('csm_review', 'accept', []), 'accepted');
    refused(() => transition('ae_review', 'return'), 'brief.wrong_status');
    refused(() => transition('ae_review', 'accept'), 'brief.wrong_status');
  });

  test('acceptance with open gates is refused and names them', () => {
    const missing = gates(owners, [], []).filter((g) => !g.passed);
    assert.throws(
      () => transition('csm_review', 'accept', missing),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'brief.gates_open' &&
        /customer goals are explicit/.test(e.message) &&
        (e.details?.gates as string[]).includes('first_value'),
    );
  });

  test('nothing moves a paused or an accepted brief by hand', () => {
    for (const action of ['submit', 'return', 'accept'] as const) {
      refused(() => transition('paused', action), 'brief.wrong_status');
      refused(() => transition('accepted', action), 'brief.wrong_status');
    }
  });

  test('preparing: a won deal starts in AE review, an open one as a draft; conflicts pause it, and it resumes where it was', () => {
    assert.deepEqual(afterPrepare(undefined, true, 0), { status: 'ae_review', pausedFrom: null });
    assert.deepEqual(afterPrepare(undefined, false, 0), { status: 'draft', pausedFrom: null });
    assert.deepEqual(afterPrepare({ status: 'draft', pausedFrom: null }, true, 0), { status: 'ae_review', pausedFrom: null }, 'the win starts the review');
    assert.deepEqual(afterPrepare({ status: 'csm_review', pausedFrom: null }, true, 2), { status: 'paused', pausedFrom: 'csm_review' });
    assert.deepEqual(afterPrepare({ status: 'paused', pausedFrom: 'csm_review' }, true, 0), { status: 'csm_review', pausedFrom: null });
    assert.deepEqual(afterPrepare({ status: 'returned', pausedFrom: null }, true, 0), { status: 'returned', pausedFrom: null });
  });
});
