// The typed API client (clients/typescript): its types are the server's OpenAPI document as it is now (regenerating
// them changes nothing), and it talks to a running Baton with a token: create, read, list, and a 400 naming the field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createBatonClient, type BatonError } from '../clients/typescript/src/index.ts';
import { generateSchema, schemaFile } from '../clients/typescript/generate.ts';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { buildTestServer, createFixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(testDeps(database), database);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app?.close();
  await database?.drop();
});

test('the committed client types are generated from the current OpenAPI document (npm run client:generate when this fails)', async () => {
  const fresh = await generateSchema();
  const committed = fs.readFileSync(schemaFile, 'utf8');
  assert.ok(fresh.includes('"/api/opportunities/{id}/win"'), 'the document has the routes');
  assert.equal(committed === fresh, true, 'clients/typescript/src/schema.d.ts is out of date: run npm run client:generate');
});

test('the client creates and reads records with a token, and a bad body comes back as a typed 400 naming the field', async () => {
  const f = await createFixture(testDeps(database));
  const baton = createBatonClient({ baseUrl: `${baseUrl}/`, token: f.tokens.sales });

  const created = await baton.POST('/api/accounts', { body: { name: 'Typed Client Ltd', domain: 'typed-client.example' } });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  assert.ok(created.data);
  assert.equal(created.data.name, 'Typed Client Ltd');

  const read = await baton.GET('/api/accounts/{id}', { params: { path: { id: created.data.id } } });
  assert.equal(read.data?.domain, 'typed-client.example');

  const list = await baton.GET('/api/opportunities', { params: { query: { limit: 1 } } });
  assert.equal(list.response.status, 200);
  assert.equal(list.data?.items.length, 1);
  assert.equal(typeof list.data?.next === 'string' || list.data?.next === null, true, 'a cursor for the next page, or null');

  const bad = await baton.POST('/api/accounts', { body: { name: '' } });
  assert.equal(bad.response.status, 400);
  const error = bad.error as BatonError;
  assert.deepEqual(
    error.error.fields?.map((x) => x.path),
    ['body:/name'],
  );

  const anonymous = createBatonClient({ baseUrl, token: 'not-a-token' });
  assert.equal((await anonymous.GET('/api/accounts')).response.status, 401);
});
