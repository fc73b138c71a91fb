// The audit log names the records its changes point at: a changed owner reads as the person, a deal as its name,
// with the ids kept beside the names; the names of a page are looked up once per kind of record.
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
  f = await createFixture(testDeps(database));
});

after(async () => {
  await app.close();
  await database.drop();
});

type Entry = {
  action: string;
  entityId: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  references: Record<string, { type: string; name: string }>;
};

test('a deal given to another owner shows the old and the new owner by name in the audit log', async () => {
  const deal = f.opportunity;
  const changed = await app.inject({
    method: 'PATCH',
    url: `/api/opportunities/${deal.id}`,
    headers: bearer(f.tokens.sales),
    payload: { ownerId: f.users.ops.id },
  });
  assert.equal(changed.statusCode, 200, changed.body);

  const log = await app.inject({ method: 'GET', url: `/api/audit?entityId=${deal.id}`, headers: bearer(f.tokens.admin) });
  assert.equal(log.statusCode, 200, log.body);
  const entry = (log.json().items as Entry[]).find((e) => e.action === 'opportunity.updated' && 'ownerId' in e.after);
  assert.ok(entry, log.body);
  assert.equal(entry.after.ownerId, f.users.ops.id, 'the stored value stays the id');
  assert.deepEqual(entry.references[f.users.ops.id], { type: 'user', name: 'ops person' });
  assert.deepEqual(entry.references[f.users.sales.id], { type: 'user', name: 'sales person' });
  assert.deepEqual(entry.references[deal.id], { type: 'opportunity', name: 'Acme rollout' }, 'the changed record by its name');
});

test('a created deal names its account and owner; pages stay pages', async () => {
  const log = await app.inject({ method: 'GET', url: `/api/audit?entityId=${f.opportunity.id}&limit=1`, headers: bearer(f.tokens.admin) });
  assert.equal(log.statusCode, 200, log.body);
  assert.equal(log.json().items.length, 1);
  assert.ok(log.json().next, 'a next page');
  const rest = await app.inject({
    method: 'GET',
    url: `/api/audit?entityId=${f.opportunity.id}&limit=50&cursor=${log.json().next}`,
    headers: bearer(f.tokens.admin),
  });
  const created = (rest.json().items as Entry[]).find((e) => e.action === 'opportunity.created');
  assert.ok(created, rest.body);
  assert.deepEqual(created.references[f.account.id], { type: 'account', name: f.account.name });
  assert.deepEqual(created.references[f.users.sales.id], { type: 'user', name: 'sales person' });
});

test('an id of another workspace, or a value that is not an id, is left as it is', async () => {
  const other = await createFixture(testDeps(database));
  const log = await app.inject({ method: 'GET', url: `/api/audit?entityId=${other.opportunity.id}`, headers: bearer(f.tokens.admin) });
  assert.equal(log.statusCode, 200, log.body);
  assert.equal(log.json().items.length, 0, "another workspace's changes are not listed");
  const mine = await app.inject({ method: 'GET', url: '/api/audit?limit=200', headers: bearer(f.tokens.admin) });
  for (const e of mine.json().items as Entry[]) {
    assert.ok(!(other.users.sales.id in e.references));
    for (const [id, ref] of Object.entries(e.references)) assert.ok(ref.name.length > 0, `${id} has a name`);
  }
});
