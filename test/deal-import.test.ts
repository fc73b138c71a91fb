// Importing deals from a CSV export: columns mapped from the header, dates and amounts as exports write them, every
// bad row reported by row, column, value and reason (and imported not at all), a dry run that writes nothing, and a
// second import of the same file that changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { csvLine } from '../src/domain/csv.ts';
import { suggestMapping } from '../src/domain/deal-import.ts';
import { importDeals } from '../src/flows/deal-import.flow.ts';
import { bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, workspace, setUp } = useTestServer();
let f: Fixture;
const ctx = () => ({ workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'import test' } });

setUp(async () => {
  f = await workspace();
});

const dealCount = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from opportunities where workspace_id = ${f.workspace.id}`.execute(db())).rows[0]!.n;
const outcomeCount = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from deal_outcomes where workspace_id = ${f.workspace.id}`.execute(db())).rows[0]!.n;

test("a HubSpot export's header suggests the mapping", () => {
  assert.deepEqual(suggestMapping(['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date', 'Deal owner', 'Associated Company']), {
    externalId: 'Record ID',
    name: 'Deal Name',
    stage: 'Deal Stage',
    amount: 'Amount',
    closeDate: 'Close Date',
    owner: 'Deal owner',
    account: 'Associated Company',
  });
});

test('a generated export with four bad rows: exactly those rows are reported, the others imported; the same file again changes nothing', async () => {
  const header = ['Deal ID', 'Deal Name', 'Company', 'Stage', 'Amount', 'Currency', 'Close Date', 'Owner'];
  const lines = [csvLine(header)];
  const rows = 240;
  for (let i = 1; i <= rows; i++) {
    const stage = i % 40 === 0 ? 'Won' : i % 3 === 0 ? 'Proposal' : 'Qualified';
    lines.push(
      csvLine([
        `HS-${i}`,
        `Deal ${i}, phase ${i % 4}`,
        `Company ${i % 25}`,
        stage,
        `$${(1000 + i).toLocaleString('en-US')}.50`,
        'USD',
        `${(i % 12) + 1}/28/2026`,
        'sales@' + f.workspace.slug + '.test',
      ]),
    );
  }
  // The bad ones, on file lines 242-245 (line 1 is the header, deal i on line i + 1).
  lines.push(csvLine(['HS-901', 'Bad date', 'Company 1', 'Qualified', '100', 'USD', '2026-13-45', '']));
  lines.push(csvLine(['HS-902', 'Unknown stage', 'Company 1', 'Negotiation', '100', 'USD', '', '']));
  lines.push(csvLine(['HS-903', 'Negative', 'Company 1', 'Qualified', '-250.00', 'USD', '', '']));
  lines.push(csvLine(['HS-7', 'Duplicate id', 'Company 1', 'Qualified', '100', 'USD', '', '']));
  const csv = lines.join('\r\n');
  const before = await dealCount();

  const dry = await importDeals(deps(), ctx(), { csv, dryRun: true });
  assert.equal(dry.created, rows);
  assert.equal(dry.failed, 4);
  assert.equal(await dealCount(), before, 'a dry run writes nothing');

  const progress: number[] = [];
  const first = await importDeals(deps(), ctx(), { csv, onProgress: (done) => void progress.push(done) });
  assert.equal(progress.at(-1), rows + 4);
  assert.equal(first.created, rows);
  assert.equal(first.failed, 4);
  assert.deepEqual(
    first.problems.map((p) => [p.row, p.column, p.value]),
    [
      [242, 'Close Date', '2026-13-45'],
      [243, 'Stage', 'Negotiation'],
      [244, 'Amount', '-250.00'],
      [245, 'Deal ID', 'HS-7'],
    ],
  );
  assert.match(first.problems[3]!.reason, /row 8 has the same id/);
  assert.equal(await dealCount(), before + rows);
  assert.equal(await outcomeCount(), rows / 40, 'the won rows are won through the win flow');
  const deal = await db().selectFrom('opportunities').selectAll().where('name', '=', 'Deal 13, phase 1').executeTakeFirstOrThrow();
  assert.equal(deal.amount_minor, 101_350);
  assert.equal(deal.close_date, '2026-02-28');
  assert.equal(deal.owner_id, f.users.sales.id);
  const companies = (
    await sql<{ n: number }>`select count(*)::int as n from accounts where workspace_id = ${f.workspace.id} and name like 'Company %'`.execute(db())
  ).rows[0]!.n;
  assert.equal(companies, 25, 'one account per company name');

  const again = await importDeals(deps(), ctx(), { csv });
  assert.deepEqual([again.created, again.updated, again.unchanged, again.failed], [0, 0, rows, 4]);
  assert.equal(await dealCount(), before + rows);
  assert.equal(await outcomeCount(), rows / 40);
});

test('European dates and amounts, semicolons, matching by account and name without an id column', async () => {
  const csv = [
    'Opportunity Name;Account Name;Amount;Close Date',
    'Kiel rollout;Nordwerk GmbH;"12.500,00 €";15.10.2026',
    'Bremen pilot;Nordwerk GmbH;900;03/04/2026',
  ].join('\n');
  const ambiguous = await importDeals(deps(), ctx(), { csv });
  assert.equal(ambiguous.created, 1);
  assert.deepEqual(
    ambiguous.problems.map((p) => [p.row, p.column, p.reason]),
    [[3, 'Close Date', 'could be day/month or month/day: choose the date order (dmy or mdy)']],
  );
  const european = await importDeals(deps(), ctx(), { csv, dateOrder: 'dmy' });
  assert.deepEqual([european.created, european.unchanged, european.failed], [1, 1, 0]);
  const kiel = await db().selectFrom('opportunities').selectAll().where('name', '=', 'Kiel rollout').executeTakeFirstOrThrow();
  assert.equal(kiel.amount_minor, 1_250_000);
  assert.equal(kiel.close_date, '2026-10-15');
  const bremen = await db().selectFrom('opportunities').selectAll().where('name', '=', 'Bremen pilot').executeTakeFirstOrThrow();
  assert.equal(bremen.close_date, '2026-04-03');
  // A changed amount in a later export updates the deal it matches by name.
  const changed = await importDeals(deps(), ctx(), { csv: csv.replace('"12.500,00 €"', '13000'), dateOrder: 'dmy' });
  assert.deepEqual([changed.created, changed.updated, changed.unchanged], [0, 1, 1]);
});

test('an import that creates no accounts reports a row whose account is missing; a CSV with an open quote is a 400', async () => {
  const csv = 'Name,Account\nOrphan deal,Nobody Ltd\n';
  const report = await importDeals(deps(), ctx(), { csv, createAccounts: false });
  assert.deepEqual(
    report.problems.map((p) => [p.row, p.column, p.value]),
    [[2, 'Account', 'Nobody Ltd']],
  );
  await assert.rejects(importDeals(deps(), ctx(), { csv: 'Name,Account\n"open,Acme\n' }), /never closed/);
  await assert.rejects(importDeals(deps(), ctx(), { csv: 'Title only\nx\n' }), /no column for the account/);
});

test('through the API: the columns and suggested mapping first, then the import; finance may not import', async () => {
  const csv = 'Deal Name,Organization,Value,Expected close date\nHarbor API,Harbor Ltd,"1,200.00",10/30/2026\n';
  const columns = await inject({ method: 'POST', url: '/api/imports/deals/columns', headers: bearer(f.tokens.sales), payload: { csv } });
  assert.equal(columns.statusCode, 200, columns.body);
  assert.deepEqual(columns.json().suggested, { name: 'Deal Name', account: 'Organization', amount: 'Value', closeDate: 'Expected close date' });
  assert.deepEqual(columns.json().preview, [['Harbor API', 'Harbor Ltd', '1,200.00', '10/30/2026']]);
  const dry = await inject({ method: 'POST', url: '/api/imports/deals', headers: bearer(f.tokens.sales), payload: { csv, dryRun: true } });
  assert.equal(dry.json().created, 1);
  const done = await inject({ method: 'POST', url: '/api/imports/deals', headers: bearer(f.tokens.sales), payload: { csv } });
  assert.equal(done.statusCode, 200, done.body);
  assert.deepEqual([done.json().created, done.json().failed], [1, 0]);
  const deal = await db().selectFrom('opportunities').selectAll().where('name', '=', 'Harbor API').executeTakeFirstOrThrow();
  assert.deepEqual([deal.amount_minor, deal.close_date], [120_000, '2026-10-30']);
  const finance = await inject({ method: 'POST', url: '/api/imports/deals', headers: bearer(f.tokens.finance), payload: { csv } });
  assert.equal(finance.statusCode, 403);
  const broken = await inject({
    method: 'POST',
    url: '/api/imports/deals',
    headers: bearer(f.tokens.sales),
    payload: { csv, mapping: { name: 'Nope' } },
  });
  assert.equal(broken.statusCode, 400);
  assert.match(broken.json().error.message, /the file has no column "Nope"/);
});
