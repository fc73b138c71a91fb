// Importing deals behind an existing CRM: won deals run the handoff or are recorded as history (no automation, no
// "won, no project" warning), product and sales team kept as custom fields, the mapping saved per source and
// suggested again, and an import run as a job with its progress, history, problems report and audit entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dashboardSummary, listDashboard } from '../src/adapters/db/dashboard.repo.ts';
import { insertImport, markInterruptedImports } from '../src/adapters/db/imports.repo.ts';
import { unplannedWins } from '../src/adapters/db/warnings.repo.ts';
import { loadCalendar } from '../src/adapters/db/team.repo.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { importDeals, settleDealImports, startDealImport, stopDealImports } from '../src/flows/deal-import.flow.ts';
import { runsFor } from './helpers/db.ts';
import { addDelivery, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, database, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;
const ctx = () => ({ workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'import test' } });

let subscriptionId: string;

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
  // A webhook subscription to deal.won: a historical win sends it nothing, a handoff win is queued for it.
  const hosts = await inject({ method: 'PUT', url: '/api/settings/webhooks', headers: bearer(f.tokens.admin), payload: { allowedHosts: ['127.0.0.1'] } });
  assert.equal(hosts.statusCode, 200, hosts.body);
  const created = await inject({
    method: 'POST',
    url: '/api/webhook-subscriptions',
    headers: bearer(f.tokens.admin),
    payload: { url: 'http://127.0.0.1:9/erp', eventTypes: ['deal.won'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  subscriptionId = created.json().id;
});

const dealNamed = (name: string) =>
  db().selectFrom('opportunities').selectAll().where('workspace_id', '=', f.workspace.id).where('name', '=', name).executeTakeFirstOrThrow();
const deliveriesOf = async (eventId: string) =>
  (
    await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where subscription_id = ${subscriptionId} and event_id = ${eventId}`.execute(
      db(),
    )
  ).rows[0]!.n;
const wonEventOf = (opportunityId: string) =>
  db().selectFrom('outbox_events').selectAll().where('subject_id', '=', opportunityId).where('type', '=', 'deal.won').executeTakeFirstOrThrow();
const projectsOf = async (opportunityId: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from project_deals where opportunity_id = ${opportunityId}`.execute(db())).rows[0]!.n;

test('won rows imported as history end won with their win recorded, but no rule runs, no project is made and none is awaited', async () => {
  const csv = 'Deal ID,Deal Name,Company,Stage,Close Date\nL-1,Legacy platform,Oldtimer Ltd,Won,2024-03-01\n';
  const report = await importDeals(deps(), ctx(), { csv, source: 'legacy', wonDeals: 'historical' });
  assert.deepEqual([report.created, report.failed], [1, 0]);
  await drain();
  const deal = await dealNamed('Legacy platform');
  assert.equal(deal.close_date, '2024-03-01');
  const outcome = await db().selectFrom('deal_outcomes').selectAll().where('opportunity_id', '=', deal.id).executeTakeFirstOrThrow();
  assert.deepEqual([outcome.outcome, outcome.historical, outcome.awaiting_project], ['won', true, false]);
  const event = await wonEventOf(deal.id);
  assert.equal((event.payload as Record<string, unknown>).historical, true, 'the win is in the outbox, for the record');
  assert.equal(await deliveriesOf(event.id), 0, 'no webhook is sent for it');
  assert.equal(await runsFor(database(), deal.id), 0, 'the project rule did not run');
  assert.equal(await projectsOf(deal.id), 0);
  const warnings = await unplannedWins(db(), f.workspace.id, undefined, 100);
  assert.ok(!warnings.some((w) => w.id === deal.id), 'no "won, no project yet" warning');
  const dashboard = await listDashboard(db(), f.workspace.id, { limit: 200 }, { today: '2026-12-05', timeZone: 'UTC' });
  assert.ok(!dashboard.items.some((r) => r.opportunity.id === deal.id), 'not on the delivery dashboard');
  const calendar = await loadCalendar(db(), f.workspace.id);
  const charts = await dashboardSummary(db(), f.workspace.id, {}, { today: '2026-12-05', timeZone: 'UTC', calendar, months: 1 });
  assert.equal(charts.funnel.won, dashboard.items.length, "nor in the dashboard's charts");
});

test('won rows imported with the handoff (the default) run the project rule like a win in Baton', async () => {
  const csv = 'Deal ID,Deal Name,Company,Stage,Close Date\nL-2,Fresh platform,Newtimer Ltd,Won,2026-12-01\n';
  const report = await importDeals(deps(), ctx(), { csv, source: 'legacy' });
  assert.equal(report.created, 1);
  await drain();
  const deal = await dealNamed('Fresh platform');
  assert.ok((await runsFor(database(), deal.id)) > 0);
  assert.equal(await projectsOf(deal.id), 1, 'the project rule made the project');
  assert.equal(await deliveriesOf((await wonEventOf(deal.id)).id), 1, 'the webhook subscription gets the win');
  const outcome = await db().selectFrom('deal_outcomes').selectAll().where('opportunity_id', '=', deal.id).executeTakeFirstOrThrow();
  assert.equal(outcome.historical, false);
});

test('product and sales team columns are kept in the deal’s custom fields; the same file again changes nothing', async () => {
  const csv = 'Deal Name,Company,Product,Sales Team\nAnalytics seats,Custom Co,Analytics Pro,EMEA Mid-market\n';
  const first = await importDeals(deps(), ctx(), { csv });
  assert.deepEqual(first.mapping, { name: 'Deal Name', account: 'Company', product: 'Product', salesTeam: 'Sales Team' });
  assert.equal(first.created, 1);
  const deal = await dealNamed('Analytics seats');
  assert.deepEqual(deal.custom_fields, { product: 'Analytics Pro', sales_team: 'EMEA Mid-market' });
  const again = await importDeals(deps(), ctx(), { csv });
  assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 1]);
  const changed = await importDeals(deps(), ctx(), { csv: csv.replace('EMEA Mid-market', 'EMEA Enterprise') });
  assert.equal(changed.updated, 1);
  assert.deepEqual((await dealNamed('Analytics seats')).custom_fields, { product: 'Analytics Pro', sales_team: 'EMEA Enterprise' });
});

test('the mapping an import used is suggested the next time for its source, when the file has those columns', async () => {
  const csv = 'Titel,Firma,Wert,Phase\nKiel Lizenz,Nordwerk AG,1000,Qualified\n';
  const columns = (payload: object) => inject({ method: 'POST', url: '/api/imports/deals/columns', headers: bearer(f.tokens.sales), payload });
  const fresh = await columns({ csv, source: 'pipedrive-de' });
  assert.equal(fresh.statusCode, 200, fresh.body);
  assert.deepEqual([fresh.json().suggested, fresh.json().suggestedFrom], [{}, 'header']);
  const mapping = { name: 'Titel', account: 'Firma', amount: 'Wert', stage: 'Phase' };
  const imported = await inject({
    method: 'POST',
    url: '/api/imports/deals',
    headers: bearer(f.tokens.sales),
    payload: { csv, source: 'pipedrive-de', mapping },
  });
  assert.equal(imported.statusCode, 200, imported.body);
  assert.equal(imported.json().created, 1);
  const next = await columns({ csv: 'Titel,Firma,Wert,Phase,Notiz\nBremen,Nordwerk AG,5,Qualified,x\n', source: 'pipedrive-de' });
  assert.deepEqual([next.json().suggested, next.json().suggestedFrom], [mapping, 'saved']);
  const other = await columns({ csv, source: 'hubspot' });
  assert.equal(other.json().suggestedFrom, 'header', 'another source has its own mapping');
  const missing = await columns({ csv: 'Titel,Wert\nx,1\n', source: 'pipedrive-de' });
  assert.equal(missing.json().suggestedFrom, 'header', 'a file without the saved columns gets the header suggestion');
});

test('an import as a job: 202 with the record, progress to the end, counts and problems kept, the report as CSV, the history, the audit log', async () => {
  const rows = ['Deal ID,Deal Name,Company,Amount,Close Date'];
  for (let i = 1; i <= 30; i++) rows.push(`J-${i},Job deal ${i},Job Co ${i % 3},${100 * i},11/${(i % 28) + 1}/2026`);
  rows.push('J-99,Bad amount,Job Co 1,"lots, really",11/02/2026');
  const csv = rows.join('\n');
  const started = await inject({
    method: 'POST',
    url: '/api/imports/deals',
    headers: bearer(f.tokens.sales),
    payload: { csv, async: true, dateOrder: 'mdy', source: 'jobs', fileName: 'deals.csv' },
  });
  assert.equal(started.statusCode, 202, started.body);
  const record = started.json();
  assert.deepEqual([record.status, record.total, record.fileName], ['running', 31, 'deals.csv']);
  await settleDealImports();
  const detail = await inject({ method: 'GET', url: `/api/imports/${record.id}`, headers: bearer(f.tokens.sales) });
  assert.equal(detail.statusCode, 200, detail.body);
  const d = detail.json();
  assert.deepEqual([d.status, d.done, d.created, d.failed], ['done', 31, 30, 1]);
  assert.deepEqual(d.problems, [{ row: 32, column: 'Amount', value: 'lots, really', reason: 'is not an amount' }]);
  const report = await inject({ method: 'GET', url: `/api/imports/${record.id}/problems.csv`, headers: bearer(f.tokens.sales) });
  assert.equal(report.statusCode, 200);
  assert.match(report.headers['content-type'] as string, /text\/csv/);
  assert.match(report.headers['content-disposition'] as string, /attachment/);
  assert.equal(report.body, 'row,column,value,reason\r\n32,Amount,"lots, really",is not an amount\r\n');
  const history = await inject({ method: 'GET', url: '/api/imports?limit=1', headers: bearer(f.tokens.sales) });
  assert.equal(history.json().items[0].id, record.id);
  const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', record.id).orderBy('at').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['import.started', 'import.finished'],
  );
  const unknown = await inject({ method: 'GET', url: `/api/imports/${newId()}`, headers: bearer(f.tokens.sales) });
  assert.equal(unknown.statusCode, 404);
  const bad = await inject({ method: 'POST', url: '/api/imports/deals', headers: bearer(f.tokens.sales), payload: { csv: 'Only\nx\n', async: true } });
  assert.equal(bad.statusCode, 400, 'a file that cannot be imported is refused before any record is made');
});

test('an import stopped by a shutdown is recorded interrupted with what it did; the same file again finishes it without duplicates', async () => {
  const rows = ['Deal ID,Deal Name,Company'];
  for (let i = 1; i <= 20; i++) rows.push(`S-${i},Stop deal ${i},Stop Co`);
  const csv = rows.join('\n');
  const record = await startDealImport(deps(), ctx(), { csv, source: 'stops' });
  await stopDealImports();
  const stopped = await db().selectFrom('imports').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
  assert.equal(stopped.status, 'interrupted');
  assert.ok(stopped.done < 20, `stopped after ${stopped.done} rows`);
  assert.equal(stopped.created, stopped.done);
  assert.match(stopped.error ?? '', /import the same file again/);
  const again = await importDeals(deps(), ctx(), { csv, source: 'stops' });
  assert.deepEqual([again.created, again.unchanged], [20 - stopped.done, stopped.done]);
});

test('an import left running by a process that died is marked interrupted by the sweep', async () => {
  const id = newId();
  await insertImport(db(), f.workspace.id, {
    id,
    entity: 'deals',
    source: 'csv',
    fileName: null,
    dryRun: false,
    total: 10,
    options: {},
    createdBy: null,
    createdByLabel: 'test',
  });
  await db()
    .updateTable('imports')
    .set({ done: 4, updated_at: sql<Date>`now() - interval '5 minutes'` })
    .where('id', '=', id)
    .execute();
  assert.ok((await markInterruptedImports(db(), 60)) >= 1);
  const row = await db().selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.status, row.done], ['interrupted', 4]);
});
