// The handoff brief on material in the shapes of public transcripts and contracts (issue 10, second pass): speakers on
// a line of their own, by job title or by letter, order forms as tables, SOW responsibilities. Through the API, on
// material written for these tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { briefApi, quotes } from './helpers/brief-api.ts';

const { workspace, log, attachScope, wonDealWith } = briefApi();

/** A call exported by a transcription tool: each speaker on a line of their own with the time, the words below. */
const otterCall = [
  'Sam Seller  0:04',
  'Thanks for making the time, Priya.',
  '',
  'Priya Nair  0:11',
  'Sure. The short version is our front desks are drowning in paper forms.',
  '',
  'Sam Seller  0:19',
  'What are you trying to fix first?',
  '',
  'Priya Nair  0:23',
  "Getting every new patient's intake done online before they walk in.",
  '',
  'Sam Seller  1:02',
  "On price, it's 2,000 a month for the platform, all five clinics.",
  '',
  'Priya Nair  1:10',
  'And the Salesforce piece? Our referrals all live in Salesforce.',
  '',
  'Sam Seller  1:14',
  "Salesforce sync is included, that's standard for us.",
].join('\n');

/** An order form in the shape of the public ones: a table of key terms, then what is included and what is not. */
const tableOrderForm = [
  '# Order Form',
  '',
  '| Field | Value |',
  '|---|---|',
  '| Subscription Period | 12 months from the Effective Date |',
  '| Subscription Fee | USD 7,500 per quarter, billed quarterly in advance |',
  '| Payment Terms | Net 30 from invoice date |',
  '',
  '## Exclusions',
  '',
  '- Salesforce integration or any other CRM integration',
].join('\n');

test('a transcription export and a table order form: a monthly price against a higher quarterly fee, an integration the Exclusions clause names', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Northgate intake', async (f, id) => {
    await log(f, id, 'call', 'Pricing call', otterCall);
    await attachScope(f, id, 'Signed order form', tableOrderForm);
  });
  const found = brief.conflicts.map((c) => [c.kind, c.notes.quote, c.scope.quote]);
  for (const conflict of [
    ['pricing', "On price, it's 2,000 a month for the platform, all five clinics.", 'Subscription Fee | USD 7,500 per quarter, billed quarterly in advance'],
    ['integration', "Salesforce sync is included, that's standard for us.", 'Salesforce integration or any other CRM integration'],
  ])
    assert.ok(
      found.some((x) => JSON.stringify(x) === JSON.stringify(conflict)),
      `conflict ${JSON.stringify(conflict)} in ${JSON.stringify(found)}`,
    );
  assert.equal(brief.status, 'paused');
  // The speaker lines carry the turns: the buyer's answer to "what are you trying to fix?" is her goal, and she spoke.
  assert.ok(quotes(brief, 'goal').includes("Getting every new patient's intake done online before they walk in."), JSON.stringify(quotes(brief, 'goal')));
  const priya = (brief.items.stakeholder ?? []).find((i) => i.stakeholder?.name === 'Priya Nair');
  assert.equal(priya?.stakeholder?.engaged, true);
  assert.ok(!quotes(brief, 'promise').some((q) => /Sam Seller|0:\d\d/.test(q ?? '')), 'no speaker line in a quote');
});

test('a meeting labelled by job title: the buyer speaks for the buyer; month-to-month and a price per seat against the signed period and fee', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Osprey dispatch', async (f, id) => {
    await log(
      f,
      id,
      'meeting',
      'Commercial review',
      [
        'Account Executive: So, um, shall we go through the numbers?',
        'Operations Director: Yeah. Go on.',
        'Account Executive: So it is forty dollars per user per month, for the fifty dispatchers.',
        'Finance Manager: And we can get out of it if it does not work?',
        "Account Executive: Yeah, it's month-to-month, you can cancel any time.",
        "Finance Manager: What's driving this for us is we lose about two loads a week because nobody sees the callback.",
      ].join('\n'),
    );
    await attachScope(
      f,
      id,
      'Signed order form',
      [
        'Cloud Service Order Form',
        '',
        '**Subscription Period**',
        '36 months from the Effective Date',
        '',
        '| Item | Quantity | Annual Fee |',
        '|---|---|---|',
        '| Dispatch CRM subscription | 50 users | USD 30,000 |',
      ].join('\n'),
    );
  });
  const found = brief.conflicts.map((c) => [c.kind, c.notes.quote, c.scope.quote]);
  for (const conflict of [
    ['pricing', 'So it is forty dollars per user per month, for the fifty dispatchers.', 'Dispatch CRM subscription | 50 users | USD 30,000'],
    ['timeline', "Yeah, it's month-to-month, you can cancel any time.", '36 months from the Effective Date'],
  ])
    assert.ok(
      found.some((x) => JSON.stringify(x) === JSON.stringify(conflict)),
      `conflict ${JSON.stringify(conflict)} in ${JSON.stringify(found)}`,
    );
  assert.ok(!found.some(([, notes]) => /get out of it/.test(notes ?? '')), "the buyer's question is not the seller's word");
  assert.ok(
    quotes(brief, 'goal').includes("What's driving this for us is we lose about two loads a week because nobody sees the callback."),
    JSON.stringify(quotes(brief, 'goal')),
  );
});

test('speakers by letter with their key, and a SOW that leaves the migration to the customer, caps the seats and charges for support said to be included', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Quarry Hill messaging', async (f, id) => {
    await log(
      f,
      id,
      'meeting',
      'Demo follow-up',
      [
        'Speakers: A = Sam Seller (Baton), B = Colin Fraser (Quarry Hill)',
        '',
        'A: Okay . Um so , thanks for coming back .',
        'B: Yeah no problem .',
        "A: We'll migrate the historical enrolment records for you , all of them .",
        'A: And the plan comes with unlimited staff seats .',
        'A: Premium support is included for the first year .',
        'B: Our IT team is two people , so we are stretched .',
      ].join('\n'),
    );
    await attachScope(
      f,
      id,
      'Signed SOW',
      [
        'STATEMENT OF WORK',
        '',
        '2.0 SCOPE',
        '2.1 Messaging platform for up to 60 staff seats.',
        '2.2 Premium Support: USD 6,000 per year.',
        '',
        '3.0 CUSTOMER RESPONSIBILITIES',
        '3.1 The District is responsible for extracting and migrating historical enrolment records into the import format.',
      ].join('\n'),
    );
  });
  const found = brief.conflicts.map((c) => [c.kind, c.notes.quote, c.scope.quote]);
  for (const conflict of [
    [
      'scope',
      "We'll migrate the historical enrolment records for you , all of them .",
      '3.1 The District is responsible for extracting and migrating historical enrolment records into the import format.',
    ],
    ['scope', 'And the plan comes with unlimited staff seats .', '2.1 Messaging platform for up to 60 staff seats.'],
    ['pricing', 'Premium support is included for the first year .', '2.2 Premium Support: USD 6,000 per year.'],
  ])
    assert.ok(
      found.some((x) => JSON.stringify(x) === JSON.stringify(conflict)),
      `conflict ${JSON.stringify(conflict)} in ${JSON.stringify(found)}`,
    );
  assert.ok(!quotes(brief, 'promise').some((q) => /^[AB]:/.test(q ?? '')), 'the letter is no part of the quote');
  assert.ok(quotes(brief, 'risk').includes('Our IT team is two people , so we are stretched .'), JSON.stringify(quotes(brief, 'risk')));
});

test('a monthly price that comes to the signed annual fee, and an included item the order form does not price, are no conflicts', async () => {
  const f = await workspace();
  const brief = await wonDealWith(f, 'Bellweather desk', async (f, id) => {
    await log(
      f,
      id,
      'call',
      'Final call',
      [
        'Participants: Sam Seller (Baton), Nadia Okafor (Bellweather Credit Union)',
        "**[00:01:40] Sam Seller:** It's 2,500 a month for the platform.",
        '**[00:01:52] Sam Seller:** Onboarding workshops are included.',
        '**[00:02:10] Sam Seller:** We respond within four hours on urgent tickets.',
      ].join('\n'),
    );
    await attachScope(
      f,
      id,
      'Signed order form',
      [
        'ORDER FORM',
        '',
        'Cloud Service Fees: USD 30,000 per year, invoiced annually in advance',
        'Target Response Time: four (4) hours for Priority 1 tickets',
        'Payment Period: 30 days from Customer’s receipt of invoice',
      ].join('\n'),
    );
  });
  assert.deepEqual(brief.conflicts, [], JSON.stringify(brief.conflicts));
});
