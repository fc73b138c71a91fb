// Contacts through the API: the buying roles the brief knows, editing a contact, and the 4xx that name the field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let app: FastifyInstance;
let a: Fixture;
let b: Fixture;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(testDeps(database), database);
  a = await createFixture(testDeps(database), 'alpha');
  b = await createFixture(testDeps(database), 'bravo');
});
after(async () => {
  await app?.close();
  await database?.drop();
});

const patch = (f: Fixture, role: keyof Fixture['tokens'], id: string, payload: object) =>
  app.inject({ method: 'PATCH', url: `/api/contacts/${id}`, headers: bearer(f.tokens[role]), payload });

test('a contact can be a champion, finance, legal or procurement, and a role outside the list is refused naming the field', async () => {
  for (const buyingRole of ['champion', 'finance', 'legal', 'procurement']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: bearer(a.tokens.sales),
      payload: { accountId: a.account.id, firstName: 'Pat', lastName: buyingRole, buyingRole },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().buyingRole, buyingRole);
  }
  const bad = await app.inject({
    method: 'POST',
    url: '/api/contacts',
    headers: bearer(a.tokens.sales),
    payload: { accountId: a.account.id, firstName: 'Pat', lastName: 'Chef', buyingRole: 'chef' },
  });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.ok(
    bad.json().error.fields.some((f: { path: string }) => f.path === 'body:/buyingRole'),
    bad.body,
  );
});

test('a sales user edits a contact: the change is saved and audited; a bad e-mail is a 400 naming the e-mail', async () => {
  const id = a.contacts.sponsor.id;
  const res = await patch(a, 'sales', id, { title: 'Chief Operating Officer', buyingRole: 'champion', email: 'maria@acme.example' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().title, 'Chief Operating Officer');
  assert.equal(res.json().buyingRole, 'champion');
  const read = await app.inject({ method: 'GET', url: `/api/contacts/${id}`, headers: bearer(a.tokens.cs) });
  assert.equal(read.json().buyingRole, 'champion');
  const audit = await database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).where('action', '=', 'contact.updated').execute();
  assert.equal(audit.length, 1);

  const bad = await patch(a, 'sales', id, { email: 'maria@' });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.deepEqual(
    bad.json().error.fields.map((f: { path: string }) => f.path),
    ['body:/email'],
  );
  const empty = await patch(a, 'sales', id, { firstName: '  ' });
  assert.equal(empty.statusCode, 400, empty.body);
  assert.equal((await app.inject({ method: 'GET', url: `/api/contacts/${id}`, headers: bearer(a.tokens.cs) })).json().firstName, 'Maria');
});

test('only roles that edit the CRM edit a contact, and only in their own workspace', async () => {
  const forbidden = await patch(a, 'cs', a.contacts.sponsor.id, { title: 'x' });
  assert.equal(forbidden.statusCode, 403, forbidden.body);
  const elsewhere = await patch(a, 'admin', b.contacts.sponsor.id, { title: 'stolen' });
  assert.equal(elsewhere.statusCode, 404, elsewhere.body);
  const theirs = await app.inject({ method: 'GET', url: `/api/contacts/${b.contacts.sponsor.id}`, headers: bearer(b.tokens.admin) });
  assert.notEqual(theirs.json().title, 'stolen');
});

test('clearing a field with null stores null, not an empty text: a contact title, an account domain, a deal close date', async () => {
  const contact = await patch(a, 'sales', a.contacts.tech.id, { title: 'CTO' });
  assert.equal(contact.json().title, 'CTO');
  const cleared = await patch(a, 'sales', a.contacts.tech.id, { title: null });
  assert.equal(cleared.statusCode, 200, cleared.body);
  assert.equal(cleared.json().title, null);

  const headers = bearer(a.tokens.admin);
  await app.inject({ method: 'PATCH', url: `/api/accounts/${a.account.id}`, headers, payload: { domain: 'acme.example' } });
  const account = await app.inject({ method: 'PATCH', url: `/api/accounts/${a.account.id}`, headers, payload: { domain: null } });
  assert.equal(account.statusCode, 200, account.body);
  assert.equal(account.json().domain, null);
  const stored = await database.db.selectFrom('accounts').select('domain').where('id', '=', a.account.id).executeTakeFirstOrThrow();
  assert.equal(stored.domain, null, 'the database holds null, not ""');

  const deal = await app.inject({ method: 'PATCH', url: `/api/opportunities/${a.opportunity.id}`, headers, payload: { closeDate: null } });
  assert.equal(deal.statusCode, 200, deal.body);
  assert.equal(deal.json().closeDate, null);
  const word = await app.inject({ method: 'PATCH', url: `/api/opportunities/${a.opportunity.id}`, headers, payload: { closeDate: 'soon' } });
  assert.equal(word.statusCode, 400, word.body);
  assert.equal(word.json().error.fields[0].path, 'body:/closeDate');
});
