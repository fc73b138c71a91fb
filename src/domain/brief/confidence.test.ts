// Calibrated output: every extracted item carries a confidence and its basis; gates and scores give credit only for
// what the evidence supports or a person confirmed; weak items are marked for the AE.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractEmbedded } from './extract.ts';
import { gates, needsConfirmation, type BriefItem } from './review.ts';
import { scoreBrief } from './scores.ts';
import { confirmBelow, type BriefInput, type Source } from './types.ts';

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
    confidence: 0.9,
    basis: 'under a heading',
    ...extra,
  };
}
const owners = { aeId: 'ae', csmId: 'csm' };
const gate = (list: ReturnType<typeof gates>, key: string) => list.find((g) => g.key === key)!;
const deal = { complexity: 'simple', dealType: 'new_business' };

describe('gates and scores count only what is supported', () => {
  test('"Notes and signed scope agree" cannot pass without a signed scope, even with no conflict found', () => {
    const noScope = item('question', { field: 'signed_scope', confidence: null });
    const g = gate(gates(owners, [item('goal'), noScope], []), 'conflicts');
    assert.equal(g.passed, false);
    assert.match(g.detail, /No signed scope/);
    // The AE's answer on where the scope is lets it pass, and says so.
    const answered = gate(
      gates(owners, [item('goal'), { ...noScope, answer: { text: 'Signed on paper, scanning it', by: 'AE', at: 'x', activityId: null } }], []),
      'conflicts',
    );
    assert.equal(answered.passed, true);
    assert.match(answered.detail, /the AE answered: Signed on paper/);
  });

  test('completeness is not 100 when goals are missing, and names them', () => {
    const full = ['goal', 'workflow', 'success_criterion', 'first_value', 'stakeholder', 'risk'] as const;
    const all = scoreBrief(
      full.map((k) => item(k)),
      [],
      deal,
      0,
    );
    assert.equal(all.completeness.score, 100);
    const noGoal = scoreBrief(
      full.filter((k) => k !== 'goal').map((k) => item(k)),
      [],
      deal,
      0,
    );
    assert.ok(noGoal.completeness.score < 100, `completeness ${noGoal.completeness.score}`);
    assert.ok(noGoal.completeness.reasons.some((r) => /Missing: buyer goals/.test(r)));
  });

  test('a goal read from a single weak cue is marked to confirm and does not pass the goals gate or fill completeness', () => {
    const weak = item('goal', { confidence: 0.35, basis: 'inferred by the model' });
    assert.equal(needsConfirmation(weak), true);
    const g = gate(gates(owners, [weak], []), 'goals');
    assert.equal(g.passed, false);
    assert.match(g.detail, /1 possible goal to confirm/);
    const s = scoreBrief([weak], [], deal, 0);
    assert.ok(s.completeness.reasons.some((r) => /Missing: buyer goals/.test(r)));
    assert.ok(s.completeness.reasons.some((r) => /1 item with weak evidence not counted/.test(r)));
  });

  test('once the AE confirms it (or reviews or edits it), the weak goal counts', () => {
    for (const extra of [
      { confirmed: { by: 'Ana AE', at: '2026-12-01T10:00:00Z' } },
      { edited: { by: 'Ana AE', at: '2026-12-01T10:00:00Z' } },
      { review: { decision: 'confirmed' as const, byId: 'ae', at: '2026-12-01T10:00:00Z', note: null } },
    ]) {
      const weak = item('goal', { confidence: 0.35, basis: 'inferred by the model', ...extra });
      assert.equal(needsConfirmation(weak), false);
      assert.equal(gate(gates(owners, [weak], []), 'goals').passed, true);
    }
  });

  test('a weak risk still needs an owner and a weak promise still needs review: caution does not wait for confirmation', () => {
    const risk = item('risk', { confidence: 0.4 });
    const promise = item('promise', { confidence: 0.4 });
    const list = gates(owners, [item('goal'), item('first_value'), risk, promise], []);
    assert.equal(gate(list, 'risk_owners').passed, false);
    assert.equal(gate(list, 'promises_reviewed').passed, false);
  });

  test("what a person added, and questions, are never marked: only an extractor's weak reading is", () => {
    assert.equal(needsConfirmation(item('goal', { origin: 'person', confidence: null })), false);
    assert.equal(needsConfirmation(item('question', { confidence: 0.1 })), false);
  });
});

describe('the embedded extractor gives each item a confidence from its evidence', () => {
  const source = (id: string, kind: Source['kind'], text: string): Source => ({ id, kind, title: id, text, occurredAt: '2026-11-20' });
  const input = (sources: Source[]): BriefInput => ({
    sources,
    vendor: { company: 'Relay', people: ['Sam Ortiz'] },
    deal: { name: 'Depot rollout', accountName: 'Kestrel Freight', complexity: 'simple', dealType: 'new_business' },
  });

  test('a line under a "Goals" heading is high, with its basis', () => {
    const raw = extractEmbedded(input([source('n1', 'note', '## Goals\n- Give depot managers one place to see every driver and their hours\n')]));
    const goal = raw.items.find((i) => i.kind === 'goal');
    assert.ok(goal, JSON.stringify(raw.items));
    assert.ok(goal.confidence! >= 0.85, `confidence ${goal.confidence}`);
    assert.match(goal.basis!, /heading|labelled/);
  });

  test("the buyer's answer to 'what would success look like?' is high; every claim has a confidence in 0..1", () => {
    const call = source(
      'c1',
      'call',
      'Sam Ortiz: What would success look like for you in the first quarter?\nMaria Lopez: Every depot manager approves timesheets in the app, with zero paper forms by March.\n',
    );
    const raw = extractEmbedded(input([call]));
    const criterion = raw.items.find((i) => i.kind === 'success_criterion');
    assert.ok(criterion, JSON.stringify(raw.items.map((i) => [i.kind, i.text])));
    assert.ok(criterion.confidence! >= 0.8, `confidence ${criterion.confidence} (${criterion.basis})`);
    for (const i of raw.items) {
      assert.ok(typeof i.confidence === 'number' && i.confidence >= 0 && i.confidence <= 1, `${i.kind} ${i.text}: ${i.confidence}`);
      assert.ok(i.basis && i.basis.length > 3);
    }
  });

  test('a promise quoted from the signed scope is high ("signed scope"); the threshold sits between the bands', () => {
    const raw = extractEmbedded(input([source('s1', 'scope', 'Statement of work\nRelay will deliver the SAP integration within eight weeks of kickoff.\n')]));
    const promise = raw.items.find((i) => i.kind === 'promise');
    assert.ok(promise, JSON.stringify(raw.items));
    assert.equal(promise.basis, 'signed scope');
    assert.ok(promise.confidence! >= confirmBelow);
  });
});
