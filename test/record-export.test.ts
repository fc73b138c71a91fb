// Exporting deals, accounts and contacts as CSV: a download a spreadsheet opens safely (RFC 4180, formulas
// neutralised), the deal list's filters and sort, every deal once across pages, an audit entry, and a file the
// importer reads back: into a fresh workspace it reproduces the deals, into the same workspace it changes nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { newId } from '../src/adapters/db/ids.ts';
import { listLossReasons } from '../src/adapters/db/loss-reasons.repo.ts';
import { parseCsv } from '../src/domain/csv.ts';
import { exportHeaders } from '../src/domain/record-export.ts';
import { loseDeal, winDeal } from '../src/flows/close-deal.flow.ts';
import { createAccount, createOpportunity, updateOpportunity } from '../src/flows/crm.flow.ts';
import { importDeals } from '../src/flows/deal-import.flow.ts';
import { exportPageSize, exportRecords } from '../src/flows/export.flow.ts';
import { createUser, createWorkspace } from '../src/flows/identity.flow.ts';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, database, db, deps, setUp } = useTestServer();
let fresh: TestDatabase;
let f: Fixture;
const ctx = () => ({ workspaceId: f.workspace.id, actor: f.users.sales.actor });
const formula = '=HYPERLINK("http://evil.example","click")';
let won: string;
let lost: string;

setUp(async () => {
  f = await createFixture(deps(), 'exporting');
  await updateOpportunity(deps(), ctx(), f.opportunity.id, { customFields: { product: 'Baton Cloud', sales_team: 'DACH' } });
  const borealis = await createAccount(deps(), ctx(), { name: 'Borealis, Inc "North"' });
  await createOpportunity(deps(), ctx(), { name: formula, accountId: borealis.id, stageId: f.stages.find((s) => s.name === 'Proposal')!.id });
  const cobalt = await createAccount(deps(), ctx(), { name: 'Cobalt AG' });
  won = (
    await createOpportunity(deps(), ctx(), { name: 'Cobalt renewal', accountId: cobalt.id, amountMinor: 90_000, currency: 'CHF', ownerId: f.users.sales.id })
  ).id;
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: won, actor: f.users.sales.actor, closeDate: '2026-10-01' });
  lost = (await createOpportunity(deps(), ctx(), { name: 'Delta pilot', accountId: cobalt.id, amountMinor: 12_345, closeDate: '2026-11-15' })).id;
  const reasons = await listLossReasons(db(), f.workspace.id);
  const price = reasons.find((r) => r.key === 'price');
  await loseDeal(deps(), {
    workspaceId: f.workspace.id,
    opportunityId: lost,
    actor: f.users.sales.actor,
    closeDate: '2026-09-30',
    ...(price ? { lossReasonId: price.id } : { reason: 'Price' }),
  });
});

after(async () => {
  await fresh?.drop();
});

const download = async (url: string, token = f.tokens.sales) => {
  const response = await inject({ method: 'GET', url, headers: bearer(token) });
  return response;
};

/** The file's records by column name. */
const recordsOf = (text: string) => {
  const table = parseCsv(text);
  return table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r.cells[i] ?? ''])));
};

test('the deals download is a UTF-8 CSV attachment, RFC 4180 quoted, with formulas neutralised and every column the issue names', async () => {
  const response = await download('/api/exports/deals.csv');
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(response.headers['content-disposition']), /^attachment; filename="baton-deals-\d{4}-\d{2}-\d{2}\.csv"$/);
  const text = response.body;
  assert.ok(text.startsWith('\uFEFFId,Deal Name,Account,Account Id,Stage,Amount,Currency,Close Date,Owner (e-mail),Product,Sales Team,Won/Lost date'));
  assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), 'the formula starts with a quote and its quotes are doubled');
  assert.ok(text.includes('"Borealis, Inc ""North"""'), 'a comma and quotes in a field are quoted');
  assert.ok(text.split('\r\n').length >= 5, 'records end with CRLF');
  const rows = recordsOf(text);
  assert.equal(rows.length, 4);
  const rollout = rows.find((r) => r['Deal Name'] === 'Acme rollout')!;
  assert.deepEqual(
    [
      rollout.Account,
      rollout.Stage,
      rollout.Amount,
      rollout.Currency,
      rollout['Close Date'],
      rollout['Owner (e-mail)'],
      rollout.Product,
      rollout['Sales Team'],
    ],
    [f.account.name, 'Qualified', '12500.00', 'EUR', '2026-12-31', 'sales@exporting.test', 'Baton Cloud', 'DACH'],
  );
  assert.equal(rollout.Id, f.opportunity.id);
  assert.equal(rollout['Account Id'], f.account.id);
  const cobalt = rows.find((r) => r.Id === won)!;
  assert.deepEqual([cobalt.Stage, cobalt.Amount, cobalt['Won/Lost date'], cobalt['Loss reason']], ['Won', '900.00', '2026-10-01', '']);
  const delta = rows.find((r) => r.Id === lost)!;
  assert.deepEqual([delta.Stage, delta['Won/Lost date'], delta['Loss reason']], ['Lost', '2026-09-30', 'Price']);
});

test("the deals download takes the deal list's filters; filters that contradict each other are a 400 naming the field", async () => {
  const wonOnly = recordsOf((await download('/api/exports/deals.csv?status=won')).body);
  assert.deepEqual(
    wonOnly.map((r) => r.Id),
    [won],
  );
  const byName = recordsOf((await download('/api/exports/deals.csv?q=pilot')).body);
  assert.deepEqual(
    byName.map((r) => r['Deal Name']),
    ['Delta pilot'],
  );
  const sorted = recordsOf((await download('/api/exports/deals.csv?sort=-amount')).body);
  assert.deepEqual(
    sorted.map((r) => r.Amount),
    ['12500.00', '900.00', '123.45', '0.00'],
  );
  const bad = await download('/api/exports/deals.csv?closeFrom=2026-12-01&closeTo=2026-01-01');
  assert.equal(bad.statusCode, 400, bad.body);
  assert.deepEqual(bad.json().error.fields, [{ path: 'querystring:/closeTo', message: 'must be on or after closeFrom' }]);
  const unknown = await download('/api/exports/deals.csv?stage=won');
  assert.equal(unknown.statusCode, 400, 'an unknown filter is refused, not ignored');
});

test('accounts and contacts download with their columns; an export is audited with who, what and how many rows', async () => {
  const accounts = await download('/api/exports/accounts.csv');
  assert.equal(accounts.statusCode, 200);
  assert.match(String(accounts.headers['content-disposition']), /filename="baton-accounts-/);
  assert.equal(parseCsv(accounts.body).header.join(','), exportHeaders.accounts.join(','));
  const acme = recordsOf(accounts.body).find((r) => r.Id === f.account.id)!;
  assert.deepEqual(
    [acme['Account Name'], acme.Status, acme['Owner (e-mail)'], acme['CSM (e-mail)']],
    [f.account.name, 'prospect', 'sales@exporting.test', 'cs@exporting.test'],
  );
  const contacts = await download(`/api/exports/contacts.csv?accountId=${f.account.id}`, f.tokens.cs);
  assert.equal(contacts.statusCode, 200);
  assert.deepEqual(
    recordsOf(contacts.body).map((r) => [r['First Name'], r['Last Name'], r.Account, r['Buying Role']]),
    [
      ['Maria', 'Garcia', f.account.name, 'sponsor'],
      ['Chen', 'Kim', f.account.name, 'technical'],
    ],
  );

  const log = await inject({ method: 'GET', url: `/api/audit?entityId=${f.workspace.id}&limit=50`, headers: bearer(f.tokens.admin) });
  const entries = log.json().items as { action: string; actor: { label: string }; after: { rows: number; filter: Record<string, unknown> } }[];
  const contactExport = entries.find((e) => e.action === 'contacts.exported');
  assert.ok(contactExport, log.body);
  assert.equal(contactExport.actor.label, 'token cs token', 'who: the API token used');
  assert.equal(contactExport.after.rows, 2);
  assert.deepEqual(contactExport.after.filter, { accountId: f.account.id });
  assert.ok(entries.some((e) => e.action === 'deals.exported' && e.after.rows === 1 && e.after.filter.status === 'won'));
});

test('a download the reader breaks off is audited with the rows it got, marked incomplete', async () => {
  const file = exportRecords(deps(), ctx(), { kind: 'deals', filter: { q: 'Delta' } });
  let pieces = 0;
  for await (const piece of file.chunks) {
    assert.ok(piece.length > 0);
    if (++pieces === 2) break; // the header, then the first page: the reader goes away
  }
  const entry = await db()
    .selectFrom('audit_log')
    .select(['action', 'actor_label', 'after'])
    .where('workspace_id', '=', f.workspace.id)
    .where('action', '=', 'deals.exported')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal(entry.actor_label, 'sales person');
  assert.deepEqual(entry.after, { kind: 'deals', rows: 1, filter: { q: 'Delta' }, complete: false });
});

test('a download needs a login', async () => {
  const response = await inject({ method: 'GET', url: '/api/exports/deals.csv' });
  assert.equal(response.statusCode, 401);
});

test('thousands of deals come out across pages, each exactly once, in the order asked for', async () => {
  const bulk = await createFixture(deps(), 'bulk-export');
  const stage = bulk.stages.find((s) => s.category === 'open')!;
  const count = exportPageSize * 2 + 203;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId(),
    workspace_id: bulk.workspace.id,
    account_id: bulk.account.id,
    pipeline_id: bulk.pipelineId,
    stage_id: stage.id,
    name: `Bulk deal ${i}`,
    amount_minor: (i * 7919) % 100_003,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db()
      .insertInto('opportunities')
      .values(rows.slice(i, i + 500))
      .execute();
  const response = await download('/api/exports/deals.csv?sort=-amount', bulk.tokens.sales);
  assert.equal(response.statusCode, 200);
  const records = recordsOf(response.body);
  assert.equal(records.length, count + 1, 'the bulk deals and the fixture deal');
  assert.equal(new Set(records.map((r) => r.Id)).size, count + 1, 'no deal twice');
  const amounts = records.map((r) => Number(r.Amount));
  assert.ok(
    amounts.every((a, i) => i === 0 || a <= amounts[i - 1]!),
    'descending by amount across page boundaries',
  );
});

const dealCount = async (db: TestDatabase, workspaceId: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from opportunities where workspace_id = ${workspaceId}`.execute(db.db)).rows[0]!.n;

test('exporting then importing into a fresh workspace reproduces the deals; importing into the same workspace changes nothing', async () => {
  const exported = (await download('/api/exports/deals.csv')).body;

  // The same file into the workspace it came from: found by Baton's own ids, nothing created or changed.
  const before = await dealCount(database(), f.workspace.id);
  const again = await importDeals(deps(), ctx(), { csv: exported });
  assert.deepEqual([again.created, again.updated, again.unchanged, again.failed], [0, 0, 4, 0], JSON.stringify(again.problems));
  assert.equal(await dealCount(database(), f.workspace.id), before);

  // A fresh workspace (another installation): the same people and pipeline, no records.
  fresh = await createTestDatabase();
  const freshDeps = testDeps(fresh);
  const workspace = await createWorkspace(freshDeps, { name: 'Fresh', slug: 'fresh' });
  const system = { workspaceId: workspace.id, actor: { type: 'system' as const, id: null, label: 'setup' } };
  await createUser(freshDeps, system, { email: 'sales@exporting.test', name: 'sales person', role: 'sales', password: 'correct horse battery' });
  const pipelineId = newId();
  await fresh.db.insertInto('pipelines').values({ id: pipelineId, workspace_id: workspace.id, name: 'Sales', is_default: true }).execute();
  await fresh.db
    .insertInto('stages')
    .values(f.stages.map((s, i) => ({ id: newId(), workspace_id: workspace.id, pipeline_id: pipelineId, name: s.name, category: s.category, position: i + 1 })))
    .execute();
  const freshCtx = system;
  const imported = await importDeals(freshDeps, freshCtx, { csv: exported });
  assert.deepEqual([imported.created, imported.failed], [4, 0], JSON.stringify(imported.problems));

  const freshApp = await buildTestServer(freshDeps, fresh);
  try {
    const { createApiToken } = await import('../src/adapters/db/auth.repo.ts');
    const token = (await createApiToken(fresh.db, { workspaceId: workspace.id, name: 'reader', role: 'sales', createdBy: null })).secret;
    const reExported = (await freshApp.inject({ method: 'GET', url: '/api/exports/deals.csv', headers: bearer(token) })).body;
    const comparable = (text: string) =>
      recordsOf(text)
        .map(({ Id: _id, 'Account Id': _account, Created: _created, Updated: _updated, ...rest }) => rest)
        .sort((a, b) => a['Deal Name']!.localeCompare(b['Deal Name']!));
    assert.deepEqual(comparable(reExported), comparable(exported));
  } finally {
    await freshApp.close();
  }
  const twice = await importDeals(freshDeps, freshCtx, { csv: exported });
  assert.deepEqual([twice.created, twice.updated, twice.unchanged, twice.failed], [0, 0, 4, 0], JSON.stringify(twice.problems));
  assert.equal(await dealCount(fresh, workspace.id), 4);
});
