import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segmentSource, whoIsWho } from './segments.ts';
import type { Source } from './types.ts';

test('numbered speakers are named by a key written down in another source', () => {
  const vendor = { company: 'Baton', people: ['Leo Marsh'] };
  const sources: Source[] = [
    {
      id: 'n1',
      kind: 'note',
      title: 'Call notes',
      text: 'Transcript from the recorder. Speaker 1 = Leo Marsh (Baton), Speaker 2 = Angela Moreno (CFO).',
      occurredAt: null,
    },
    {
      id: 'c1',
      kind: 'call',
      title: 'Pricing call',
      text: 'Speaker 1: Shall we go through the numbers?\nSpeaker 2: Yes. The board wants the cost per load down this year.\nSpeaker 1: Understood.\nSpeaker 2: And I sign off anything over fifty thousand.',
      occurredAt: null,
    },
  ];
  const parties = whoIsWho(sources, vendor, []);
  const turns = segmentSource(sources[1]!, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey);
  const board = turns.find((t) => t.text.startsWith('The board wants'));
  assert.equal(board?.speaker, 'Angela Moreno');
  assert.equal(board?.side, 'customer');
  assert.equal(turns.find((t) => t.text.startsWith('Shall we'))?.side, 'vendor');
  // Without the note, the same turns have no names.
  const bare = segmentSource(sources[1]!, vendor);
  assert.equal(bare.find((t) => t.text.startsWith('The board wants'))?.speaker, null);
});

test("a contact's title does not hide her: Dr. Anita Sharma in the CRM is the Anita Sharma who wrote the quoted reply", () => {
  const vendor = { company: 'Baton', people: ['Marcus Webb'] };
  const email: Source = {
    id: 'e1',
    kind: 'email',
    title: 'Re: Next steps',
    text: 'Hi Anita,\n\nYou will be live by March 1.\n\nMarcus\n\nOn Fri, Nov 6, 2026 at 4:12 PM Anita Sharma wrote:\n> Half my front-desk staff are temps, so whatever we do has to be simple.',
    occurredAt: null,
  };
  const parties = whoIsWho([email], vendor, [{ name: 'Dr. Anita Sharma', email: null }]);
  const quoted = segmentSource(email, parties.vendor, parties.customerNames, parties.customerDomains).find((t) => t.text.startsWith('Half my'));
  assert.equal(quoted?.side, 'customer');
});

test('transcript layouts: a name and a time in brackets, a name alone on its line, WebVTT voice tags; the words carry no label', () => {
  const vendor = { company: 'Baton', people: ['Dana Okoye'] };
  const layouts: Record<string, string> = {
    'name [time] words': 'Dana Okoye [00:00:03] Thanks for joining today.\n\nMaria Garcia [00:00:10] Our IT team is stretched until June.',
    '[name] time, words below': '[Dana Okoye] 00:00:03\nThanks for joining today.\n\n[Maria Garcia] 00:00:10\nOur IT team is stretched until June.',
    '[name] time words': '[Dana Okoye] 00:00:03 Thanks for joining today.\n[Maria Garcia] 00:00:10 Our IT team is stretched until June.',
    'name (time): words': 'Dana Okoye (00:03): Thanks for joining today.\nMaria Garcia (00:10): Our IT team is stretched until June.',
    'name alone, words below': 'Dana Okoye\nThanks for joining today.\n\nMaria Garcia\nOur IT team is stretched until June.',
    'WebVTT voice tags':
      'WEBVTT\n\n1\n00:00:03.000 --> 00:00:09.000\n<v Dana Okoye>Thanks for joining today.</v>\n\n2\n00:00:10.000 --> 00:00:15.000\n<v Maria Garcia>Our IT team is stretched until June.</v>',
    'particle in a name': 'Dana Okoye: Thanks for joining today.\nRamon dela Cruz: Our IT team is stretched until June.',
  };
  for (const [layout, text] of Object.entries(layouts)) {
    const source: Source = { id: 'c1', kind: 'call', title: 'Call', text, occurredAt: null };
    const parties = whoIsWho([source], vendor, [
      { name: 'Maria Garcia', email: null },
      { name: 'Ramon dela Cruz', email: null },
    ]);
    const turns = segmentSource(source, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey);
    const thanks = turns.find((t) => /Thanks for joining/.test(t.text));
    const it = turns.find((t) => /IT team/.test(t.text));
    assert.equal(thanks?.side, 'vendor', `${layout}: ${JSON.stringify(turns.map((t) => [t.side, t.speaker, t.text]))}`);
    assert.equal(thanks?.text, 'Thanks for joining today.', layout);
    assert.equal(it?.side, 'customer', `${layout}: ${JSON.stringify(turns.map((t) => [t.side, t.speaker, t.text]))}`);
    assert.equal(it?.text, 'Our IT team is stretched until June.', layout);
  }
});

test("an e-mail from an address at a domain named after the seller is the seller's; the other addresses in the thread are the buyer's", () => {
  const vendor = { company: 'Baton', people: ['Dana Okoye'] };
  const source: Source = {
    id: 'e1',
    kind: 'email',
    title: 'Re: rollout',
    text: [
      'From: Chris Pell <chris.pell@batonhq.com>',
      'To: Jo Perkins <jo@acmefreight.com>',
      '',
      'We will have the first depot live in four weeks.',
      '',
      'From: Jo Perkins <jo@acmefreight.com>',
      '',
      'Our IT team is stretched until June.',
    ].join('\n'),
    occurredAt: null,
  };
  const parties = whoIsWho([source], vendor, []);
  const turns = segmentSource(source, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey);
  assert.equal(turns.find((t) => /first depot/.test(t.text))?.side, 'vendor');
  assert.equal(turns.find((t) => /IT team/.test(t.text))?.side, 'customer');
});

test('numbered speakers nobody named: the voice that talks about "you" and "your" is the seller, those that say "we" and "our" the buyer', () => {
  const vendor = { company: 'Baton', people: ['Dana Okoye'] };
  const text = [
    'Speaker 1: Thanks for making time. What does your team use today for onboarding?',
    'Speaker 2: We use spreadsheets and our own checklists, and our IT team is stretched until June.',
    'Speaker 1: Got it. With Baton you get templates, and we can have your first site live in four weeks.',
    'Speaker 2: Our board wants this before the summer, so we need to move.',
    'Speaker 1: Understood, you will have a plan from us by Friday.',
  ].join('\n');
  const source: Source = { id: 'c1', kind: 'call', title: 'Discovery', text, occurredAt: null };
  const parties = whoIsWho([source], vendor, []);
  const turns = segmentSource(source, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey);
  assert.equal(turns.find((t) => /first site live/.test(t.text))?.side, 'vendor', JSON.stringify(turns.map((t) => [t.side, t.text])));
  assert.equal(turns.find((t) => /IT team is stretched/.test(t.text))?.side, 'customer');
  // Two voices that sound alike stay unknown: no side is guessed.
  const alike = 'Speaker 1: We met last week.\nSpeaker 2: We did, and we liked it.\nSpeaker 1: We will write it up.';
  const same: Source = { id: 'c2', kind: 'call', title: 'Call', text: alike, occurredAt: null };
  const sameTurns = segmentSource(same, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey);
  assert.ok(
    sameTurns.every((t) => t.side === 'unknown'),
    JSON.stringify(sameTurns.map((t) => [t.side, t.text])),
  );
});

test('e-mail headers in bold, in German or Spanish, and Gmail\'s "Name <address>": each message has its writer, and no reply is lost', () => {
  const vendor = { company: 'Baton', people: ['Dana Okoye'] };
  const body = '\n\nThanks Maria. We will have the first site live in four weeks.\n\nBest,\nDana';
  const reply = '\n\nHi Dana, our IT team is stretched until June.\n\nMaria';
  const layouts: Record<string, string> = {
    bold: `**From:** Dana Okoye <dana@baton.example>\n**Subject:** Plan${body}\n\n**From:** Maria Garcia <maria@acme.example>\n**Subject:** RE: Plan${reply}`,
    german: `Von: Dana Okoye <dana@baton.example>\nBetreff: Plan${body}\n\nVon: Maria Garcia <maria@acme.example>\nBetreff: AW: Plan${reply}`,
    spanish: `De: Dana Okoye <dana@baton.example>\nAsunto: Plan${body}\n\nDe: Maria Garcia <maria@acme.example>\nAsunto: RE: Plan${reply}`,
    gmail: `Dana Okoye <dana@baton.example>\n3 Mar 2026, 09:12\nto Maria${body}\n\nMaria Garcia <maria@acme.example>\n4 Mar 2026, 10:00\nto me${reply}`,
  };
  for (const [layout, text] of Object.entries(layouts)) {
    const source: Source = { id: 'e1', kind: 'email', title: 'Plan', text, occurredAt: null };
    const parties = whoIsWho([source], vendor, [{ name: 'Maria Garcia', email: 'maria@acme.example' }]);
    const turns = segmentSource(source, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey);
    const shown = JSON.stringify(turns.map((t) => [t.side, t.text]));
    assert.equal(turns.find((t) => /first site live/.test(t.text))?.side, 'vendor', `${layout}: ${shown}`);
    assert.equal(turns.find((t) => /IT team is stretched/.test(t.text))?.side, 'customer', `${layout}: ${shown}`);
    assert.ok(!turns.some((t) => /^(\*\*)?(From|Von|De|Betreff|Asunto|Subject)|^to (me|Maria)$|2026, \d/.test(t.text)), `${layout}: ${shown}`);
  }
});

test('a title over a bulleted list heads that list and no further; a line in bold alone is a heading', () => {
  const vendor = { company: 'Baton', people: ['Sam Seller'] };
  const source: Source = {
    id: 'm1',
    kind: 'meeting',
    title: 'Kickoff prep',
    text: [
      '**Where they are today**',
      'Three spreadsheets and a shared inbox.',
      '',
      'Action items',
      '- Amy: export the address books by 6 March.',
      '- Kyle: list the 40 trades.',
      '',
      'Risk noted after the meeting: the estimators will have little time for training before April 17.',
      '',
      '3. Goals',
      '- One intake point for every request.',
    ].join('\n'),
    occurredAt: null,
  };
  const parties = whoIsWho([source], vendor, []);
  const segments = segmentSource(source, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey);
  const headingOf = (start: string) => segments.find((s) => s.text.startsWith(start))?.heading;
  assert.equal(headingOf('Three spreadsheets'), 'where they are today');
  assert.equal(headingOf('export the address books') ?? headingOf('Amy'), 'action items');
  assert.equal(headingOf('Risk noted after the meeting'), null);
  assert.equal(headingOf('One intake point'), 'goals');
  assert.ok(!segments.some((s) => /^(Action items|3\. Goals|\*\*Where)/.test(s.text)));
});

test('an e-mail pasted without its From line: the sign-off names the writer, or the greeting the reader', () => {
  const vendor = { company: 'Baton', people: ['Sam Seller'] };
  const email = (text: string): Source => ({ id: 'e1', kind: 'email', title: 'Re: rollout', text, occurredAt: null });
  const sides = (text: string) => {
    const source = email(text);
    const parties = whoIsWho([source], vendor, [{ name: 'Maria Garcia', email: null }]);
    return segmentSource(source, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey).map((s) => [s.side, s.speaker]);
  };
  const toSam = sides('Hi Sam,\n\nOur IT team is in the middle of an ERP upgrade until March.\n\nThanks,\nJo\n');
  assert.ok(
    toSam.every(([side]) => side === 'customer'),
    JSON.stringify(toSam),
  );
  const fromSam = sides('Hi Maria,\n\nWe will have you live four weeks after kickoff.\n\nBest,\nSam\n');
  assert.ok(
    fromSam.every(([side, speaker]) => side === 'vendor' && speaker === 'Sam'),
    JSON.stringify(fromSam),
  );
  const nobody = sides('Hello team,\n\nWe will have you live four weeks after kickoff.\n');
  assert.ok(
    nobody.every(([side]) => side === 'unknown'),
    JSON.stringify(nobody),
  );
});
