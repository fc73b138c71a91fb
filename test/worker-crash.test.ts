// A worker process killed mid-delivery loses nothing: the event is delivered once after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/adapters/db/database.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { createOutboxWorker } from '../src/engine/outbox.ts';
import { createTestDatabase, dispatchHandler, quietLog, testDeps } from './helpers/db.ts';
import { createFixture } from './helpers/fixtures.ts';

test('a worker process that dies while delivering deal.won: after restart the event is delivered, once', async () => {
  const database = await createTestDatabase();
  let db = database.db;
  try {
    const f = await createFixture(testDeps(database));
    await db.updateTable('outbox_events').set({ status: 'done' }).execute();
    await winDeal(testDeps(database), { workspaceId: f.workspace.id, opportunityId: f.opportunity.id, actor: f.users.sales.actor });
    // The embedded database belongs to one process at a time: hand it to the worker process.
    if (database.kind === 'pglite') await database.close();

    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join('test', 'helpers', 'crashing-worker.ts')], {
      env: { ...process.env, DATABASE_URL: database.url ?? '', BATON_DATA_DIR: database.dataDir, LEASE_MS: '500' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.status, 137, child.stderr);
    assert.match(child.stdout, /delivering/);

    const reopened = database.kind === 'pglite' ? await openDatabase({ dataDir: database.dataDir }) : undefined;
    if (reopened) db = reopened.db;
    const runs = async () =>
      (
        await db
          .selectFrom('rule_runs')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('subject_id', '=', f.opportunity.id)
          .executeTakeFirstOrThrow()
      ).n;
    assert.equal(await runs(), 0, 'the dead worker committed nothing');
    const event = await db
      .selectFrom('outbox_events')
      .selectAll()
      .where('type', '=', 'deal.won')
      .where('subject_id', '=', f.opportunity.id)
      .executeTakeFirstOrThrow();
    assert.equal(event.status, 'pending');
    assert.equal(event.locked_by, 'doomed');

    await new Promise((r) => setTimeout(r, 600));
    const restarted = createOutboxWorker({ db, log: quietLog, handlers: { 'deal.won': dispatchHandler }, name: 'restarted' });
    assert.equal(await restarted.drain(), 1);
    assert.equal(await runs(), 3, 'one run for each core rule on a win (activate the client, notify Operations, prepare the handoff brief)');
    assert.equal(await restarted.drain(), 0);
    const done = await db.selectFrom('outbox_events').select(['status', 'attempts']).where('id', '=', event.id).executeTakeFirstOrThrow();
    assert.deepEqual(done, { status: 'done', attempts: 2 });
    if (reopened) await reopened.close();
  } finally {
    if (database.kind === 'pglite') {
      const fs = await import('node:fs');
      fs.rmSync(database.dataDir, { recursive: true, force: true });
    } else {
      await database.drop();
    }
  }
});
