// A generated export of 10,000 deals with four bad rows among them (a date that is no day, a stage the pipeline does
// not have, a negative amount, an id already used above): exactly those four rows are reported, with their row,
// column, value and reason, and every other row is imported once; the same file imported again changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { csvLine } from '../src/domain/csv.ts';
import { importDeals } from '../src/flows/deal-import.flow.ts';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let f: Fixture;
const deps = () => testDeps(database);
const ctx = () => ({ workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'import of deals-10k.csv' } });

before(async () => {
  database = await createTestDatabase();
  f = await createFixture(deps());
});
after(async () => {
  await database?.drop();
});

const rows = 10_000;
/** File lines of the bad rows (line 1 is the header, the deal on line n is deal n - 1) and what is wrong with each. */
const bad = new Map<number, { column: string; value: string; reason: RegExp }>([
  [1_234, { column: 'Close Date', value: '2026-02-30', reason: /not a day of the calendar/ }],
  [4_321, { column: 'Deal Stage', value: 'Negotiation', reason: /not a stage of the pipeline/ }],
  [7_777, { column: 'Amount', value: '-1,250.00', reason: /negative/ }],
  [9_001, { column: 'Record ID', value: 'HS-17', reason: /row 18 has the same id/ }],
]);

function exportCsv(): string {
  const lines = [csvLine(['Record ID', 'Deal Name', 'Associated Company', 'Company ID', 'Deal Stage', 'Amount', 'Currency', 'Close Date', 'Deal owner'])];
  for (let line = 2; line <= rows + 1; line++) {
    const i = line - 1;
    const company = Math.ceil(i / 5);
    const cells = [
      `HS-${i}`,
      `Deal ${i}`,
      `Company ${company}`,
      `C-${company}`,
      i % 2 ? 'Qualified' : 'Proposal',
      `$${(1000 + i).toLocaleString('en-US')}.25`,
      'USD',
      `${(i % 12) + 1}/15/2026`,
      `sales@${f.workspace.slug}.test`,
    ];
    const wrong = bad.get(line);
    if (wrong?.column === 'Close Date') cells[7] = wrong.value;
    if (wrong?.column === 'Deal Stage') cells[4] = wrong.value;
    if (wrong?.column === 'Amount') cells[5] = wrong.value;
    if (wrong?.column === 'Record ID') cells[0] = wrong.value;
    lines.push(csvLine(cells));
  }
  return lines.join('\r\n');
}

const counts = async () =>
  (
    await sql<{ deals: number; accounts: number; links: number; audit: number; events: number }>`
      select (select count(*)::int from opportunities where workspace_id = ${f.workspace.id}) as deals,
             (select count(*)::int from accounts where workspace_id = ${f.workspace.id}) as accounts,
             (select count(*)::int from import_links where workspace_id = ${f.workspace.id}) as links,
             (select count(*)::int from audit_log where workspace_id = ${f.workspace.id}) as audit,
             (select count(*)::int from outbox_events where workspace_id = ${f.workspace.id}) as events`.execute(database.db)
  ).rows[0]!;

test('10,000 rows with four bad ones: exactly those four reported, the rest imported once; the same file again changes nothing', async () => {
  const csv = exportCsv();
  const start = await counts();
  const first = await importDeals(deps(), ctx(), { csv, dateOrder: 'mdy' });
  assert.equal(first.rows, rows);
  assert.deepEqual([first.created, first.updated, first.unchanged, first.failed], [rows - 4, 0, 0, 4]);
  assert.deepEqual(
    first.problems.map((p) => [p.row, p.column, p.value]),
    [...bad].map(([line, b]) => [line, b.column, b.value]),
  );
  for (const p of first.problems) assert.match(p.reason, bad.get(p.row)!.reason);
  const imported = await counts();
  assert.equal(imported.deals - start.deals, rows - 4, 'every good row is one deal');
  assert.equal(imported.accounts - start.accounts, rows / 5, 'one account per company id');
  // Spot checks of the values read: a US date, dollars with a thousands separator, the owner by e-mail.
  const deal = await database.db
    .selectFrom('opportunities')
    .selectAll()
    .where('workspace_id', '=', f.workspace.id)
    .where('name', '=', 'Deal 5000')
    .executeTakeFirstOrThrow();
  assert.equal(deal.amount_minor, 600_025);
  assert.equal(deal.close_date, '2026-09-15');
  assert.equal(deal.owner_id, f.users.sales.id);
  assert.equal(
    (await database.db.selectFrom('opportunities').select('id').where('workspace_id', '=', f.workspace.id).where('name', '=', 'Deal 7776').execute()).length,
    0,
    'the negative amount row (deal 7776) is not imported at all',
  );

  const again = await importDeals(deps(), ctx(), { csv, dateOrder: 'mdy' });
  assert.deepEqual([again.created, again.updated, again.unchanged, again.failed], [0, 0, rows - 4, 4]);
  assert.deepEqual(
    again.problems.map((p) => p.row),
    [...bad.keys()],
  );
  assert.deepEqual(await counts(), imported, 'the second import wrote nothing: no deal, account, link, audit row or event');
});
