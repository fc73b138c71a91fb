// Money as people say and sign it, normalised over a year so a price said on a call can be compared with the signed one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counts, datesIn, durations, moneyIn, paymentDays, percentages, responseHours } from './quantities.ts';
import { nonEnglishLanguage } from './language.ts';

test('sums of money with their period, over a year; years, counts and durations are not money', () => {
  const one = (text: string) => moneyIn(text).map((m) => [m.amount, m.currency, m.period, m.perYear]);
  assert.deepEqual(one('Subscription: USD 14,000 per quarter, invoiced quarterly in advance.'), [[14000, 'USD', 'quarter', 56000]]);
  assert.deepEqual(one('The platform is 12,000 per quarter, billed quarterly.'), [[12000, null, 'quarter', 48000]]);
  assert.deepEqual(one('Our budget is $48k a year.'), [[48000, '$', 'year', 48000]]);
  assert.deepEqual(one('EUR 2.500 per month'), [[2500, 'EUR', 'month', 30000]]);
  assert.deepEqual(one('A one-time fee of €9,500.'), [[9500, '€', null, null]]);
  assert.deepEqual(one('In 2026 we will have 30 users live within 3 weeks.'), []);
});

test('a source plainly in another language is named; English and short texts are not', () => {
  assert.equal(
    nonEnglishLanguage('Hola Sam, el objetivo es que cada importador vea su pedido y los documentos en un portal, sin tener que escribirnos.'),
    'Spanish',
  );
  assert.equal(
    nonEnglishLanguage('Wir benötigen den finalen Vertrag bis 15.04., da Dr. Brenner danach bis Mai im Ausland ist und wir nicht warten können.'),
    'German',
  );
  assert.equal(
    nonEnglishLanguage('Our goal is to cut the time dispatchers spend on route planning by half, and we want it live before the peak season.'),
    null,
  );
  assert.equal(nonEnglishLanguage('Hola Sam, gracias.'), null);
});

test('money said in words, and calendar dates as people write and say them', () => {
  const one = (text: string) => moneyIn(text).map((m) => [m.amount, m.currency, m.perYear]);
  assert.deepEqual(one("We've set aside about forty thousand dollars for the year."), [[40000, '$', null]]);
  assert.deepEqual(one('It would be twelve thousand a quarter.'), [[12000, null, 48000]]);
  assert.deepEqual(one('Anything over fifty grand goes to the board.'), [[50000, null, null]]);
  assert.deepEqual(one('About 40 thousand a year.'), [[40000, null, 40000]], 'read once, not twice');
  const days = (text: string) => datesIn(text).map((d) => [d.month, d.day, d.year]);
  assert.deepEqual(days('live in every store by October fifteenth'), [[10, 15, null]]);
  assert.deepEqual(days('Go-live (all stores): 30 November 2026.'), [[11, 30, 2026]]);
  assert.deepEqual(days('before our summit on March 3rd'), [[3, 3, null]]);
  assert.deepEqual(days('kickoff on the 1st of June, go-live 2026-09-14'), [
    [6, 1, null],
    [9, 14, 2026],
  ]);
  assert.deepEqual(days('We may 5x the volume in May.'), [], 'a month with no day is no date');
});

test('terms as public order forms and SOWs write them: calendar days, payment periods, nines, US dates, month deadlines', () => {
  assert.deepEqual(
    durations('Deliverable due within thirty (30) calendar days after award.').map((d) => d.days),
    [30],
  );
  assert.equal(paymentDays("Payment Period: 30 days from Customer's receipt of invoice"), 30);
  assert.equal(paymentDays('Customer will pay within 45 day(s) of receipt of invoice.'), 45);
  assert.ok(percentages('We run at four nines.').includes(99.99));
  assert.deepEqual(
    datesIn('Period of performance: 01/15/2027 to 01/14/2028.').map((d) => [d.month, d.day, d.year]),
    [
      [1, 15, 2027],
      [1, 14, 2028],
    ],
  );
  assert.deepEqual(
    datesIn("We'd have you live by the end of January.").map((d) => [d.month, d.day]),
    [[1, 31]],
  );
  assert.deepEqual(responseHours('We respond within the hour, and in 30 minutes on P1.'), [0.5, 1]);
  assert.deepEqual(counts('live in all one hundred forty stores'), [], 'part of a larger number is no count');
});
