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
  assert.equal(await bootstrap(app.deps, 'another-secret-0123456789abcdef'), null);
  const res = await app.server.inject({ method: 'GET', url: '/api/opportunities', headers: { authorization: 'Bearer another-secret-0123456789abcdef' } });
  assert.equal(res.statusCode, 401);
});

test('the bootstrap workspace takes a deal at once, and its win builds an onboarding project', async () => {
  const auth = { authorization: `Bearer ${secret}` };
  const pipelines = await app.server.inject({ method: 'GET', url: '/api/pipelines', headers: auth });
  assert.equal(pipelines.statusCode, 200, pipelines.body);
  const [pipeline] = pipelines.json().items;
  assert.equal(pipeline.name, 'Sales pipeline');
  assert.equal(pipeline.isDefault, true);
  assert.deepEqual(
    pipeline.stages.map((s: { category: string }) => s.category),
    ['open', 'open', 'open', 'open', 'open', 'won', 'lost'],
  );
  const csm = await app.server.inject({
    method: 'POST',
    url: '/api/users',
    headers: auth,
    payload: { email: 'csm@example.com', name: 'Casey Success', role: 'cs', password: 'a long enough password' },
  });
  assert.equal(csm.statusCode, 201, csm.body);
  const account = await app.server.inject({ method: 'POST', url: '/api/accounts', headers: auth, payload: { name: 'First Customer', csmId: csm.json().id } });
  assert.equal(account.statusCode, 201, account.body);
  const deal = await app.server.inject({
    method: 'POST',
    url: '/api/opportunities',
    headers: auth,
    payload: { name: 'First deal', accountId: account.json().id, amountMinor: 1_200_000, currency: 'EUR', closeDate: '2026-12-10' },
  });
  assert.equal(deal.statusCode, 201, deal.body);
  assert.equal(deal.json().pipelineId, pipeline.id);
  const won = await app.server.inject({ method: 'POST', url: `/api/opportunities/${deal.json().id}/win`, headers: auth, payload: {} });
  assert.equal(won.statusCode, 200, won.body);
  await app.worker.drain();
  const projects = await app.server.inject({ method: 'GET', url: `/api/projects?opportunityId=${deal.json().id}`, headers: auth });
  assert.equal(projects.statusCode, 200, projects.body);
  const [project] = projects.json().items;
  assert.ok(project, 'the win built a project');
  const tasks = await app.server.inject({ method: 'GET', url: `/api/projects/${project.id}`, headers: auth });
  const titles = (tasks.json().tasks ?? []).map((t: { title: string; owner: { id: string } | null }) => [t.title, t.owner?.id ?? null]);
  assert.ok(titles.length >= 5, tasks.body);
  assert.ok(
    titles.every(([, owner]: [string, string | null]) => owner === csm.json().id),
    `every onboarding task goes to the account CSM: ${JSON.stringify(titles)}`,
  );
});
