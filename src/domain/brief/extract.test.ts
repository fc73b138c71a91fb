import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeExtraction } from './brief.ts';
import { locateQuote } from './evidence.ts';
import { extractEmbedded } from './extract.ts';
import { contactSource } from './sources.ts';
import type { BriefInput, Extraction, ItemKind, Source } from './types.ts';

const vendor = { company: 'Baton', people: ['Sam Seller', 'Priya Raman'] };
const deal = { name: 'Acme rollout', accountName: 'Acme Freight', complexity: 'complex', dealType: 'new_business' };

function brief(sources: Source[]): Extraction {
  const input: BriefInput = { sources, vendor, deal };
  return completeExtraction(extractEmbedded(input), input, 'embedded');
}
const call = (text: string, id = 'c1'): Source => ({ id, kind: 'call', title: 'Discovery call', text, occurredAt: '2026-11-02T10:00:00Z' });
const note = (text: string, id = 'n1'): Source => ({ id, kind: 'note', title: 'Notes', text, occurredAt: '2026-11-03T10:00:00Z' });
const scope = (text: string, id = 's1'): Source => ({ id, kind: 'scope', title: 'Signed SOW', text, occurredAt: '2026-11-10' });
const texts = (x: Extraction, kind: ItemKind) => x.items.filter((i) => i.kind === kind).map((i) => i.text);

describe('the embedded extractor', () => {
  test('a question nobody in the room could answer, and a buyer short of time for the project, are risks', () => {
    const x = brief([
      note(
        'Kickoff prep\nHugh in Finance will want VAT on every invoice; nobody had an answer in the room.\nTheir IT lead is very hard to get time with until the upgrade is done.\nThe team liked the demo.',
      ),
    ]);
    const risks = texts(x, 'risk');
    assert.ok(
      risks.some((r) => /nobody had an answer/.test(r)),
      JSON.stringify(risks),
    );
    assert.ok(
      risks.some((r) => /hard to get time with/.test(r)),
      JSON.stringify(risks),
    );
    assert.ok(!risks.some((r) => /liked the demo/.test(r)));
  });

  test("the buyer's condition with a date on it is a risk, not a promise", () => {
    const x = brief([call('Dana: I need this before the holiday loads start, that is mid-November.\nSam Seller: Understood, we can plan for that.')]);
    assert.ok(
      texts(x, 'risk').some((r) => /I need this before the holiday loads/.test(r)),
      JSON.stringify(x.items.map((i) => [i.kind, i.text])),
    );
    assert.ok(!texts(x, 'promise').some((r) => /I need this before/.test(r)));
  });

  test("every item's evidence is the exact words of the source it names", () => {
    const sources = [
      call(
        'Maria: Our goal is to cut onboarding time for new sites from six weeks to two.\nSam: We will have the SAP connector live in four weeks, included in the subscription.',
      ),
    ];
    const x = brief(sources);
    const claims = x.items.filter((i) => i.kind !== 'question' && i.kind !== 'kickoff_task');
    assert.ok(claims.length >= 3, JSON.stringify(claims));
    for (const item of claims) {
      for (const e of item.evidence) {
        const source = sources.find((s) => s.id === e.sourceId)!;
        assert.equal(source.text.slice(locateQuote(source, e.quote)!.start, locateQuote(source, e.quote)!.end), e.quote);
      }
    }
  });

  test("the seller's commitment is a promise; the customer's wish and a declined ask are not", () => {
    const x = brief([
      call(
        [
          'Maria: We would also like a Slack integration.',
          "Sam: Honestly, Slack isn't on our roadmap, so I can't promise that.",
          'Maria: And the SAP feed?',
          'Sam: We will build the SAP order feed as part of the implementation, at no extra cost.',
        ].join('\n'),
      ),
    ]);
    const promises = x.items.filter((i) => i.kind === 'promise');
    assert.deepEqual(
      promises.map((p) => [p.text, p.promiseKind]),
      [['We will build the SAP order feed as part of the implementation, at no extra cost.', 'integration']],
    );
  });

  test('a discount offered in the notes is a discount promise', () => {
    const x = brief([note('- we offered 10% off the first year for a two-year term\n- they want quarterly billing')]);
    assert.deepEqual(
      x.items.filter((i) => i.kind === 'promise').map((p) => p.promiseKind),
      ['discount'],
    );
  });

  test('stakeholders: contacts, speakers and people named with a role; engaged only when they took part themselves', () => {
    const x = brief([
      contactSource({ id: 'k1', name: 'Maria Garcia', title: 'VP Operations', buyingRole: 'sponsor', email: 'maria@acme.example' }),
      call(
        'Maria: Thanks for joining.\nChen Kim: I run IT here, I will need the SSO details.\nNora Lind (Head of Dispatch): Our dispatchers need the order history on screen.\nSam: Great.',
      ),
      note('- their CFO, Hannah Novak, has not joined any call yet'),
    ]);
    const people = Object.fromEntries(
      x.items.filter((i) => i.stakeholder).map((i) => [i.stakeholder!.name, [i.stakeholder!.authority, i.stakeholder!.engaged]]),
    );
    assert.deepEqual(people['Maria Garcia'], ['sponsor', true]);
    assert.deepEqual(people['Chen Kim']?.[1], true);
    assert.deepEqual(people['Nora Lind'], ['sponsor', true], 'the title in the speaker label says who she is');
    assert.deepEqual(people['Hannah Novak'], ['finance', false]);
    assert.equal(people['Sam Seller'], undefined, "the seller's people are never stakeholders");
  });

  test('risks are what threatens delivery, not the goals around them', () => {
    const x = brief([
      note(
        '- goal: one pipeline for all six hotels\n- heads up: Tiago is the only OPERA admin and he is leaving in March\n- busy season starts in April, no training then',
      ),
    ]);
    assert.deepEqual(texts(x, 'risk'), ['heads up: Tiago is the only OPERA admin and he is leaving in March', 'busy season starts in April, no training then']);
    assert.deepEqual(texts(x, 'goal'), ['goal: one pipeline for all six hotels']);
  });

  test('a promise that the signed scope contradicts is a conflict quoting both sides', () => {
    const x = brief([call('Sam: We will have you live four weeks after kickoff.'), scope('4. TIMELINE\nGo-live: eight (8) weeks after kickoff.')]);
    assert.equal(x.conflicts.length, 1);
    assert.equal(x.conflicts[0]!.kind, 'timeline');
    assert.equal(x.conflicts[0]!.notes.quote, 'We will have you live four weeks after kickoff.');
    assert.equal(x.conflicts[0]!.scope.quote, 'Go-live: eight (8) weeks after kickoff.');
  });

  test('an integration promised on a call and excluded by the scope is a conflict', () => {
    const x = brief([
      call('Sam: Yes, we will build the Epic referral feed as part of your implementation.'),
      scope('2. DELIVERABLES\n2.1 Referral queue for nine clinics.\n3. OUT OF SCOPE\n3.1 Interfaces to Epic or any other EHR system.'),
    ]);
    assert.deepEqual(
      x.conflicts.map((c) => [c.kind, c.scope.quote]),
      [['integration', '3.1 Interfaces to Epic or any other EHR system.']],
    );
  });

  test('what the sources do not say becomes questions for the AE', () => {
    const x = brief([note('- Maria (VP Ops) wants one place for all orders')]);
    const fields = x.items.filter((i) => i.kind === 'question').map((q) => q.field);
    assert.ok(
      fields.includes('first_value') && fields.includes('technical_contact') && fields.includes('kickoff_date') && fields.includes('signed_scope'),
      fields.join(', '),
    );
    assert.ok(!fields.includes('sponsor'), 'a VP is a sponsor');
  });

  test('items whose quoted words are not in the sources are dropped, with the reason', () => {
    const sources = [call('Maria: We need the reports by Friday.')];
    const x = completeExtraction(
      {
        items: [
          { kind: 'risk', text: 'Reports by Friday', evidence: [{ sourceId: 'c1', quote: 'We need the reports by Friday.' }] },
          { kind: 'promise', text: 'Free training', promiseKind: 'scope', evidence: [{ sourceId: 'c1', quote: 'We will train everyone for free.' }] },
          { kind: 'goal', text: 'Grow', evidence: [{ sourceId: 'nowhere', quote: 'We need the reports by Friday.' }] },
        ],
        conflicts: [],
        mentions: { kickoffDate: null, timeline: null },
      },
      { sources, vendor, deal },
      'llm:test',
    );
    assert.deepEqual(
      x.items.filter((i) => i.kind !== 'question' && i.kind !== 'kickoff_task').map((i) => i.text),
      ['Reports by Friday'],
    );
    assert.deepEqual(
      x.dropped.map((d) => d.kind),
      ['promise', 'goal'],
    );
    assert.match(x.dropped[0]!.reason, /not in the source/);
  });

  test('the same words said again are one item, not many', () => {
    const line = 'Maria: Our IT team is busy with a Windows refresh until May, so bandwidth is tight.\nSam: We will have the first clinic live by week six.\n';
    const x = brief([call(line.repeat(500))]);
    assert.equal(texts(x, 'risk').length, 1);
    assert.equal(texts(x, 'promise').length, 1);
  });
});

test('the buyer\'s answer to "anything that could slow this down?" is a risk, "no, nothing" is not; a line under "Risks" is one', () => {
  const x = brief([
    call(
      [
        'Sam Seller: Anything on your side that could slow this down?',
        'Jordan Pike: Our IT team is moving everything to a new tenant until June, and they approve every new login.',
        'Sam Seller: Any concerns from finance?',
        'Jordan Pike: No, nothing there, they are happy with the numbers.',
        '',
        'Risks',
        '- Only one person in IT knows the old dispatch system.',
      ].join('\n'),
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(risks.includes('Our IT team is moving everything to a new tenant until June, and they approve every new login.'), JSON.stringify(risks));
  assert.ok(risks.includes('Only one person in IT knows the old dispatch system.'), JSON.stringify(risks));
  assert.ok(!risks.some((r) => /nothing there/.test(r)), JSON.stringify(risks));
});

test('who is who: a Scottish surname is a speaker, a country is no one, a middle initial and a mail program hide nobody', () => {
  const x = brief([
    contactSource({ id: 'k1', name: 'Robert Lindgren', title: 'EVP Lending', buyingRole: 'sponsor', email: 'robert@prairie.example' }),
    call(
      [
        'Grant McAllister (WVDC): The short version is our shareholders feel like we do not know them.',
        'Sam Seller: Understood.',
        'Ramon dela Cruz: We signed a new healthcare client last month.',
      ].join('\n'),
    ),
    scope(
      [
        '6.4 Customer data is hosted in Australia (AWS ap-southeast-2) and will not be transferred outside Australia.',
        'Signed: Robert J. Lindgren, EVP Lending, 9/18/2026',
      ].join('\n'),
    ),
    {
      id: 'e1',
      kind: 'email',
      title: 'Automatic reply',
      text: 'From: Microsoft Outlook on behalf of Gareth Lewis <gareth.lewis@prairie.example>\nSubject: Automatic reply\n\nI am on annual leave until Monday 21 July.',
      occurredAt: '2026-07-10T10:00:00Z',
    },
  ]);
  const people = x.items.filter((i) => i.stakeholder).map((i) => i.stakeholder!.name);
  assert.ok(people.includes('Grant McAllister'), JSON.stringify(people));
  assert.ok(people.includes('Ramon dela Cruz'), JSON.stringify(people));
  assert.ok(people.includes('Gareth Lewis'), JSON.stringify(people));
  assert.ok(!people.some((p) => /Australia|Outlook/.test(p)), JSON.stringify(people));
  assert.equal(people.filter((p) => /Lindgren/.test(p)).length, 1, JSON.stringify(people));
  assert.ok(!texts(x, 'promise').some((p) => /shareholders/.test(p)), 'the buyer speaking is not the seller promising');
});

test("a signed scope's form is not its content: a table's header row, a clause title, an annex heading and a signature are no promises", () => {
  const x = brief([
    scope(
      [
        '| Milestone | Description | Target date | Payment |',
        '| M1 | Configuration complete | 30 June 2026 | 40% |',
        'C.3 Liquidated damages.',
        '7.2 No service credits apply.',
        'ANNEX B — FAIR DEALING SERVICING REPORT (summary)',
        'Authorized signature, Customer: Michael Hsu, Provost, 3/27/2026',
        'SIGNED for and on behalf of Lumio Systems Pte. Ltd.: Tan Wei Ling, Account Director — 10 July 2026',
      ].join('\n'),
    ),
  ]);
  const promises = texts(x, 'promise');
  assert.ok(
    promises.some((p) => /Configuration complete/.test(p)),
    JSON.stringify(promises),
  );
  assert.ok(
    promises.some((p) => /No service credits apply/.test(p)),
    JSON.stringify(promises),
  );
  for (const form of [/Milestone \| Description/, /Liquidated damages/, /ANNEX B/, /Authorized signature/, /Tan Wei Ling/, /^Ltd/])
    assert.ok(!promises.some((p) => form.test(p)), `${form} read as a promise: ${JSON.stringify(promises)}`);
});

test("minutes that report the buyer's people, and the seller restating the buyer's goal, are no promises", () => {
  const x = brief([
    contactSource({ id: 'k2', name: 'Debbie Walsh', title: 'Commercial Director', buyingRole: 'sponsor', email: 'debbie@club.example' }),
    {
      id: 'm1',
      kind: 'meeting',
      title: 'Steering group minutes',
      text: [
        '1.1 D. Walsh confirmed the budget (£56,000 over 24 months) was approved by the Board on 19 March.',
        '1.2 Sam Seller confirmed Baton will provide an on-site consultant for the first two matchdays.',
      ].join('\n'),
      occurredAt: '2026-03-20T10:00:00Z',
    },
    {
      id: 'e2',
      kind: 'email',
      title: 'Recap',
      text: 'From: Sam Seller <sam@baton.example>\n\nYour goal is to get service reports and invoices out within 48 hours of the visit.\nWe include two days of on-site training at no extra cost.',
      occurredAt: '2026-03-21T10:00:00Z',
    },
  ]);
  const promises = texts(x, 'promise');
  assert.ok(
    promises.some((p) => /on-site consultant/.test(p)),
    JSON.stringify(promises),
  );
  assert.ok(
    promises.some((p) => /two days of on-site training/.test(p)),
    JSON.stringify(promises),
  );
  assert.ok(!promises.some((p) => /budget/.test(p)), JSON.stringify(promises));
  assert.ok(!promises.some((p) => /Your goal/.test(p)), JSON.stringify(promises));
});

test("users who will find the tool hard, and someone else's process with a lead time, are risks the buyer names", () => {
  const x = brief([
    call(
      [
        'Sam Seller: Who will use it day to day?',
        'Jordan Pike: The caregivers, and some of them do not have smartphones, or a phone with no data plan.',
        'Jordan Pike: Firewall changes go through the group IT centre, normally 2-3 weeks.',
        'Jordan Pike: The caregivers liked the demo a lot.',
      ].join('\n'),
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(
    risks.some((r) => /smartphones/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(
    risks.some((r) => /Firewall changes/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(!risks.some((r) => /liked the demo/.test(r)), JSON.stringify(risks));
});

test('"Success for us is ..." is the buyer\'s success criterion, not also a goal; the reason they bought is the goal', () => {
  const x = brief([
    call(
      [
        'Sam Seller: What made you look at this now?',
        'Maria Garcia: For us the whole point is to stop losing context between sales and delivery on every new site.',
        'Sam Seller: And what would success look like a year from now?',
        'Maria Garcia: Success for us is every new site onboarded in under ten working days by the end of the year.',
        'Maria Garcia: How we will judge it: no site waits more than two weeks for its first order.',
      ].join('\n'),
    ),
  ]);
  const goals = texts(x, 'goal');
  const criteria = texts(x, 'success_criterion');
  assert.ok(
    goals.some((g) => /whole point is to stop losing context/.test(g)),
    JSON.stringify(goals),
  );
  assert.ok(!goals.some((g) => /^Success for us|How we will judge/.test(g)), JSON.stringify(goals));
  assert.ok(
    criteria.some((c) => /^Success for us is every new site/.test(c)),
    JSON.stringify(criteria),
  );
});

test('minutes numbered "1. Goals" over dashed lines: the title is a heading, not an item, and its lines are goals (or workflows)', () => {
  const x = brief([
    {
      id: 'm1',
      kind: 'meeting',
      title: 'Steering group minutes',
      occurredAt: '2026-11-04T10:00:00Z',
      text: [
        '1. Why the County is doing this',
        '- Residents call four different numbers today; the County wants one intake point for all public works requests.',
        '',
        '2. Goals',
        '- One overview of all contact with a resident for the agent.',
        '- Agents must be able to reassign a request to another department without calling them.',
      ].join('\n'),
    },
  ]);
  const goals = texts(x, 'goal');
  assert.ok(!goals.some((g) => /^Why the County/.test(g)), JSON.stringify(goals));
  assert.ok(
    goals.some((g) => /^One overview of all contact/.test(g)),
    JSON.stringify(goals),
  );
  assert.ok(
    texts(x, 'workflow').some((w) => /must be able to reassign/.test(w)),
    JSON.stringify(texts(x, 'workflow')),
  );
});

test('discovery notes written as questions and answers: each answer is what its question asked for', () => {
  const x = brief([
    note(
      [
        'Discovery notes',
        '',
        'What are they trying to achieve?',
        'Stop re-keying orders between sales and the warehouse.',
        '',
        'What does success look like?',
        '90% of orders flow without re-keying by June.',
        '',
        'Anything that could slow this down?',
        'Their IT team is mid ERP upgrade until March.',
      ].join('\n'),
    ),
  ]);
  assert.ok(
    texts(x, 'goal').some((g) => /^Stop re-keying orders/.test(g)),
    JSON.stringify(texts(x, 'goal')),
  );
  assert.ok(
    texts(x, 'success_criterion').some((c) => /^90% of orders flow/.test(c)),
    JSON.stringify(texts(x, 'success_criterion')),
  );
  assert.ok(
    texts(x, 'risk').some((r) => /mid ERP upgrade/.test(r)),
    JSON.stringify(texts(x, 'risk')),
  );
  assert.ok(!x.items.some((i) => i.kind !== 'question' && /\?$/.test(i.text)), 'a question heading is not an item');
  const answer = x.items.find((i) => i.kind === 'success_criterion' && /^90%/.test(i.text));
  assert.equal(answer?.basis, 'answer to a question in the notes');
});

test('"Dr." opens a name, it is no street and no person of its own: "our clinical director, Dr. Farah Iqbal"; "Absent with notice: Dr. Hans Verbeek"', () => {
  const x = brief([
    note("I'll need to run it past our clinical director, Dr. Farah Iqbal, she signs off anything that touches patient data."),
    {
      id: 'm1',
      kind: 'meeting',
      title: 'Steering group',
      occurredAt: '2026-11-04T10:00:00Z',
      text: 'Present: Erik Janssen (CIO)\nAbsent with notice: Dr. Hans Verbeek (Raad van Bestuur)\nErik confirmed the award.',
    },
  ]);
  const people = x.items.filter((i) => i.kind === 'stakeholder').map((i) => i.stakeholder!);
  const names = people.map((p) => p.name);
  assert.ok(names.includes('Dr. Farah Iqbal'), JSON.stringify(names));
  assert.ok(!names.includes('Dr'), JSON.stringify(names));
  const hans = people.find((p) => p.name === 'Dr. Hans Verbeek');
  assert.equal(hans?.engaged, false, JSON.stringify(people));
});

test("the seller's colleagues are the deal team, not stakeholders; a name after a title in capitals is read", () => {
  const x = brief([
    call(
      [
        'Sam Seller: I will bring in my colleague Tom Baker for the technical part.',
        'Maria Garcia: Great. Our CFO Raymond Lee will want to see the numbers before we sign.',
        'Tom Baker: Happy to walk through the API with your team.',
        'Sam Seller: Jen Park from our onboarding team will run the kickoff.',
      ].join('\n'),
    ),
  ]);
  const people = x.items.filter((i) => i.kind === 'stakeholder').map((i) => i.stakeholder!);
  const names = people.map((p) => p.name);
  assert.ok(!names.some((n) => /Tom|Jen/.test(n)), JSON.stringify(names));
  const cfo = people.find((p) => p.name === 'Raymond Lee');
  assert.equal(cfo?.authority, 'finance', JSON.stringify(people));
});

test('an initial and a surname: "G. Cole" is the Gavin Cole named elsewhere; "(L. Fitzgerald) has asked" is a person', () => {
  const x = brief([
    {
      id: 'm1',
      kind: 'meeting',
      title: 'Steering group',
      occurredAt: '2026-11-04T10:00:00Z',
      text: [
        'Present: Gavin Cole (Procurement), Helen Marsh (Registrar)',
        '- G. Cole asked for service credits, agreed at 5% of the monthly fee.',
        '- The staff union branch (L. Fitzgerald) has asked for a briefing before go-live.',
      ].join('\n'),
    },
  ]);
  const names = x.items.filter((i) => i.kind === 'stakeholder').map((i) => i.stakeholder!.name);
  assert.ok(names.includes('Gavin Cole') && names.includes('L. Fitzgerald'), JSON.stringify(names));
  assert.ok(!names.some((n) => n === 'Cole' || n === 'G. Cole'), JSON.stringify(names));
});

test("the buyer's signatory on the signed scope is a stakeholder, the seller's is not; a role said in the notes is the same person", () => {
  const x = brief([
    note('Martin wants it signed before the holidays, and the finance director signs.'),
    call('Sam Seller: Anything else before we send it?\nMaria Garcia: Our compliance officer will want to redline it, fair warning.', 'c2'),
    scope(
      [
        'ORDER FORM',
        '1. Subscription: 120 seats, GBP 30,000 per year.',
        'Signed for Acme Freight Limited: Lisa Grant, Director of Finance — 08/08/2026',
        'Signed for Baton Limited: Priya Desai, Senior Account Executive — 08/08/2026',
      ].join('\n'),
    ),
  ]);
  const people = x.items.filter((i) => i.kind === 'stakeholder').map((i) => i.stakeholder!);
  const lisa = people.find((p) => p.name === 'Lisa Grant');
  assert.equal(lisa?.authority, 'finance', JSON.stringify(people));
  assert.equal(lisa?.engaged, false);
  assert.ok(!people.some((p) => /Priya|Finance Director/i.test(p.name)), JSON.stringify(people));
  assert.ok(
    people.some((p) => /compliance officer/i.test(p.name)),
    JSON.stringify(people),
  );
});

test('a role named only in a quoted reply is still someone to bring in', () => {
  const x = brief([
    contactSource({ id: 'k1', name: 'Maria Garcia', title: 'VP Operations', buyingRole: 'sponsor', email: 'maria@acme.example' }),
    {
      id: 'e1',
      kind: 'email',
      title: 'Re: proposal',
      occurredAt: '2026-11-04T10:00:00Z',
      text: [
        'From: Sam Seller <sam@baton.example>',
        'To: Maria Garcia <maria@acme.example>',
        '',
        'Thanks Maria, I will send a one-page summary for her.',
        '',
        'On Tue, Maria Garcia <maria@acme.example> wrote:',
        "> Also, fair to say our finance director isn't sold on this yet; she thinks the spreadsheets are fine.",
      ].join('\n'),
    },
  ]);
  const people = x.items.filter((i) => i.kind === 'stakeholder').map((i) => i.stakeholder!);
  assert.ok(
    people.some((p) => /finance director/i.test(p.name) && p.authority === 'finance'),
    JSON.stringify(people),
  );
});

test("the seller's own notes report the buyer's hold-ups: a review still open, someone else's lead time, what they lack", () => {
  const x = brief([
    note(
      [
        'Deal notes (SS)',
        '- legal wants changes to the DPA before anything is signed',
        '- their security team is one person, questionnaire review normally 2-3 weeks',
        '- only one admin on their side for the whole ERP',
        '- the team liked the demo',
      ].join('\n'),
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(
    risks.some((r) => /changes to the DPA/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(
    risks.some((r) => /2-3 weeks/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(
    risks.some((r) => /only one admin/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(!risks.some((r) => /liked the demo/.test(r)), JSON.stringify(risks));
});

test('a qualification field that names a gap, a competitor under Competition and a line labelled as a flag are risks; filled fields are not', () => {
  const x = brief([
    note(
      [
        'Economic Buyer: not met yet, probably the CFO',
        'Champion: none yet, Dana likes us but has no pull',
        'Decision Criteria: unclear',
        'Decision Process: Dana recommends, the COO signs',
        'Competition: Upsales, mostly on price',
        'Red flag: the finance director has never joined a call',
        'Watch: the warehouse team resisted the last scanner rollout',
        'Metrics: quotes out within 4 hours',
      ].join('\n'),
    ),
  ]);
  const risks = texts(x, 'risk');
  for (const r of ['Economic Buyer', 'Champion', 'Decision Criteria', 'Competition', 'Red flag', 'Watch'])
    assert.ok(
      risks.some((t) => t.startsWith(r)),
      `${r}: ${JSON.stringify(risks)}`,
    );
  assert.ok(!risks.some((t) => /^(Decision Process|Metrics)/.test(t)), JSON.stringify(risks));
});

test("the seller's e-mail to the buyer is not read for risks by its words alone; an e-mail among the seller's people is", () => {
  const email = (text: string, id: string): Source => ({ id, kind: 'email', title: 'E-mail', text, occurredAt: '2026-11-05T10:00:00Z' });
  const x = brief([
    email(
      [
        'From: Sam Seller <sam@baton.example>',
        'To: Dana Cole <dana@acmefreight.example>',
        'Subject: Security pack',
        '',
        'Hi Dana, I have answered your security questionnaire and attached our SOC 2 report and pen test summary.',
      ].join('\n'),
      'e1',
    ),
    email(
      [
        'From: Sam Seller <sam@baton.example>',
        'To: Priya Raman <priya@baton.example>',
        'Subject: Handoff - Acme Freight',
        '',
        'Hi Priya, their security team is one person and the questionnaire review normally takes 2-3 weeks.',
        'Their IT is a one-man band who also looks after the warehouse scanners.',
      ].join('\n'),
      'e2',
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(!risks.some((r) => /answered your security questionnaire/.test(r)), JSON.stringify(risks));
  assert.ok(
    risks.some((r) => /2-3 weeks/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(
    risks.some((r) => /one-man band/.test(r)),
    JSON.stringify(risks),
  );
});

test("a competitor still in the running or cheaper, a no-show, a freeze on changes and someone else's okay are risks in notes and calls", () => {
  const x = brief([
    note(
      ['- Upsales still in the running', '- Marit compared us with Upsales, who came in about 15% lower', '- Derek no-show again, Hannah covering'].join('\n'),
    ),
    call(
      [
        "Niamh Walsh: We can't have any changes in the clinics during the vaccination drive in March.",
        "Conor Byrne: I'll need Aoife's okay on the clinical notes fields.",
        'Conor Byrne: The reception team loved the demo.',
      ].join('\n'),
      'c2',
    ),
  ]);
  const risks = texts(x, 'risk');
  for (const r of [/still in the running/, /came in about 15% lower/, /no-show again/, /vaccination drive/, /Aoife's okay/])
    assert.ok(
      risks.some((t) => r.test(t)),
      `${r}: ${JSON.stringify(risks)}`,
    );
  assert.ok(!risks.some((t) => /loved the demo/.test(t)), JSON.stringify(risks));
});

test('section names alone on a line or in bold head the lines below: "Red flags" makes its lines risks, "Next steps" does not', () => {
  const x = brief([
    note(
      [
        'Red flags',
        '- procurement wants three quotes on file for the PO',
        '',
        '**Things to watch**',
        '- the Oslo office moves to a new building in January',
        '',
        'Next steps',
        '- send the order form with the budget figures to procurement before Friday',
      ].join('\n'),
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(
    risks.some((r) => /three quotes/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(
    risks.some((r) => /new building/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(!risks.some((r) => /send the order form/.test(r)), JSON.stringify(risks));
});

test("a next step on which the buyer's side must approve or review is a risk; the seller's own next steps are not", () => {
  const x = brief([
    call(
      [
        'Next steps',
        '- Sam to send a revised order form with the price hold.',
        '- Marit to confirm the budget sign-off with the board chair before 20 Nov.',
        '- Hannah: get the questionnaire answers reviewed by their security lead.',
      ].join('\n'),
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(
    risks.some((r) => /budget sign-off/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(
    risks.some((r) => /reviewed by their security lead/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(!risks.some((r) => /revised order form/.test(r)), JSON.stringify(risks));
});

test('a concern marked resolved, a question, and risk as what the product shows are no risks', () => {
  const x = brief([
    note(['- Concern resolved: SSO, they use Google Workspace and we support it', '- Sipho has never logged into the admin console'].join('\n')),
    call(
      [
        'Jordan Pike: Could the reminders also go out on WhatsApp, and would that be a problem for consent?',
        'Jordan Pike: The account managers need to see which renewals are at risk without asking the rep.',
        'Jordan Pike: I am worried the field team will not log visits during harvest.',
      ].join('\n'),
      'c2',
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(!risks.some((r) => /Concern resolved/.test(r)), JSON.stringify(risks));
  assert.ok(!risks.some((r) => /WhatsApp/.test(r)), JSON.stringify(risks));
  assert.ok(!risks.some((r) => /at risk without asking/.test(r)), JSON.stringify(risks));
  assert.ok(
    risks.some((r) => /worried the field team/.test(r)),
    JSON.stringify(risks),
  );
});

test("a speaker's repeats do not hide a risk; someone else who must approve or install, and the busiest time of the year, are risks", () => {
  const x = brief([
    call(
      [
        'Sam Seller: Who looks after your IT?',
        "Jordan Pike: We use an outside company, Front Range Tech. They're, they're slow to answer anything.",
        "Jordan Pike: We'd need their admin to, to install it on the server in each office.",
        'Jordan Pike: Then I need Joyce, our legal, to check the privacy side.',
        'Jordan Pike: And December is our busiest month of the year, nobody can do training then.',
        'Jordan Pike: The team liked the demo a lot.',
      ].join('\n'),
    ),
  ]);
  const risks = texts(x, 'risk');
  for (const r of [/slow to answer/, /install it on the server/, /Joyce, our legal/, /busiest month/])
    assert.ok(
      risks.some((t) => r.test(t)),
      `${r}: ${JSON.stringify(risks)}`,
    );
  assert.ok(!risks.some((t) => /liked the demo/.test(t)), JSON.stringify(risks));
});

test("a step waiting on the buyer's people is a risk; an e-mail to the seller's colleagues by name reads like the notes", () => {
  const email = (text: string, title: string): Source => ({ id: 'e1', kind: 'email', title, text, occurredAt: '2026-11-05T10:00:00Z' });
  const x = brief([
    note('Next steps: waiting on their IT to whitelist our domain before we can send invites.'),
    email(
      ['From: Sam Seller', 'To: Priya Raman', 'Subject: Acme', '', 'Priya, their only admin works two days a week, so expect slow answers.'].join('\n'),
      'Acme',
    ),
  ]);
  const risks = texts(x, 'risk');
  assert.ok(
    risks.some((r) => /whitelist our domain/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(
    risks.some((r) => /two days a week/.test(r)),
    JSON.stringify(risks),
  );
});

test("a recorder's summary of a call reports the buyer: what they lack is a risk there too", () => {
  const x = brief([call(['Topics', '- Johan said Kungsholmen only has one receptionist on Fridays.', '- Sam showed the recall dashboard.'].join('\n'))]);
  const risks = texts(x, 'risk');
  assert.ok(
    risks.some((r) => /one receptionist on Fridays/.test(r)),
    JSON.stringify(risks),
  );
  assert.ok(!risks.some((r) => /recall dashboard/.test(r)), JSON.stringify(risks));
});
