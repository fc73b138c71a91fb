// The handoff brief on the way real people talk and sign (issue 10): who is who, the structure of a call and of a
// document, risks and promises as said, conflicts on prices and durations, gates that count only what is there,
// and a source in another language said plainly. All through the API, on material written for these tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearer, type Fixture } from './helpers/fixtures.ts';
import { briefApi, quotes, type BriefView as Brief } from './helpers/brief-api.ts';

const { workspace, log, attachScope, wonDealWith, inject } = briefApi();

/** A discovery call as a recorder writes it: role labels, a participant list, a second seller named only there. */
const discovery = (f: Fixture) =>
  [
    `Participants: Sam Seller, Dana Okoye <dana@${f.workspace.slug}.test>, Priya Nair (Tidewater Logistics), Marco Bell (Tidewater Logistics)`,
    '',
    'REP: Thanks for joining. Before the demo, what would success look like for you?',
    "PROSPECT: Honestly, if our dispatchers stop re-keying orders and we close the month in three days instead of eight, that's a win.",
    'PROSPECT: How long will the rollout take?',
    '**Dana Okoye:** Three weeks.',
    '**Dana Okoye:** We include connectors for Samsara, NetSuite and Shopify in the standard package.',
    'PROSPECT: Our budget is 40,000 a year, and our CFO has to sign off on anything above that.',
    'REP: The platform is 12,000 per quarter, billed quarterly.',
    'PROSPECT: We are still talking to Descartes as well.',
    "REP: I'll personally be on every weekly call through go-live.",
    'PROSPECT: Can you do the custom customs-broker report?',
    'REP: Let me check with product and get back to you on that.',
    'PROSPECT: We have to be live before our peak season starts on October 1.',
    "Marco Bell: I'll send you the list of depots by Friday.",
  ].join('\n');

const kickoffNote = [
  '## Goals',
  '- Cut order re-keying between dispatch and billing',
  '- Month 1 goal: all six depots booking loads in Baton',
  '',
  '## Success criteria',
  '- Month-end close in three days',
  '',
  '## Next steps',
  '- Sam to send the security questionnaire answers',
  '',
  '## Out of scope',
  '- EDI integration with carriers',
].join('\n');

const sow = [
  'Statement of Work',
  '',
  'In scope',
  '- Configuration of Baton for six depots',
  '- Connectors for NetSuite and Shopify',
  '',
  'Out of scope',
  '- Samsara integration',
  '- EDI integration with carriers',
  '',
  'Fees',
  '- Subscription: USD 14,000 per quarter, invoiced quarterly in advance.',
  '- Implementation: four weeks from kickoff.',
].join('\n');

let tidewater: Promise<Brief> | undefined;
/** One won deal with the call, the kickoff note and the signed SOW; the tests below read its brief. */
const tidewaterBrief = () =>
  (tidewater ??= (async () => {
    const f = await workspace();
    return wonDealWith(f, 'Tidewater rollout', async (f, id) => {
      await log(f, id, 'call', 'Discovery call', discovery(f));
      await log(f, id, 'note', 'Kickoff note', kickoffNote);
      await attachScope(f, id, 'Signed SOW', sow);
    });
  })());

test("who is who: the seller's people and speaker labels are not stakeholders; an unnamed CFO is, by role; evidence is a sentence", async () => {
  const brief = await tidewaterBrief();
  const people = brief.items.stakeholder!.map((i) => i.stakeholder!.name);
  assert.ok(people.includes('Marco Bell'), 'a buyer who spoke is a stakeholder');
  assert.ok(people.includes('CFO'), '"our CFO" said by the buyer is a stakeholder by role');
  for (const seller of ['Sam Seller', 'Dana Okoye', 'Dana']) assert.ok(!people.includes(seller), `${seller} is on the seller's side`);
  for (const label of ['REP', 'PROSPECT']) assert.ok(!people.includes(label), `${label} is a role, not a person`);
  for (const s of brief.items.stakeholder!)
    for (const e of s.evidence) assert.notEqual(e.quote.trim(), s.stakeholder!.name, `${s.stakeholder!.name} is quoted in a sentence, not by a bare name`);
});

test('conversation structure: answers, headings and lists decide the kind; exclusions are never promises; quotes are clean', async () => {
  const brief = await tidewaterBrief();
  assert.ok(
    quotes(brief, 'success_criterion').includes(
      "Honestly, if our dispatchers stop re-keying orders and we close the month in three days instead of eight, that's a win.",
    ),
    'the buyer\'s answer to "what would success look like?" is a success criterion',
  );
  assert.ok(quotes(brief, 'success_criterion').includes('Month-end close in three days'), 'a line under "Success criteria"');
  assert.ok(quotes(brief, 'goal').includes('Cut order re-keying between dispatch and billing'), 'a line under "Goals"');
  assert.ok(quotes(brief, 'goal').includes('Month 1 goal: all six depots booking loads in Baton'), 'a "Month 1 goal" line');
  const threeWeeks = brief.items.promise!.find((p) => p.evidence[0]!.quote === 'Three weeks.');
  assert.equal(threeWeeks?.promiseKind, 'timeline', 'a bare "Three weeks." answering "how long?" is a timeline promise');
  const promised = quotes(brief, 'promise');
  for (const excluded of ['EDI integration with carriers', 'Samsara integration'])
    assert.ok(!promised.includes(excluded), `"${excluded}" sits under "Out of scope": not a promise`);
  assert.ok(!promised.includes('We have to be live before our peak season starts on October 1.'), "the buyer's deadline is not the seller's promise");
  for (const kind of Object.keys(brief.items))
    for (const item of brief.items[kind]!)
      for (const e of item.evidence) {
        assert.doesNotMatch(e.quote, /\*\*|^#|^(REP|PROSPECT|Dana Okoye):/, `clean quote: "${e.quote}"`);
      }
});

test('risks as they are said: an open ask, a competitor, a hard deadline, personal involvement, a budget below the quote; none from a to-do', async () => {
  const brief = await tidewaterBrief();
  const risks = quotes(brief, 'risk');
  for (const r of [
    'Let me check with product and get back to you on that.',
    'We are still talking to Descartes as well.',
    'We have to be live before our peak season starts on October 1.',
    "I'll personally be on every weekly call through go-live.",
    'Our budget is 40,000 a year, and our CFO has to sign off on anything above that.',
  ])
    assert.ok(risks.includes(r), `risk: "${r}"`);
  assert.ok(!risks.includes('Sam to send the security questionnaire answers'), 'a next step is not a risk');
});

test('conflicts on durations, excluded integrations and prices pause the handoff with both quotes', async () => {
  const brief = await tidewaterBrief();
  assert.equal(brief.status, 'paused');
  const found = brief.conflicts.map((c) => [c.kind, c.notes.quote, c.scope.quote]);
  assert.deepEqual(
    found.find(([k]) => k === 'pricing'),
    ['pricing', 'The platform is 12,000 per quarter, billed quarterly.', 'Subscription: USD 14,000 per quarter, invoiced quarterly in advance.'],
  );
  assert.deepEqual(
    found.find(([k]) => k === 'timeline'),
    ['timeline', 'Three weeks.', 'Implementation: four weeks from kickoff.'],
  );
  assert.deepEqual(
    found.find(([k]) => k === 'integration'),
    ['integration', 'We include connectors for Samsara, NetSuite and Shopify in the standard package.', 'Samsara integration'],
  );
  assert.equal(brief.gates.find((g) => g.key === 'conflicts')!.passed, false);
});

test('gates count only what is there: no signed scope is not agreement; a source in Spanish is said to be unread', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Viña rollout', async (f, id) => {
    await log(f, id, 'note', 'Call notes', 'Rodrigo Fuenzalida wants the importers to see their orders in one portal.');
    await log(
      f,
      id,
      'email',
      'Portal para importadores',
      'Hola Sam, el objetivo es que cada importador vea su pedido y los documentos en un portal, sin tener que escribirnos. Los pedidos se pierden entre el correo del importador y mi planilla.',
    );
  });
  const gate = brief.gates.find((g) => g.key === 'conflicts')!;
  assert.equal(gate.passed, false, 'nothing signed to compare with');
  assert.match(gate.detail, /No signed scope/);
  const notRead = brief.items.risk!.find((r) => /Spanish/.test(r.text));
  assert.ok(notRead, 'the brief says the e-mail is in Spanish and was not read');
  assert.match(notRead.text, /reads English only/);
  for (const kind of ['goal', 'workflow', 'promise'])
    for (const item of brief.items[kind] ?? []) assert.doesNotMatch(item.evidence[0]!.quote, /importador/, `no ${kind} guessed from the Spanish e-mail`);
});

test('a demo call: names on the screen are not stakeholders, an ROI pitch is no success criterion or promise, a coaching note no risk', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Tidewater demo', async (f, id) => {
    await log(
      f,
      id,
      'call',
      'Demo',
      [
        'REP: Let me share my screen.',
        '[Screen: Pipeline board showing deals for Jennifer Lopez, Harold Finch and Acme Corp]',
        'REP: Customers typically see a 30% faster month-end close within the first quarter.',
        'Coaching note: watch out, the rep talks too much and the prospect is worried about price.',
        'PROSPECT: Our biggest worry is that the warehouse team has no time for training before March.',
      ].join('\n'),
    );
  });
  const people = (brief.items.stakeholder ?? []).map((i) => i.stakeholder!.name);
  for (const onScreen of ['Jennifer Lopez', 'Harold Finch']) assert.ok(!people.includes(onScreen), `${onScreen} is sample data on the demo screen`);
  const pitch = 'Customers typically see a 30% faster month-end close within the first quarter.';
  assert.ok(!quotes(brief, 'success_criterion').includes(pitch), "the seller's pitch is not the buyer's criterion");
  assert.ok(!quotes(brief, 'promise').includes(pitch), 'nor a promise');
  assert.deepEqual(
    quotes(brief, 'risk'),
    ['Our biggest worry is that the warehouse team has no time for training before March.'],
    'the coaching note is no risk',
  );
});

/** A negotiation call with named speakers (no role labels), and the order form signed after it. */
const negotiation = [
  'Participants: Sam Seller (Baton), Jordan Pike (Ridgeway Foods), Alma Reyes (Ridgeway Foods)',
  '',
  'Jordan Pike: Can you export invoices to our ERP over SFTP?',
  "Sam Seller: I don't know off the top of my head, I'll find out and let you know.",
  "Jordan Pike: Just so you know, we've set aside about forty thousand dollars for this for the year.",
  'Sam Seller: The Growth plan is $4,500 per month.',
  'Sam Seller: Onboarding is a one-time fee of $6,000.',
  "Alma Reyes: To be fair, we're also getting a proposal from Fieldwire next week.",
  "Jordan Pike: And we need it up and running before our distributor summit on March 3rd, that date can't move.",
  'Sam Seller: You can text me any time, and I will stay hands-on until you are live.',
  'Sam Seller: We will have all twelve depots live by February 20th.',
  'Sam Seller: The Salesforce sync is two-way, so notes written in Baton show up in Salesforce.',
  "Sam Seller: And we'll migrate your historical delivery data as part of onboarding.",
].join('\n');

const orderForm = [
  'Order Form',
  '',
  'Fees',
  '- Baton Growth plan: USD 5,200 per month, billed annually in advance.',
  '- Onboarding fee: USD 8,500, one time.',
  '',
  'Schedule',
  '- Go-live for all depots: April 15, 2027.',
  '',
  'Integrations',
  '- Salesforce: read-only sync of accounts and opportunities.',
  '',
  'Out of scope',
  '- Historical data migration',
].join('\n');

test('a negotiation between named speakers: what the buyer said puts the deal at risk, and the order form departs from the call', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Ridgeway rollout', async (f, id) => {
    await log(f, id, 'call', 'Negotiation call', negotiation);
    await attachScope(f, id, 'Signed order form', orderForm);
  });
  const risks = quotes(brief, 'risk');
  for (const [r, why] of [
    ["I don't know off the top of my head, I'll find out and let you know.", 'a question the seller took away'],
    ["Just so you know, we've set aside about forty thousand dollars for this for the year.", 'a budget (said in words) below $4,500 a month'],
    ["To be fair, we're also getting a proposal from Fieldwire next week.", 'another vendor still in play'],
    ["And we need it up and running before our distributor summit on March 3rd, that date can't move.", 'a hard date'],
    ['You can text me any time, and I will stay hands-on until you are live.', 'the rep promising to stay involved'],
  ])
    assert.ok(risks.includes(r), `risk (${why}): "${r}"`);
  assert.ok(!risks.includes('The Growth plan is $4,500 per month.'), "the seller's price is not a risk");

  assert.equal(brief.status, 'paused');
  const found = brief.conflicts.map((c) => [c.kind, c.notes.quote, c.scope.quote]);
  const expected: [string, string, string][] = [
    ['pricing', 'The Growth plan is $4,500 per month.', 'Baton Growth plan: USD 5,200 per month, billed annually in advance.'],
    ['pricing', 'Onboarding is a one-time fee of $6,000.', 'Onboarding fee: USD 8,500, one time.'],
    ['timeline', 'We will have all twelve depots live by February 20th.', 'Go-live for all depots: April 15, 2027.'],
    [
      'integration',
      'The Salesforce sync is two-way, so notes written in Baton show up in Salesforce.',
      'Salesforce: read-only sync of accounts and opportunities.',
    ],
    ['scope', "And we'll migrate your historical delivery data as part of onboarding.", 'Historical data migration'],
  ];
  for (const conflict of expected)
    assert.ok(
      found.some((x) => JSON.stringify(x) === JSON.stringify(conflict)),
      `conflict ${JSON.stringify(conflict)} in ${JSON.stringify(found)}`,
    );
});

test('a go-live signed earlier than promised, a fee said as signed and a plain line under "Out of scope" that was never promised are no conflicts', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Ridgeway phase two', async (f, id) => {
    await log(
      f,
      id,
      'call',
      'Closing call',
      [
        'Participants: Sam Seller (Baton), Jordan Pike (Ridgeway Foods)',
        'Sam Seller: We will have the new depots live before May 30th.',
        'Sam Seller: Onboarding is a one-time fee of $8,500.',
        'Sam Seller: Historical data stays in your old system; we will not migrate it.',
      ].join('\n'),
    );
    await attachScope(
      f,
      id,
      'Signed order form',
      [
        'Fees',
        '- Onboarding fee: USD 8,500, one time.',
        '',
        'Schedule',
        '- Go-live for the new depots: May 15, 2027.',
        '',
        'Out of scope',
        '- Historical data migration',
      ].join('\n'),
    );
  });
  assert.deepEqual(brief.conflicts, [], JSON.stringify(brief.conflicts));
});

test('a conflict the extractor is unsure of waits for the AE: it does not pause the handoff until confirmed, then it does', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Ridgeway field app', async (f, id) => {
    await log(
      f,
      id,
      'call',
      'Demo',
      [
        'Participants: Sam Seller (Baton), Jordan Pike (Ridgeway Foods)',
        'Sam Seller: We will build the Procore integration for you, and it syncs in real time.',
      ].join('\n'),
    );
    await attachScope(
      f,
      id,
      'Signed SOW',
      [
        'Scope',
        '- Configuration of Baton for six depots.',
        '- Mobile app for drivers.',
        '- Two remote training sessions.',
        '- Procore integration: nightly batch export of job costs.',
        '- Monthly usage report.',
        '- Email support during business hours.',
      ].join('\n'),
    );
  });
  const weak = brief.conflicts.find((c) => c.kind === 'integration');
  assert.ok(weak, JSON.stringify(brief.conflicts));
  const conflict = weak as Brief['conflicts'][number] & { id: string; confidence: number; confidenceBasis: string; needsConfirmation: boolean };
  assert.ok(conflict.confidence < 0.5, `weak: ${conflict.confidence} (${conflict.confidenceBasis})`);
  assert.match(conflict.confidenceBasis, /said one way and signed another/);
  assert.equal(conflict.needsConfirmation, true);
  assert.notEqual(brief.status, 'paused', 'a weak conflict alone does not pause the handoff');
  const gate = brief.gates.find((g) => g.key === 'conflicts')!;
  assert.equal(gate.passed, true);
  assert.match(gate.detail, /1 possible conflict to confirm/);

  const confirmed = await inject({ method: 'POST', url: `/api/briefs/${brief.id}/conflicts/${conflict.id}/confirm`, headers: bearer(f.tokens.sales) });
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  const after = confirmed.json() as Brief & { conflicts: { needsConfirmation: boolean; confirmed: { by: string } | null }[] };
  assert.equal(after.status, 'paused', 'confirmed, it pauses the handoff');
  assert.equal(after.conflicts[0]!.needsConfirmation, false);
  assert.ok(after.conflicts[0]!.confirmed?.by);
  assert.equal(after.gates.find((g) => g.key === 'conflicts')!.passed, false);

  const missing = await inject({
    method: 'POST',
    url: `/api/briefs/${brief.id}/conflicts/018f0000-0000-7000-8000-000000000000/confirm`,
    headers: bearer(f.tokens.sales),
  });
  assert.equal(missing.statusCode, 404);
});
