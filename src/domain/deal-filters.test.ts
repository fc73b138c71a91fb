import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dealFilterIssues, dealListFilter, parseDealSort } from './deal-filters.ts';

test('amounts typed in currency units become minor units, rounded to the cent (19.99 is 1999, not 1998)', () => {
  const filter = dealListFilter({ amountMin: 19.99, amountMax: 250_000.5 });
  assert.equal(filter.amountMinorMin, 1999);
  assert.equal(filter.amountMinorMax, 25_000_050);
});

test('status is the same filter as stageCategory; a leading minus sorts descending', () => {
  assert.equal(dealListFilter({ status: 'won' }).stageCategory, 'won');
  assert.deepEqual(parseDealSort('-closeDate'), { key: 'closeDate', direction: 'desc' });
  assert.deepEqual(parseDealSort('name'), { key: 'name', direction: 'asc' });
  assert.equal(parseDealSort(undefined), undefined);
});

test('ranges the wrong way round name the upper bound; a range of one day or one amount is fine', () => {
  assert.deepEqual(
    dealFilterIssues({ closeFrom: '2026-05-02', closeTo: '2026-05-01', amountMin: 10, amountMax: 9.99 }, 'q:').map((i) => i.path),
    ['q:/closeTo', 'q:/amountMax'],
  );
  assert.deepEqual(dealFilterIssues({ closeFrom: '2026-05-01', closeTo: '2026-05-01', amountMin: 10, amountMax: 10 }, 'q:'), []);
  assert.deepEqual(
    dealFilterIssues({ status: 'open', stageCategory: 'won' }, 'q:').map((i) => i.path),
    ['q:/status'],
  );
});
