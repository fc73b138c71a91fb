import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeExtraction } from './brief.ts';
import { extractEmbedded } from './extract.ts';
import type { BriefInput, Extraction, Source } from './types.ts';

const vendor = { company: 'Baton', people: ['Rachel Okafor', 'Tom Lindqvist'] };
const deal = { name: 'Tidewater order desk', accountName: 'Tidewater Wholesale', complexity: 'complex', dealType: 'new_business' };

function brief(sources: Source[]): Extraction {
  const input: BriefInput = { sources, vendor, deal };
  return completeExtraction(extractEmbedded(input), input, 'embedded');
}
// A transcript as recording tools export it: the speaker and a timestamp on their own line.
const call = (turns: [string, string][]): Source => ({
  id: 'c1',
  kind: 'call',
  title: 'Scoping call',
  text: turns.map(([who, said], i) => `${who}  00:0${i}:10\n${said}\n`).join('\n'),
  occurredAt: '2026-10-29T10:00:00Z',
});
const scope = (text: string, signed = '2026-11-16'): Source => ({ id: 's1', kind: 'scope', title: 'Statement of Work', text, occurredAt: signed });
const conflict = (x: Extraction, notes: RegExp) => x.conflicts.find((c) => notes.test(c.notes.quote));

describe('conflicts between what sales said and a contract written in contract words', () => {
  const sow = [
    'STATEMENT OF WORK',
    '',
    '1. SERVICES',
    '',
    "1.1 Provider will configure the order desk workspace and import Customer's account records supplied in Provider's template.",
    '',
    '2. EXCLUSIONS',
    '',
    '2.1 The following are not included in the Services: (a) integrations with third-party systems, including ERP or accounting systems; (b) custom development.',
    '',
    '2.2 Provider shall not be responsible for cleansing, de-duplicating or correcting Customer Data prior to import.',
    '',
    '3. CUSTOMER RESPONSIBILITIES',
    '',
    '3.1 Customer is responsible for configuring its identity provider for single sign-on.',
  ].join('\n');

  test('work the seller promised that a clause says the provider is not responsible for', () => {
    const x = brief([
      call([
        ['Greg Halloran', 'Our customer list is full of duplicates.'],
        ['Rachel Okafor', "We'll clean up and de-duplicate your customer records before the import."],
      ]),
      scope(sow),
    ]);
    const c = conflict(x, /de-duplicate your customer records/);
    assert.ok(c, JSON.stringify(x.conflicts));
    assert.equal(c.kind, 'scope');
    assert.equal(c.scope.quote, '2.2 Provider shall not be responsible for cleansing, de-duplicating or correcting Customer Data prior to import.');
  });

  test('an integration promised by name against a list that excludes third-party integrations, and single sign-on left to the customer', () => {
    const x = brief([
      call([
        ['Greg Halloran', 'Every order gets typed twice, once in the CRM and once in Dynamics.'],
        ['Tom Lindqvist', "We'll build the connector to your Dynamics instance as part of the implementation."],
        ['Greg Halloran', 'And the logins? IT will ask.'],
        ['Tom Lindqvist', "Our engineers will set up single sign-on against your Okta tenant, you won't have to do anything there."],
      ]),
      scope(sow),
    ]);
    const erp = conflict(x, /connector to your Dynamics/);
    assert.equal(erp?.kind, 'integration', JSON.stringify(x.conflicts));
    assert.match(erp.scope.quote, /^2\.1 The following are not included/);
    const sso = conflict(x, /single sign-on against your Okta/);
    assert.equal(sso?.kind, 'integration', JSON.stringify(x.conflicts));
    assert.equal(sso.scope.quote, '3.1 Customer is responsible for configuring its identity provider for single sign-on.');
  });

  test('no conflict when the scope takes on the named system, or excludes only what the seller also left out', () => {
    const x = brief([
      call([
        ['Tom Lindqvist', "We'll build the connector to your Dynamics instance as part of the implementation."],
        ['Rachel Okafor', "We'll configure the mapping so tax IDs are never stored in Baton."],
      ]),
      scope(
        [
          '1. SERVICES',
          '1.1 Provider will build and configure the Dynamics 365 connector for orders.',
          '2. EXCLUSIONS',
          '2.1 The following are not included in the Services: (a) integrations with other third-party systems; (b) custom development.',
          '2.2 Tax identification numbers will be excluded from the mapping and not stored.',
        ].join('\n'),
      ),
    ]);
    assert.deepEqual(
      x.conflicts.map((c) => c.notes.quote),
      [],
    );
  });

  test('a go-live day promised against a signed number of weeks from the effective date, counted from the signature', () => {
    const order =
      'ORDER FORM\n\nGo-live will occur within sixteen (16) weeks of the Effective Date.\n\nPayment terms: invoices are payable within 30 days of the invoice date.';
    const late = brief([call([['Rachel Okafor', "You'll be live across all four practices by March 1."]]), scope(order)]);
    const c = conflict(late, /by March 1/);
    assert.equal(c?.kind, 'timeline', JSON.stringify(late.conflicts));
    assert.match(c.summary, /2027-03-0[78]/);
    // Sixteen weeks from 16 November is early March: a promise of April holds.
    const inTime = brief([call([['Rachel Okafor', "You'll be live across all four practices by April 1."]]), scope(order)]);
    assert.equal(conflict(inTime, /by April 1/), undefined, JSON.stringify(inTime.conflicts));
  });

  test("a payment term's 30 days does not agree with a 30-day rollout", () => {
    const x = brief([
      call([['Rachel Okafor', 'Rollout takes 30 days from kickoff for a group your size.']]),
      scope('Implementation: 10 weeks from kickoff.\n\nPayment terms: invoices are payable within 30 days of the invoice date.'),
    ]);
    const c = conflict(x, /Rollout takes 30 days/);
    assert.equal(c?.kind, 'timeline', JSON.stringify(x.conflicts));
    assert.equal(c.scope.quote, 'Implementation: 10 weeks from kickoff.');
  });
});

describe('conflicts said one way and signed another, with no figure or exclusion between them', () => {
  const orderForm = [
    'ORDER FORM',
    '',
    'Onboarding includes configuration of up to 3 workflows, standard owner reports, and remote training for up to 4 administrators.',
    '',
    'EXHIBIT B: SUPPORT',
    '',
    "Customer success is provided by Provider's pooled customer success team.",
    '',
    'Service Level: 99.5% monthly, excluding scheduled maintenance.',
    '',
    'Support is available by email and the web portal only, 8:00 a.m. to 6:00 p.m. Eastern, Monday through Friday.',
  ].join('\n');
  const x = brief([
    call([
      ['Rachel Okafor', "And you'll have a named customer success manager from day one, someone who knows your buildings."],
      ['Greg Halloran', 'What about uptime? Our night staff log emergencies through it.'],
      ['Rachel Okafor', "We commit to a 99.95% SLA on the platform, and there's a phone line for emergencies."],
      ['Rachel Okafor', "We'll build custom owner reports for each building, branded with your logo."],
      ['Rachel Okafor', "We'll train all 8 admins, no problem."],
    ]),
    scope(orderForm),
  ]);
  const pairs = x.conflicts.map((c) => [c.kind, c.notes.quote.slice(0, 24), c.scope.quote.slice(0, 24)]);

  test('a named manager against a pooled team, custom reports against standard ones, eight admins against four', () => {
    assert.ok(
      pairs.some(([k, n, s]) => k === 'scope' && n === "And you'll have a named " && s === 'Customer success is prov'),
      JSON.stringify(pairs),
    );
    assert.ok(
      pairs.some(([k, n, s]) => k === 'scope' && n === "We'll build custom owner" && s === 'Onboarding includes conf'),
      JSON.stringify(pairs),
    );
    assert.ok(
      pairs.some(([k, n, s]) => k === 'scope' && n === "We'll train all 8 admins" && s === 'Onboarding includes conf'),
      JSON.stringify(pairs),
    );
  });

  test('one sentence with an SLA and a phone line is two conflicts: the percentage, and support by e-mail only', () => {
    const sla = pairs.filter(([k, n]) => k === 'sla' && n === 'We commit to a 99.95% SL').map(([, , s]) => s);
    assert.deepEqual(sla.sort(), ['Service Level: 99.5% mon', 'Support is available by '], JSON.stringify(pairs));
  });

  test('the same words signed as said are no conflict', () => {
    const agreed = brief([
      call([['Rachel Okafor', "We'll build custom owner reports for each building, and there's a phone line for emergencies."]]),
      scope('Onboarding includes configuration of custom owner reports.\n\nSupport is available by phone, email and the web portal.'),
    ]);
    assert.deepEqual(agreed.conflicts, []);
  });
});
