import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseActivities, fieldsSource, notesLeftOutRisk } from './sources.ts';

const note = (day: number, body = 'x') => ({ body, occurredAt: `2025-01-${String(day).padStart(2, '0')}T10:00:00.000Z` });

describe('which notes a brief reads', () => {
  it('reads every note, oldest first, when they fit', () => {
    const { read, leftOut } = chooseActivities([note(3), note(2), note(1)], { count: 3, oldest: note(1).occurredAt });
    assert.deepEqual(
      read.map((n) => n.occurredAt.slice(8, 10)),
      ['01', '02', '03'],
    );
    assert.equal(leftOut, null);
  });

  it('keeps the newest within the count and says how many older ones, from when to when, it left out', () => {
    const newestFirst = [note(9), note(8), note(7), note(6)];
    const { read, leftOut } = chooseActivities(newestFirst, { count: 10, oldest: note(1).occurredAt }, { activities: 3, characters: 1000 });
    assert.deepEqual(
      read.map((n) => n.occurredAt.slice(8, 10)),
      ['07', '08', '09'],
    );
    assert.deepEqual(leftOut, { count: 7, from: '2025-01-01', to: '2025-01-06' });
  });

  it('stops at the text budget, but always reads the newest note', () => {
    const { read, leftOut } = chooseActivities(
      [note(3, 'a'.repeat(50)), note(2, 'b'.repeat(60))],
      { count: 2, oldest: note(2).occurredAt },
      { activities: 10, characters: 100 },
    );
    assert.equal(read.length, 1);
    assert.deepEqual(leftOut, { count: 1, from: '2025-01-02', to: '2025-01-02' });
    const huge = chooseActivities([note(3, 'a'.repeat(500))], { count: 1, oldest: note(3).occurredAt }, { activities: 10, characters: 100 });
    assert.equal(huge.read.length, 1);
  });

  it('a risk quotes the deal-fields line that names what was left out; none when nothing was', () => {
    const fields = {
      id: 'd1',
      name: 'Deal',
      amount: '€1,000',
      dealType: 'new_business',
      complexity: 'simple',
      closeDate: null,
      paymentTerms: null,
      contractVersion: null,
      nonStandardClauses: null,
      custom: {},
    };
    assert.equal(notesLeftOutRisk([fieldsSource(fields)]), undefined);
    const source = fieldsSource({ ...fields, leftOut: { count: 1234, from: '2024-01-02', to: '2025-03-04' } });
    const risk = notesLeftOutRisk([source])!;
    assert.equal(risk.kind, 'risk');
    assert.match(risk.text, /^This brief did not read the 1,234 oldest notes, calls, e-mails and meetings \(2024-01-02 to 2025-03-04\)/);
    assert.ok(source.text.includes(risk.evidence[0]!.quote));
  });
});
