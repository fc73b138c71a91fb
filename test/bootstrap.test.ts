// BATON_BOOTSTRAP_TOKEN: an operator's first admin token on an empty database, and never after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/adapters/config.ts';
import { createApp, type App } from '../src/main.ts';
import { createTestDatabase, quietLog, type TestDatabase } from './helpers/db.ts';

const secret = 'bootstrap-secret-0123456789abcdef';
let database: TestDatabase;
let app: App;

before(async () => {
  database = await createTestDatabase();
  app = await createApp(loadConfig({ BATON_DEMO: '0', BATON_BOOTSTRAP_TOKEN: secret, LOG_LEVEL: 'silent' }), quietLog, {
    database,
    httpLogger: false,
    runWorker: false,
  });
});
after(async () => {
  await app?.server.close();
  await database?.drop();
});

test('on an empty database the bootstrap token is an admin token that can create people', async () => {
  const res = await app.server.inject({
    method: 'POST',
    url: '/api/users',
    headers: { authorization: `Bearer ${secret}` },
    payload: { email: 'first.admin@example.com', name: 'First Admin', role: 'admin', password: 'a long enough password' },
  });
  assert.equal(res.statusCode, 201, res.body);
  const login = await app.server.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'first.admin@example.com', password: 'a long enough password' },
  });
  assert.equal(login.statusCode, 200);
  assert.equal(login.json().workspace.slug, 'baton');
});

test('a second start with another bootstrap token creates nothing', async () => {
  const { bootstrap } = await import('../src/flows/identity.flow.ts');
  assert.equal(await bootstrap(database.db, 'another-secret-0123456789abcdef'), null);
  const res = await app.server.inject({ method: 'GET', url: '/api/opportunities', headers: { authorization: 'Bearer another-secret-0123456789abcdef' } });
  assert.equal(res.statusCode, 401);
});
