// Importing accounts and contacts from CSV exports (HubSpot, Pipedrive, Salesforce, Baton): matched by the source's id,
// else by name and domain (accounts) or e-mail (contacts), never duplicated; each bad row reported by row, column,
// value and reason and imported not at all; a dry run writes nothing; the same file twice changes nothing; and a
// Baton export of accounts and contacts imported into another installation gives the same records.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createApiToken } from '../src/adapters/db/auth.repo.ts';
import { parseCsv } from '../src/domain/csv.ts';
import { createContact } from '../src/flows/crm.flow.ts';
import { importAccounts, importContacts } from '../src/flows/contact-import.flow.ts';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { app, inject, database, db, deps, workspace, setUp } = useTestServer();
let other: TestDatabase | undefined;
let f: Fixture;
const ctx = () => ({ workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'import test' } });

setUp(async () => {
  f = await workspace('contacts');
});
after(async () => {
  await other?.drop();
});

const count = async (table: 'accounts' | 'contacts', workspaceId = f.workspace.id, on: TestDatabase = database()) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(on.db)).rows[0]!.n;

test('a HubSpot companies export: accounts created with domain, industry and owner, bad rows reported, the same file again changes nothing', async () => {
  const csv = [
    'Record ID,Company name,Company Domain Name,Industry,Company owner',
    `9001,${f.account.name},https://www.acme-contacts.example/,Software,sales@contacts.test`,
    '9002,Globex,globex.com,Energy,',
    '9003,Globex,globex.de,Energy,',
    '9004,Initech,not a domain,,',
    '9005,Umbrella,umbrella.example,,nobody@nowhere.test',
    '9002,Globex again,globex.com,,',
  ].join('\r\n');
  const accountsBefore = await count('accounts');

  const dry = await importAccounts(deps(), ctx(), { csv, dryRun: true });
  assert.deepEqual([dry.dryRun, dry.created, dry.updated, dry.failed], [true, 2, 1, 3]);
  assert.equal(await count('accounts'), accountsBefore, 'a dry run writes nothing');

  const first = await importAccounts(deps(), ctx(), { csv });
  assert.deepEqual([first.created, first.updated, first.unchanged, first.failed], [2, 1, 0, 3]);
  assert.deepEqual(
    first.problems.map((p) => [p.row, p.column, p.value, p.reason]),
    [
      [5, 'Company Domain Name', 'not a domain', 'is not a domain or website (acme.com, https://www.acme.com)'],
      [6, 'Company owner', 'nobody@nowhere.test', 'is no active person of the workspace (e-mail or name)'],
      [7, 'Record ID', '9002', 'is a duplicate: row 3 has the same id'],
    ],
  );
  assert.equal(await count('accounts'), accountsBefore + 2, 'two Globex accounts (two domains); Acme matched by its name, not created again');
  const acme = await db().selectFrom('accounts').selectAll().where('id', '=', f.account.id).executeTakeFirstOrThrow();
  assert.deepEqual([acme.domain, acme.industry, acme.owner_id], ['acme-contacts.example', 'Software', f.users.sales.id]);

  const again = await importAccounts(deps(), ctx(), { csv });
  assert.deepEqual([again.created, again.updated, again.unchanged, again.failed], [0, 0, 3, 3]);
  assert.equal(await count('accounts'), accountsBefore + 2);
});

test('contacts: matched by e-mail (any case) else created; a missing account created, or reported with createAccounts false; the same file twice changes nothing', async () => {
  await createContact(deps(), ctx(), { accountId: f.account.id, firstName: 'Lena', lastName: 'Berg', email: 'Lena.Berg@acme.example' });
  const csv = [
    'Record ID,First Name,Last Name,Email,Phone Number,Job Title,Associated Company',
    `c-1,Lena,Berg,lena.berg@acme.example,+49 30 1234,Head of Ops,${f.account.name}`,
    'c-2,Tom,Hale,tom@hooli.example,,CTO,Hooli',
    'c-3,,,nobody@hooli.example,,,Hooli',
    `c-4,Ana,Silva,ana@acme.example,,,${f.account.name}`,
  ].join('\n');
  const contactsBefore = await count('contacts');
  const accountsBefore = await count('accounts');

  const strict = await importContacts(deps(), ctx(), { csv, createAccounts: false, dryRun: true });
  assert.deepEqual(
    strict.problems.map((p) => [p.row, p.column, p.value, p.reason]),
    [
      [3, 'Associated Company', 'Hooli', 'is no account of the workspace (this import creates none)'],
      [4, 'Last Name', '', 'is required (a first or a last name)'],
    ],
  );

  const first = await importContacts(deps(), ctx(), { csv });
  assert.deepEqual([first.created, first.updated, first.unchanged, first.failed], [2, 1, 0, 1]);
  assert.equal(await count('contacts'), contactsBefore + 2, 'Lena matched by her e-mail, not created twice');
  assert.equal(await count('accounts'), accountsBefore + 1, 'Hooli created once');
  const lena = await db()
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', f.workspace.id)
    .where('first_name', '=', 'Lena')
    .executeTakeFirstOrThrow();
  assert.deepEqual([lena.email, lena.phone, lena.title], ['Lena.Berg@acme.example', '+49 30 1234', 'Head of Ops'], 'the e-mail keeps its case');

  const again = await importContacts(deps(), ctx(), { csv });
  assert.deepEqual([again.created, again.updated, again.unchanged, again.failed], [0, 0, 3, 1]);
  assert.equal(await count('contacts'), contactsBefore + 2);
});

test('a Pipedrive persons export: full names split, contacts without e-mail matched by name within their account', async () => {
  const csv = ['Person - Name,Person - Phone,Person - Organization', `Maria Garcia,+34 91 555,${f.account.name}`, 'Jan van Dijk,,Stark Industries'].join('\n');
  const contactsBefore = await count('contacts');
  const report = await importContacts(deps(), ctx(), { csv });
  assert.deepEqual([report.created, report.updated, report.failed], [1, 1, 0], JSON.stringify(report.problems));
  assert.equal(await count('contacts'), contactsBefore + 1, "Maria Garcia is the fixture's contact: updated, not created");
  const maria = await db().selectFrom('contacts').selectAll().where('id', '=', f.contacts.sponsor.id).executeTakeFirstOrThrow();
  assert.equal(maria.phone, '+34 91 555');
  const jan = await db()
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', f.workspace.id)
    .where('last_name', '=', 'Dijk')
    .executeTakeFirstOrThrow();
  assert.equal(jan.first_name, 'Jan van');
});

test('the import API: a dry run report, an unmapped file is a 400 naming the mapping, and reading is not enough to import', async () => {
  const csv = 'Email,First Name,Last Name,Company\nzoe@example.com,Zoe,Park,Zed Corp\n';
  const dry = await inject({ method: 'POST', url: '/api/imports/contacts', headers: bearer(f.tokens.sales), payload: { csv, dryRun: true } });
  assert.equal(dry.statusCode, 200, dry.body);
  assert.deepEqual(
    { ...(dry.json() as Record<string, unknown>), results: undefined },
    {
      dryRun: true,
      mapping: { firstName: 'First Name', lastName: 'Last Name', email: 'Email', account: 'Company' },
      rows: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      failed: 0,
      problems: [],
      results: undefined,
    },
  );
  const unmapped = await inject({ method: 'POST', url: '/api/imports/accounts', headers: bearer(f.tokens.sales), payload: { csv: 'Foo,Bar\n1,2\n' } });
  assert.equal(unmapped.statusCode, 400);
  assert.deepEqual(unmapped.json().error.fields, [{ path: 'body:/mapping', message: 'no column for the account name' }]);
  const badField = await inject({
    method: 'POST',
    url: '/api/imports/accounts',
    headers: bearer(f.tokens.sales),
    payload: { csv: 'Name\nA\n', mapping: { colour: 'Name' } },
  });
  assert.equal(badField.statusCode, 400);
  const reader = await inject({ method: 'POST', url: '/api/imports/contacts', headers: bearer(f.tokens.cs), payload: { csv } });
  assert.equal(reader.statusCode, 403);
});

test('accounts and contacts exported from Baton come back the same in another installation, and unchanged in their own', async () => {
  const download = async (server: FastifyInstance, url: string, token: string) => (await server.inject({ method: 'GET', url, headers: bearer(token) })).body;
  const accountsCsv = await download(app(), '/api/exports/accounts.csv', f.tokens.sales);
  const contactsCsv = await download(app(), '/api/exports/contacts.csv', f.tokens.sales);

  const accountsBefore = await count('accounts');
  const contactsBefore = await count('contacts');
  const ownAccounts = await importAccounts(deps(), ctx(), { csv: accountsCsv });
  const ownContacts = await importContacts(deps(), ctx(), { csv: contactsCsv });
  assert.deepEqual([ownAccounts.created, ownAccounts.updated, ownAccounts.failed], [0, 0, 0], JSON.stringify(ownAccounts.problems));
  assert.deepEqual([ownContacts.created, ownContacts.updated, ownContacts.failed], [0, 0, 0], JSON.stringify(ownContacts.problems));
  assert.equal(await count('accounts'), accountsBefore);
  assert.equal(await count('contacts'), contactsBefore);

  // Another installation with the same people (its own fixture: the same account and two contacts by name).
  other = await createTestDatabase();
  const otherDeps = testDeps(other);
  const g = await createFixture(otherDeps, 'contacts');
  const otherCtx = { workspaceId: g.workspace.id, actor: { type: 'system' as const, id: null, label: 'import test' } };
  const accounts = await importAccounts(otherDeps, otherCtx, { csv: accountsCsv });
  assert.equal(accounts.failed, 0, JSON.stringify(accounts.problems));
  const contacts = await importContacts(otherDeps, otherCtx, { csv: contactsCsv });
  assert.equal(contacts.failed, 0, JSON.stringify(contacts.problems));
  const otherApp = await buildTestServer(otherDeps, other);
  try {
    const token = (await createApiToken(other.db, { workspaceId: g.workspace.id, name: 'reader', role: 'sales', createdBy: null })).secret;
    // Each record without what an installation gives it (ids, times), in a stable order.
    const comparable = (text: string) => {
      const table = parseCsv(text);
      const keep = table.header.map((h, i) => (['Id', 'Account Id', 'Created', 'Updated'].includes(h) ? -1 : i)).filter((i) => i >= 0);
      return table.rows.map((r) => keep.map((i) => r.cells[i]).join('|')).sort();
    };
    assert.deepEqual(comparable(await download(otherApp, '/api/exports/accounts.csv', token)), comparable(accountsCsv));
    assert.deepEqual(comparable(await download(otherApp, '/api/exports/contacts.csv', token)), comparable(contactsCsv));
  } finally {
    await otherApp.close();
  }
  assert.equal(await count('contacts', g.workspace.id, other), await count('contacts'));
});
