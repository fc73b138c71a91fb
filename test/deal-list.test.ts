// The deals list, saved views and the top bar's search through the API: filters and sorts, the 400 that names a bad
// filter, pages that follow the sort, views a person owns or shares (409 on a name taken), and search per workspace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createAccount, createContact, createOpportunity } from '../src/flows/crm.flow.ts';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let app: FastifyInstance;
let a: Fixture;
let b: Fixture;
const deals: Record<string, string> = {};

before(async () => {
  database = await createTestDatabase();
  const deps = testDeps(database);
  app = await buildTestServer(deps, database);
  a = await createFixture(deps, 'alpha');
  b = await createFixture(deps, 'bravo');
  const ctx = { workspaceId: a.workspace.id, actor: a.users.sales.actor };
  const globex = await createAccount(deps, ctx, { name: 'Globex Corporation', domain: 'globex.example' });
  await createContact(deps, ctx, { accountId: globex.id, firstName: 'Hank', lastName: 'Scorpio', email: 'hank@globex.example' });
  const add = async (name: string, input: { accountId?: string; amountMinor: number; closeDate: string | null; ownerId?: string | null }) => {
    const deal = await createOpportunity(deps, ctx, { name, accountId: input.accountId ?? a.account.id, currency: 'USD', ...input });
    deals[name] = deal.id;
  };
  await add('Globex renewal', { accountId: globex.id, amountMinor: 9_000_000, closeDate: '2026-03-01', ownerId: a.users.admin.id });
  await add('Globex pilot', { accountId: globex.id, amountMinor: 150_000, closeDate: '2026-06-15', ownerId: a.users.sales.id });
  await add('Acme expansion', { amountMinor: 2_500_000, closeDate: null, ownerId: a.users.sales.id });
  await add('Acme training', { amountMinor: 75_050, closeDate: '2026-01-10', ownerId: null });
  const won = await app.inject({
    method: 'POST',
    url: `/api/opportunities/${deals['Globex renewal']}/win`,
    headers: bearer(a.tokens.sales),
    payload: { closeDate: '2026-03-01' },
  });
  assert.equal(won.statusCode, 200, won.body);
  await createOpportunity(deps, { workspaceId: b.workspace.id, actor: b.users.sales.actor }, { name: 'Globex in bravo', accountId: b.account.id });
});
after(async () => {
  await app?.close();
  await database?.drop();
});

const list = async (query: string, f: Fixture = a) => {
  const res = await app.inject({ method: 'GET', url: `/api/opportunities?${query}`, headers: bearer(f.tokens.sales) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { items: { id: string; name: string }[]; next: string | null };
};
const names = async (query: string) => (await list(query)).items.map((d) => d.name);

describe('the deals list', () => {
  test('filters by owner, status, close dates, amount in currency units, account and name, together', async () => {
    assert.deepEqual(await names(`ownerId=${a.users.sales.id}&sort=name`), ['Acme expansion', 'Acme rollout', 'Globex pilot']);
    assert.deepEqual(await names('status=won'), ['Globex renewal']);
    assert.deepEqual(await names('status=open&closeFrom=2026-01-01&closeTo=2026-06-30&sort=closeDate'), ['Acme training', 'Globex pilot']);
    // 750.50 dollars is 75,050 cents: the bounds are inclusive.
    assert.deepEqual(await names('amountMin=750.5&amountMax=1500&sort=amount'), ['Acme training', 'Globex pilot']);
    assert.deepEqual(await names('q=GLOBEX&sort=-amount'), ['Globex renewal', 'Globex pilot']);
    assert.deepEqual(await names(`accountId=${a.account.id}&q=acme&sort=name`), ['Acme expansion', 'Acme rollout', 'Acme training']);
  });

  test('sorts by close date with undated deals last, by amount descending, by name, and by last change', async () => {
    assert.deepEqual(await names('sort=closeDate'), ['Acme training', 'Globex renewal', 'Globex pilot', 'Acme rollout', 'Acme expansion']);
    assert.deepEqual(await names('sort=-closeDate'), ['Acme expansion', 'Acme rollout', 'Globex pilot', 'Globex renewal', 'Acme training']);
    assert.deepEqual(await names('sort=-amount'), ['Globex renewal', 'Acme expansion', 'Acme rollout', 'Globex pilot', 'Acme training']);
    assert.equal((await names('sort=-updated'))[0], 'Globex renewal', 'the deal won last changed last');
  });

  test('pages follow the sort: two at a time by amount, every deal once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`sort=-amount&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((d) => d.name));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, ['Globex renewal', 'Acme expansion', 'Acme rollout', 'Globex pilot', 'Acme training']);
    assert.equal(pages, 3);
  });

  test('a bad filter is a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['amountMin=lots', 'querystring:/amountMin'],
      ['amountMin=-5', 'querystring:/amountMin'],
      ['closeFrom=2026-13-45', 'querystring:/closeFrom'],
      ['status=maybe', 'querystring:/status'],
      ['ownerId=bob', 'querystring:/ownerId'],
      ['sort=size', 'querystring:/sort'],
      ['closeFrom=2026-06-01&closeTo=2026-01-01', 'querystring:/closeTo'],
      ['amountMin=500&amountMax=100', 'querystring:/amountMax'],
    ];
    for (const [query, path] of cases) {
      const res = await app.inject({ method: 'GET', url: `/api/opportunities?${query}`, headers: bearer(a.tokens.sales) });
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.deepEqual(
        res.json().error.fields.map((f: { path: string }) => f.path),
        [path],
        query,
      );
    }
  });

  test("another workspace's deals never show, whatever the filter", async () => {
    assert.deepEqual(await names('q=globex&sort=name'), ['Globex pilot', 'Globex renewal']);
    assert.deepEqual(
      (await list('q=globex', b)).items.map((d) => d.name),
      ['Globex in bravo'],
    );
  });
});

async function session(f: Fixture, role: keyof Fixture['tokens']) {
  const slug = f.workspace.slug;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `${role}@${slug}.test`, password: 'correct horse battery' } });
  assert.equal(login.statusCode, 200, login.body);
  const cookies = { baton_session: login.cookies.find((c) => c.name === 'baton_session')!.value };
  const headers = { 'x-csrf-token': login.json().csrfToken as string };
  return (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, cookies, headers, ...(payload && { payload }) });
}

describe('saved views', () => {
  test('a person saves, renames and deletes a view; a name they already use is a 409; each change is audited', async () => {
    const sales = await session(a, 'sales');
    const created = await sales('POST', '/api/views', { name: 'My big deals', filters: { ownerId: a.users.sales.id, amountMin: 1000, sort: '-amount' } });
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json();
    assert.equal(view.mine, true);
    assert.equal(view.shared, false);
    assert.deepEqual(view.filters, { ownerId: a.users.sales.id, amountMin: 1000, sort: '-amount' });

    const again = await sales('POST', '/api/views', { name: 'my BIG deals', filters: {} });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.code, 'view.name_taken');

    const other = await sales('POST', '/api/views', { name: 'Closing soon', filters: { closeTo: '2026-06-30', sort: 'closeDate' } });
    assert.equal(other.statusCode, 201, other.body);
    const clash = await sales('PATCH', `/api/views/${other.json().id}`, { name: 'My big deals' });
    assert.equal(clash.statusCode, 409, clash.body);

    const renamed = await sales('PATCH', `/api/views/${view.id}`, { name: 'Big deals', filters: { amountMin: 5000 } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().name, 'Big deals');
    assert.deepEqual(renamed.json().filters, { amountMin: 5000 });
    const mine = (await sales('GET', '/api/views?entity=opportunities')).json().items.map((v: { name: string }) => v.name);
    assert.deepEqual(mine, ['Big deals', 'Closing soon']);

    assert.equal((await sales('DELETE', `/api/views/${view.id}`)).statusCode, 204);
    assert.equal((await sales('GET', `/api/views/${view.id}`)).statusCode, 404);
    const audit = await database.db.selectFrom('audit_log').select('action').where('entity_id', '=', view.id).orderBy('id').execute();
    assert.deepEqual(
      audit.map((r) => r.action),
      ['view.created', 'view.updated', 'view.deleted'],
    );
  });

  test("filters a view could not apply are a 400 naming the field, the view's own schema", async () => {
    const sales = await session(a, 'sales');
    const bad = await sales('POST', '/api/views', { name: 'Odd', filters: { amountMin: 'lots', colour: 'red' } });
    assert.equal(bad.statusCode, 400, bad.body);
    const paths = bad
      .json()
      .error.fields.map((f: { path: string }) => f.path)
      .sort();
    assert.deepEqual(paths, ['body:/filters/amountMin', 'body:/filters/colour']);
    const backwards = await sales('POST', '/api/views', { name: 'Odd', filters: { closeFrom: '2026-05-01', closeTo: '2026-04-01' } });
    assert.equal(backwards.statusCode, 400, backwards.body);
    assert.deepEqual(
      backwards.json().error.fields.map((f: { path: string }) => f.path),
      ['body:/filters/closeTo'],
    );
  });

  test('a shared view is read by everyone in the workspace but changed only by its owner; a private one is not seen', async () => {
    const sales = await session(a, 'sales');
    const cs = await session(a, 'cs');
    const shared = (await sales('POST', '/api/views', { name: 'Team pipeline', filters: { status: 'open' }, shared: true })).json();
    const secret = (await sales('POST', '/api/views', { name: 'Private list', filters: { status: 'lost' } })).json();
    const seen = (await cs('GET', '/api/views')).json().items;
    assert.ok(seen.some((v: { id: string; mine: boolean; ownerName: string }) => v.id === shared.id && !v.mine && v.ownerName === 'sales person'));
    assert.ok(!seen.some((v: { id: string }) => v.id === secret.id));
    assert.equal((await cs('GET', `/api/views/${shared.id}`)).statusCode, 200);
    assert.equal((await cs('GET', `/api/views/${secret.id}`)).statusCode, 404);
    const change = await cs('PATCH', `/api/views/${shared.id}`, { name: 'Mine now' });
    assert.equal(change.statusCode, 403, change.body);
    assert.equal((await cs('DELETE', `/api/views/${shared.id}`)).statusCode, 403);
    assert.equal((await cs('DELETE', `/api/views/${secret.id}`)).statusCode, 404);
    // The same name is free for another person.
    assert.equal((await cs('POST', '/api/views', { name: 'Team pipeline', filters: {} })).statusCode, 201);
    // Another workspace sees none of them.
    const other = await session(b, 'sales');
    assert.deepEqual((await other('GET', '/api/views')).json().items, []);
    assert.equal((await other('GET', `/api/views/${shared.id}`)).statusCode, 404);
    // Unsharing hides it again.
    assert.equal((await sales('PATCH', `/api/views/${shared.id}`, { shared: false })).statusCode, 200);
    assert.equal((await cs('GET', `/api/views/${shared.id}`)).statusCode, 404);
  });
});

describe('search from the top bar', () => {
  const search = async (q: string, f: Fixture = a) =>
    app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}`, headers: bearer(f.tokens.cs) });

  test('finds deals, accounts and contacts by name or e-mail, any case, with a label, a sublabel and a link', async () => {
    const res = await search('GLOBEX');
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as { kind: string; label: string; sublabel: string; link: string; id: string }[];
    assert.deepEqual(
      items.map((i) => `${i.kind}:${i.label}`),
      ['deal:Globex pilot', 'deal:Globex renewal', 'account:Globex Corporation', 'contact:Hank Scorpio'],
    );
    const pilot = items.find((i) => i.label === 'Globex pilot')!;
    assert.equal(pilot.link, `/opportunities/${deals['Globex pilot']}`);
    assert.match(pilot.sublabel, /Globex Corporation/);
    const hank = items.find((i) => i.kind === 'contact')!;
    assert.match(hank.sublabel, /hank@globex\.example/);
    assert.match(hank.link, /^\/accounts\//);
  });

  test('finds projects too, and at most five of a kind', async () => {
    const deps = testDeps(database);
    for (let i = 0; i < 7; i++)
      await createOpportunity(deps, { workspaceId: a.workspace.id, actor: a.users.sales.actor }, { name: `Zephyr ${i}`, accountId: a.account.id });
    const zephyr = (await search('zephyr')).json().items;
    assert.equal(zephyr.length, 5);
    assert.deepEqual(
      zephyr.map((i: { label: string }) => i.label),
      ['Zephyr 0', 'Zephyr 1', 'Zephyr 2', 'Zephyr 3', 'Zephyr 4'],
    );
    await database.db
      .insertInto('projects')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        workspace_id: a.workspace.id,
        account_id: a.account.id,
        opportunity_id: a.opportunity.id,
        name: 'Zephyr onboarding',
        start_date: '2026-01-01',
        target_date: '2026-03-01',
      })
      .execute();
    const projects = (await search('onboard')).json().items;
    assert.deepEqual(
      projects.map((i: { kind: string; link: string }) => `${i.kind}:${i.link}`),
      ['project:/projects/01900000-0000-7000-8000-000000000001'],
    );
  });

  test("another workspace's records never show, and fewer than two characters is a 400 naming q", async () => {
    const theirs = (await search('globex', b)).json().items.map((i: { label: string }) => i.label);
    assert.deepEqual(theirs, ['Globex in bravo']);
    for (const q of ['g', ' g ', '']) {
      const res = await search(q);
      assert.equal(res.statusCode, 400, `${JSON.stringify(q)}: ${res.body}`);
      assert.deepEqual(
        res.json().error.fields.map((f: { path: string }) => f.path),
        ['querystring:/q'],
      );
    }
  });
});
