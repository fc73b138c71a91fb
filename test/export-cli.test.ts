// `baton export deals|accounts|contacts` and `baton import accounts|contacts` as an operator runs them: the export to
// standard output or to a file, filtered, read back by the import; and an import that, run again, changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/adapters/db/database.ts';
import { parseCsv } from '../src/domain/csv.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { ensurePgliteTemplate, testDeps } from './helpers/db.ts';
import { addOpportunity, createFixture } from './helpers/fixtures.ts';

const exec = promisify(execFile);

test(
  'baton export and baton import accounts/contacts: stdout or --out, filters, a dry run, and a second import that changes nothing',
  { skip: !!process.env.DATABASE_URL && 'embedded database only' },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-export-cli-'));
    fs.cpSync(await ensurePgliteTemplate(), dir, { recursive: true });
    const setup = await openDatabase({ dataDir: dir });
    const deps = testDeps(setup);
    const f = await createFixture(deps, 'exporting');
    const second = await addOpportunity(deps, f, 'Second deal');
    await winDeal(deps, { workspaceId: f.workspace.id, opportunityId: second.id, actor: f.users.sales.actor, closeDate: '2026-10-01' });
    await setup.close();
    const env = { ...process.env, BATON_DATA_DIR: dir, DATABASE_URL: '', BATON_DEMO: '0', LOG_LEVEL: 'silent' };
    const baton = (args: string[]) =>
      exec(process.execPath, ['bin/baton.js', ...args, '--workspace', 'exporting'], { env, maxBuffer: 64 * 1024 * 1024 }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    try {
      const all = await baton(['export', 'deals']);
      assert.equal(all.code, 0, all.stderr);
      const deals = parseCsv(all.stdout);
      assert.equal(deals.header[1], 'Deal Name');
      assert.deepEqual(deals.rows.map((r) => r.cells[1]).sort(), ['Acme rollout', 'Second deal']);

      const wonFile = path.join(dir, 'won.csv');
      const won = await baton(['export', 'deals', '--status', 'won', '--out', wonFile]);
      assert.equal(won.code, 0, won.stderr);
      assert.equal(won.stdout, '', 'with --out nothing goes to standard output');
      assert.deepEqual(
        parseCsv(fs.readFileSync(wonFile, 'utf8')).rows.map((r) => [r.cells[1], r.cells[4], r.cells[11]]),
        [['Second deal', 'Won', '2026-10-01']],
      );
      const badStatus = await baton(['export', 'deals', '--status', 'closed']);
      assert.equal(badStatus.code, 1);
      assert.match(badStatus.stderr, /--status must be one of open, won, lost/);

      const contactsFile = path.join(dir, 'contacts.csv');
      assert.equal((await baton(['export', 'contacts', '--out', contactsFile])).code, 0);
      const accountsFile = path.join(dir, 'accounts.csv');
      assert.equal((await baton(['export', 'accounts', '--out', accountsFile])).code, 0);
      const ownAccounts = await baton(['import', 'accounts', accountsFile]);
      assert.equal(ownAccounts.code, 0, ownAccounts.stderr);
      assert.match(ownAccounts.stdout, /^1 rows: 0 created, 0 updated, 1 unchanged, 0 not imported\n/);

      fs.appendFileSync(contactsFile, 'x-1,Nina,Roth,nina@rothco.example,,CFO,,RothCo,,,\r\nx-2,,,bad-address,,,,RothCo,,,\r\n');
      const dry = await baton(['import', 'contacts', contactsFile, '--dry-run']);
      assert.equal(dry.code, 3, dry.stderr);
      assert.match(dry.stdout, /^4 rows: 1 would be created, 0 would be updated, 2 unchanged, 1 not imported\n/);
      assert.match(dry.stdout, /row 5, Last Name: is required \(a first or a last name\)/);
      assert.match(dry.stdout, /row 5, Email "bad-address": is not an e-mail address/);
      assert.match(dry.stderr, /Columns: externalId <- "Id", firstName <- "First Name"/);
      const first = await baton(['import', 'contacts', contactsFile]);
      assert.match(first.stdout, /1 created, 0 updated, 2 unchanged, 1 not imported/);
      const again = await baton(['import', 'contacts', contactsFile]);
      assert.match(again.stdout, /0 created, 0 updated, 3 unchanged, 1 not imported/);

      const db = await openDatabase({ dataDir: dir });
      try {
        const rows = await sql<{ first_name: string; account: string }>`
          select c.first_name, a.name as account from contacts c join accounts a on a.id = c.account_id
          where c.workspace_id = ${f.workspace.id} order by c.first_name`.execute(db.db);
        assert.deepEqual(rows.rows, [
          { first_name: 'Chen', account: f.account.name },
          { first_name: 'Maria', account: f.account.name },
          { first_name: 'Nina', account: 'RothCo' },
        ]);
        const audit = await sql<{ action: string; actor_label: string }>`
          select action, actor_label from audit_log where workspace_id = ${f.workspace.id} and action like '%.exported' order by id`.execute(db.db);
        assert.deepEqual(
          audit.rows.map((r) => r.action),
          ['deals.exported', 'deals.exported', 'contacts.exported', 'accounts.exported'],
        );
        assert.match(audit.rows[0]!.actor_label, /^baton export deals \(CLI, /);
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
