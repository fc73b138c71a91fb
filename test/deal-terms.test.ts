// A deal's terms through the API: finance reads and sets the billing schedule, discount, payment terms, contract
// version and clauses; bad amounts, a schedule that does not add up and a discount over 100 % are 400s naming the field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let app: FastifyInstance;
let f: Fixture;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(testDeps(database), database);
  f = await createFixture(testDeps(database), 'terms');
});
after(async () => {
  await app?.close();
  await database?.drop();
});

const terms = (token: string, payload?: object) =>
  app.inject({ method: payload ? 'PATCH' : 'GET', url: `/api/opportunities/${f.opportunity.id}/terms`, headers: bearer(token), ...(payload && { payload }) });

test('a deal nobody set terms on has none; finance sets a milestone schedule that adds up to the amount, with clauses', async () => {
  const empty = await terms(f.tokens.sales);
  assert.equal(empty.statusCode, 200, empty.body);
  assert.deepEqual([empty.json().billingSchedule, empty.json().clauses, empty.json().amountMinor], [null, [], 1_250_000]);

  const set = await terms(f.tokens.finance, {
    billingSchedule: {
      kind: 'milestones',
      milestones: [
        { name: 'Kickoff', amountMinor: 500_000 },
        { name: 'Go-live', amountMinor: 750_000 },
      ],
    },
    paymentTerms: 'net 45',
    discountPercent: 12.5,
    contractVersion: 'MSA v4.0',
    clauses: [{ title: 'Liability cap', text: 'Liability is capped at twice the fees paid.' }],
  });
  assert.equal(set.statusCode, 200, set.body);
  const body = set.json();
  assert.equal(body.scheduleTotalMinor, 1_250_000);
  assert.deepEqual(body.invoices, [
    { label: 'Kickoff', amountMinor: 500_000 },
    { label: 'Go-live', amountMinor: 750_000 },
  ]);
  assert.deepEqual([body.paymentTerms, body.discountPercent, body.contractVersion], ['net 45', 12.5, 'MSA v4.0']);
  const deal = (await app.inject({ method: 'GET', url: `/api/opportunities/${f.opportunity.id}`, headers: bearer(f.tokens.sales) })).json();
  assert.equal(deal.nonStandardClauses, 'Liability cap: Liability is capped at twice the fees paid.', 'rules read the clauses on the deal');
  const audit = await database.db.selectFrom('audit_log').select('action').where('entity_id', '=', f.opportunity.id).orderBy('at').execute();
  assert.ok(audit.some((a) => a.action === 'deal_terms.updated'));
  assert.ok(
    audit.some((a) => a.action === 'opportunity.updated'),
    'payment terms and contract version are audited on the deal',
  );

  const later = await terms(f.tokens.legal, { discountPercent: 10 });
  assert.equal(later.statusCode, 200);
  assert.equal(later.json().billingSchedule.milestones.length, 2, 'what the patch leaves out stays');
  const cleared = await terms(f.tokens.finance, { discountPercent: null, paymentTerms: null });
  assert.deepEqual([cleared.json().discountPercent, cleared.json().paymentTerms], [null, null], 'null clears, it is not a discount of 0 %');
});

test('a discount of 0 % stays 0 and null stays null, for every nullable term; a word for a number is a 400 naming the field', async () => {
  const zero = await terms(f.tokens.finance, { discountPercent: 0, paymentTerms: 'net 30', contractVersion: 'MSA v1' });
  assert.equal(zero.statusCode, 200, zero.body);
  assert.equal(zero.json().discountPercent, 0, 'a discount of 0 % is not read as no discount');
  const cleared = await terms(f.tokens.finance, { discountPercent: null, paymentTerms: null, contractVersion: null });
  assert.equal(cleared.statusCode, 200, cleared.body);
  assert.deepEqual([cleared.json().discountPercent, cleared.json().paymentTerms, cleared.json().contractVersion], [null, null, null]);
  const again = await terms(f.tokens.finance);
  assert.deepEqual([again.json().discountPercent, again.json().paymentTerms, again.json().contractVersion], [null, null, null], 'stored as null, not 0 or ""');
  const word = await terms(f.tokens.finance, { discountPercent: 'ten' });
  assert.equal(word.statusCode, 400);
  assert.match(word.json().error.fields[0].path, /discountPercent/);
});

test('a monthly schedule bills its periods; one that does not add up to the amount is a 400 on billingSchedule', async () => {
  const ok = await terms(f.tokens.admin, { billingSchedule: { kind: 'monthly', amountMinor: 125_000, periods: 10 } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().invoices.length, 10);
  const off = await terms(f.tokens.admin, { billingSchedule: { kind: 'quarterly', amountMinor: 100_000, periods: 4 } });
  assert.equal(off.statusCode, 400);
  assert.equal(off.json().error.fields[0].path, 'body:/billingSchedule');
  assert.match(off.json().error.fields[0].message, /bills 400000 in total but the deal's amount is 1250000/);
  const noPeriods = await terms(f.tokens.admin, { billingSchedule: { kind: 'annually', amountMinor: 1_250_000 } });
  assert.equal(noPeriods.statusCode, 400);
  assert.equal(noPeriods.json().error.fields[0].path, 'body:/billingSchedule/periods');
});

test('negative or fractional amounts, a discount over 100 % and unknown kinds are 400s naming the field; cs may not change terms', async () => {
  const negative = await terms(f.tokens.finance, { billingSchedule: { kind: 'upfront', amountMinor: -5 } });
  assert.equal(negative.statusCode, 400);
  assert.match(negative.json().error.fields[0].path, /billingSchedule\/amountMinor/);
  const fraction = await terms(f.tokens.finance, { billingSchedule: { kind: 'milestones', milestones: [{ name: 'A', amountMinor: 10.5 }] } });
  assert.equal(fraction.statusCode, 400);
  assert.match(fraction.json().error.fields[0].path, /milestones\/0\/amountMinor/);
  const discount = await terms(f.tokens.finance, { discountPercent: 120 });
  assert.equal(discount.statusCode, 400);
  assert.match(discount.json().error.fields[0].path, /discountPercent/);
  assert.equal(discount.json().error.fields[0].message, 'must be <= 100', 'the reason is the limit, not that the field could also be null');
  const kind = await terms(f.tokens.finance, { billingSchedule: { kind: 'weekly', amountMinor: 1 } });
  assert.equal(kind.statusCode, 400);
  const forbidden = await terms(f.tokens.cs, { paymentTerms: 'net 90' });
  assert.equal(forbidden.statusCode, 403);
});
