// `baton worker` as processes of their own: on PostgreSQL two of them share the outbox and deliver each
// event once; on the embedded database the command refuses with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { createTestDatabase, testDeps } from './helpers/db.ts';
import { addOpportunity, createFixture } from './helpers/fixtures.ts';

test('baton worker processes deliver every deal.won once between them (PostgreSQL), or refuse on PGlite', { timeout: 120_000 }, async () => {
  const database = await createTestDatabase();
  try {
    if (database.kind === 'pglite') {
      const refused = spawnSync(process.execPath, ['bin/baton.js', 'worker'], {
        env: { ...process.env, DATABASE_URL: '', BATON_DATA_DIR: database.dataDir },
        encoding: 'utf8',
      });
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /`baton worker` needs DATABASE_URL: the embedded database belongs to the `baton serve` process/);
      return;
    }
    const deps = testDeps(database);
    const f = await createFixture(deps);
    const workers = [0, 1].map(() =>
      spawn(process.execPath, ['bin/baton.js', 'worker'], { env: { ...process.env, DATABASE_URL: database.url!, LOG_LEVEL: 'silent' }, stdio: 'ignore' }),
    );
    try {
      const deals = [f.opportunity, ...(await Promise.all(Array.from({ length: 9 }, () => addOpportunity(deps, f))))];
      await Promise.all(deals.map((d) => winDeal(deps, { workspaceId: f.workspace.id, opportunityId: d.id, actor: f.users.sales.actor })));
      const pendingWins = async () =>
        (
          await database.db
            .selectFrom('outbox_events')
            .select(sql<number>`count(*)::int`.as('n'))
            .where('type', '=', 'deal.won')
            .where('status', '!=', 'done')
            .executeTakeFirstOrThrow()
        ).n;
      const unfinishedRuns = async () =>
        (
          await database.db
            .selectFrom('rule_runs')
            .select(sql<number>`count(*)::int`.as('n'))
            .where('workspace_id', '=', f.workspace.id)
            .where('status', '!=', 'succeeded')
            .executeTakeFirstOrThrow()
        ).n;
      const deadline = Date.now() + 60_000;
      while (((await pendingWins()) > 0 || (await unfinishedRuns()) > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(await pendingWins(), 0, 'the worker processes delivered every deal.won');
      assert.equal(await unfinishedRuns(), 0, 'and ran every rule it started');
      const perDeal = await database.db
        .selectFrom('notifications')
        .select(['subject_id', sql<number>`count(*)::int`.as('n')])
        .where('workspace_id', '=', f.workspace.id)
        .groupBy('subject_id')
        .execute();
      assert.equal(perDeal.length, 10);
      assert.ok(
        perDeal.every((r) => r.n === 1),
        'one notification per deal for the one ops user',
      );
      const workersSeen = await database.db.selectFrom('outbox_attempts').select('worker').distinct().execute();
      assert.ok(workersSeen.length >= 1);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    }
  } finally {
    await database.drop();
  }
});
