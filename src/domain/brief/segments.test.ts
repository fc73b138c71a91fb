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
