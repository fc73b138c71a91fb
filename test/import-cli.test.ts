// `baton import deals file.csv` as an operator runs it: a dry run, the import with its progress and per-row report
// (won rows recorded as history), and the same file again changing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/adapters/db/database.ts';
import { ensurePgliteTemplate, testDeps } from './helpers/db.ts';
import { createFixture } from './helpers/fixtures.ts';

const exec = promisify(execFile);

test(
  'baton import deals: dry run, import with a per-row report, and a second import that changes nothing',
  { skip: !!process.env.DATABASE_URL && 'embedded database only' },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-import-cli-'));
    fs.cpSync(await ensurePgliteTemplate(), dir, { recursive: true });
    const setup = await openDatabase({ dataDir: dir });
    const f = await createFixture(testDeps(setup), 'importing');
    await setup.close();
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(
      file,
      [
        'Record ID,Deal Name,Associated Company,Deal Stage,Amount,Close Date',
        '101,Atlas migration,Atlas AG,Proposal,"€ 4.200,00",2026-11-03',
        '102,Borealis pilot,Borealis Oy,Won,1500,2026-10-01',
        '103,Cobalt renewal,Cobalt Inc,Signed,900,2026-10-02',
      ].join('\n'),
    );
    const env = { ...process.env, BATON_DATA_DIR: dir, DATABASE_URL: '', BATON_DEMO: '0', LOG_LEVEL: 'silent' };
    const baton = (args: string[]) =>
      exec(process.execPath, ['bin/baton.js', 'import', 'deals', file, '--workspace', 'importing', ...args], { env }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    const report = path.join(dir, 'problems.csv');
    try {
      const dry = await baton(['--dry-run']);
      assert.equal(dry.code, 3, dry.stderr);
      assert.match(dry.stdout, /^3 rows: 2 would be created, 0 would be updated, 0 unchanged, 1 not imported\n/);
      assert.match(dry.stderr, /Columns: externalId <- "Record ID", name <- "Deal Name"/);
      const wrong = await baton(['--won-deals', 'later']);
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /--won-deals must be handoff or historical/);
      const first = await baton(['--report', report, '--won-deals', 'historical']);
      assert.equal(first.code, 3);
      assert.match(first.stdout, /2 created, 0 updated, 0 unchanged, 1 not imported/);
      assert.match(first.stdout, /row 4, Deal Stage "Signed": is not a stage of the pipeline \(Qualified, Proposal, Won, Lost\)/);
      assert.match(first.stderr, /Importing: 3\/3 rows/);
      assert.equal(
        fs.readFileSync(report, 'utf8'),
        'row,column,value,reason\r\n4,Deal Stage,Signed,"is not a stage of the pipeline (Qualified, Proposal, Won, Lost)"\r\n',
      );
      const again = await baton([]);
      assert.match(again.stdout, /0 created, 0 updated, 2 unchanged, 1 not imported/);
      const db = await openDatabase({ dataDir: dir });
      try {
        const deals = await sql<{ name: string; category: string }>`
        select o.name, s.category from opportunities o join stages s on s.id = o.stage_id
        where o.workspace_id = ${f.workspace.id} and o.name in ('Atlas migration', 'Borealis pilot', 'Cobalt renewal') order by o.name`.execute(db.db);
        assert.deepEqual(deals.rows, [
          { name: 'Atlas migration', category: 'open' },
          { name: 'Borealis pilot', category: 'won' },
        ]);
        const won = await sql<{ historical: boolean }>`
        select w.historical from deal_outcomes w join opportunities o on o.id = w.opportunity_id where o.name = 'Borealis pilot'`.execute(db.db);
        assert.deepEqual(won.rows, [{ historical: true }], 'won with --won-deals historical: recorded as history');
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
