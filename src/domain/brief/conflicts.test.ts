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

describe('sales talk as people say it against limits as contracts write them', () => {
  const sow = [
    'STATEMENT OF WORK',
    '',
    '1. Services',
    '',
    '1.1 Provider will configure the standard Zendesk connector, which provides read access to ticket data only.',
    '',
    '1.2 Training is limited to two (2) remote sessions for up to six (6) Customer super users.',
    '',
    '1.3 The warehouse sites and the returns desk are deferred to a subsequent phase to be scoped under a separate SOW.',
    '',
    '1.4 Customer shall provide order history as a CSV extract in Provider’s import template.',
    '',
    '1.5 Data migration is limited to open accounts created in the twelve (12) months before the Effective Date.',
    '',
    '1.6 Provider will enable the standard dashboard pack.',
    '',
    '1.7 Implementation will be completed within ninety (90) days after the kickoff meeting.',
  ].join('\n');
  const orderForm = [
    'ORDER FORM',
    '',
    '**Subscription Fees**',
    'USD 2,000 per month, billed annually in advance.',
    '',
    '**Setup Fee (one-time)**',
    'USD 3,000',
    '',
    '**Fee Increases**',
    'Fees may increase upon renewal by up to 5% over the prior term.',
    '',
    '**Support**',
    'Priority 1 incidents: initial response within eight (8) business hours.',
    '',
    'Support channels: Customer Portal and e-mail only.',
  ].join('\n');
  const x = brief([
    call([
      ['Rachel Okafor', 'And the Zendesk sync goes both ways, so a case closed here updates the ticket back in Zendesk.'],
      ['Rachel Okafor', "We'll train everybody on the sales floor before launch."],
      ['Rachel Okafor', 'All the warehouse sites and the returns desk go live together at launch.'],
      ['Rachel Okafor', "We'll connect straight into your Shopify store so order history comes across automatically."],
      ['Rachel Okafor', 'Not a problem, you can bring over all your accounts, as far back as you have them.'],
      ['Rachel Okafor', "We'll build you that margin dashboard for the Monday meeting."],
      ['Greg Halloran', 'Realistically, how long until we are using it?'],
      ['Rachel Okafor', 'We usually have teams your size up and running in about six weeks.'],
    ]),
    scope(sow),
  ]);
  const y = brief([
    {
      id: 'e1',
      kind: 'email',
      title: 'Re: pricing',
      occurredAt: '2026-11-10T10:00:00Z',
      text: [
        'From: Rachel Okafor <rachel@baton.example>',
        'To: Greg Halloran <greg@tidewater.example>',
        'Subject: Re: pricing',
        '',
        'Hi Greg,',
        '',
        'The $2,000 a month stays where it is for as long as you are with us.',
        'Setup is baked into the subscription, so there is nothing extra to get your team going.',
        'If something breaks, someone on our team will jump on it within the hour.',
        "You'll also get a shared Slack channel with our support team.",
        '',
        'Rachel',
      ].join('\n'),
    },
    scope(orderForm),
  ]);
  const found = (z: Extraction, notes: RegExp, kind: string, scopeStart: string) => {
    const c = z.conflicts.find((k) => notes.test(k.notes.quote) && k.kind === kind && k.scope.quote.startsWith(scopeStart));
    assert.ok(c, JSON.stringify(z.conflicts.map((k) => [k.kind, k.notes.quote, k.scope.quote])));
  };

  test('a sync that goes both ways against read access only', () => found(x, /goes both ways/, 'integration', '1.1 Provider'));
  test('everybody trained against a limit with a figure', () => found(x, /train everybody/, 'scope', '1.2 Training'));
  test('everything at launch against work deferred to a later phase', () => found(x, /go live together/, 'scope', '1.3 The warehouse'));
  test('a connection said against a CSV extract the customer supplies', () => found(x, /connect straight into/, 'integration', '1.4 Customer'));
  test('all the history brought over ("Not a problem" is no denial) against a migration limited to a period', () =>
    found(x, /bring over all your accounts/, 'scope', '1.5 Data migration'));
  test('a report built for the customer against the standard one', () => found(x, /build you that margin dashboard/, 'scope', '1.6 Provider'));
  test('up and running in six weeks against ninety days after kickoff', () => found(x, /up and running/, 'timeline', '1.7 Implementation'));
  test('a price that stays where it is against increases on renewal', () => found(y, /stays where it is/, 'pricing', 'Fees may increase'));
  test('set-up baked into the subscription against a one-time fee under its label', () => found(y, /baked into/, 'pricing', 'USD 3,000'));
  test('someone on it within the hour against a response in business hours', () => found(y, /jump on it/, 'sla', 'Priority 1'));
  test('a shared Slack channel against the portal and e-mail only', () => found(y, /Slack channel/, 'sla', 'Support channels'));

  test('all five said and up to five signed is no conflict', () => {
    const z = brief([
      call([['Rachel Okafor', "We'll train every site lead, all five sites, before launch."]]),
      scope('Training is limited to one (1) remote session for up to five (5) sites.'),
    ]);
    assert.deepEqual(
      z.conflicts.filter((c) => c.kind === 'scope'),
      [],
    );
  });
});
