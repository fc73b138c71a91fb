// The outbox: events survive a worker that dies mid-delivery, failures retry with backoff and stay visible,
// and several workers never handle one event at the same time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { claimDueEvents } from '../src/adapters/db/outbox.repo.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { createOutboxWorker, type EventHandler } from '../src/engine/outbox.ts';
import { dispatchHandler, quietLog, runsFor } from './helpers/db.ts';
import { addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, database, db, deps, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace();
  // Events from building the fixture are not what these tests are about.
  await createOutboxWorker({ db: db(), log: quietLog, handlers: {} }).drain();
});

async function winNew() {
  const opp = await addOpportunity(deps(), f);
  // Only the deal.won event matters here.
  await db().updateTable('outbox_events').set({ status: 'done' }).where('subject_id', '=', opp.id).where('type', '=', 'deal.created').execute();
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  const event = await db().selectFrom('outbox_events').selectAll().where('subject_id', '=', opp.id).where('type', '=', 'deal.won').executeTakeFirstOrThrow();
  return { opp, event };
}

// The three core rules on a win (activate the client, notify Operations, prepare the handoff brief) start one run each per won deal.
const coreRuns = 3;
const runsOf = (subjectId: string) => runsFor(database(), subjectId);

test('an event claimed by a worker that died is delivered by another once the lease runs out', async () => {
  await createOutboxWorker({ db: db(), log: quietLog, handlers: {} }).drain();
  const { opp, event } = await winNew();
  // The first worker commits its claim and then dies before delivering.
  const claimed = await claimDueEvents(db(), 'crashed-worker', 10, 300);
  assert.ok(claimed.some((e) => e.id === event.id));
  const survivor = createOutboxWorker({ db: db(), log: quietLog, handlers: { 'deal.won': dispatchHandler }, name: 'survivor' });
  assert.equal(await survivor.runOnce(), 0, 'the lease still holds');
  assert.equal(await runsOf(opp.id), 0);
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await survivor.drain(), 1);
  assert.equal(await runsOf(opp.id), coreRuns);
  const row = await db().selectFrom('outbox_events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'done');
  assert.equal(row.attempts, 2);
  const attempts = await db().selectFrom('outbox_attempts').select(['worker', 'finished_at']).where('event_id', '=', event.id).orderBy('attempt').execute();
  assert.deepEqual(
    attempts.map((a) => a.worker),
    ['survivor'],
  );
});

test('a worker whose lease was taken over cannot complete: its work rolls back and nothing is doubled', async () => {
  await createOutboxWorker({ db: db(), log: quietLog, handlers: {} }).drain();
  const { opp } = await winNew();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow: EventHandler = async (tx, e) => {
    await dispatchHandler(tx, e);
    await gate;
  };
  // On PGlite one transaction runs at a time, so the takeover is only possible on PostgreSQL.
  if (database().kind === 'postgres') {
    const stuck = createOutboxWorker({ db: db(), log: quietLog, handlers: { 'deal.won': slow }, leaseMs: 200, maxHoldMs: 200, name: 'stuck' });
    const stuckRun = stuck.runOnce();
    await new Promise((r) => setTimeout(r, 400));
    const other = createOutboxWorker({ db: db(), log: quietLog, handlers: { 'deal.won': dispatchHandler }, name: 'other' });
    const otherRun = other.drain();
    release();
    await Promise.all([stuckRun, otherRun]);
  } else {
    release();
    await createOutboxWorker({ db: db(), log: quietLog, handlers: { 'deal.won': dispatchHandler } }).drain();
  }
  assert.equal(await runsOf(opp.id), coreRuns);
});

test('a failing handler retries with backoff, then stays failed with its error, visible and retriable by hand', async () => {
  await createOutboxWorker({ db: db(), log: quietLog, handlers: {} }).drain();
  const { opp, event } = await winNew();
  await db().updateTable('outbox_events').set({ max_attempts: 2 }).where('id', '=', event.id).execute();
  const failing = createOutboxWorker({
    db: db(),
    log: quietLog,
    handlers: {
      'deal.won': async () => {
        throw new Error('mail server refused the connection');
      },
    },
  });
  assert.equal(await failing.runOnce(), 1);
  let row = await db().selectFrom('outbox_events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'pending');
  assert.equal(row.last_error, 'mail server refused the connection');
  assert.ok(row.next_attempt_at.getTime() > Date.now() + 500, 'waits before the next attempt');
  assert.equal(await failing.runOnce(), 0, 'not due yet');

  await db()
    .updateTable('outbox_events')
    .set({ next_attempt_at: sql`now()` })
    .where('id', '=', event.id)
    .execute();
  assert.equal(await failing.runOnce(), 1);
  row = await db().selectFrom('outbox_events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'failed');
  assert.equal(row.attempts, 2);

  const listed = await inject({ method: 'GET', url: '/api/outbox?status=failed', headers: bearer(f.tokens.ops) });
  assert.ok(listed.json().items.some((e: { id: string; lastError: string }) => e.id === event.id && e.lastError === 'mail server refused the connection'));
  const detail = await inject({ method: 'GET', url: `/api/outbox/${event.id}`, headers: bearer(f.tokens.ops) });
  assert.deepEqual(
    detail.json().attemptLog.map((a: { error: string }) => a.error),
    ['mail server refused the connection', 'mail server refused the connection'],
  );
  // The subject is named (the deal's name as it is now), in the list and in the detail.
  await db().updateTable('opportunities').set({ name: 'Renamed rollout' }).where('id', '=', opp.id).execute();
  const named = await inject({ method: 'GET', url: '/api/outbox?status=failed', headers: bearer(f.tokens.ops) });
  assert.equal(named.json().items.find((e: { id: string }) => e.id === event.id).subjectName, 'Renamed rollout');
  const namedDetail = await inject({ method: 'GET', url: `/api/outbox/${event.id}`, headers: bearer(f.tokens.ops) });
  assert.equal(namedDetail.json().subjectName, 'Renamed rollout');
  const health = await inject({ method: 'GET', url: '/api/health', headers: bearer(f.tokens.admin) });
  assert.ok(health.json().outbox.failed >= 1);

  const retried = await inject({ method: 'POST', url: `/api/outbox/${event.id}/retry`, headers: bearer(f.tokens.ops) });
  assert.equal(retried.statusCode, 200);
  assert.equal(retried.json().status, 'pending');
  await createOutboxWorker({ db: db(), log: quietLog, handlers: { 'deal.won': dispatchHandler } }).drain();
  assert.equal(await runsOf(opp.id), coreRuns);
  const again = await inject({ method: 'POST', url: `/api/outbox/${event.id}/retry`, headers: bearer(f.tokens.ops) });
  assert.equal(again.statusCode, 409, 'a delivered event is not delivered twice');
});

test('several workers draining one outbox never handle the same event twice', async () => {
  await createOutboxWorker({ db: db(), log: quietLog, handlers: {} }).drain();
  const opps = [];
  for (let i = 0; i < 12; i++) opps.push((await winNew()).opp);
  const handled = new Map<string, number>();
  const counting: EventHandler = async (tx, e) => {
    handled.set(e.id, (handled.get(e.id) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, 5));
    await dispatchHandler(tx, e);
  };
  const workers = Array.from({ length: 3 }, (_, i) =>
    createOutboxWorker({
      db: db(),
      log: quietLog,
      handlers: { 'deal.won': counting },
      batchSize: 2,
      concurrency: database().kind === 'postgres' ? 3 : 1,
      name: `w${i}`,
    }),
  );
  await Promise.all(workers.map((w) => w.drain()));
  assert.equal(handled.size, 12);
  assert.ok([...handled.values()].every((n) => n === 1));
  for (const opp of opps) assert.equal(await runsOf(opp.id), coreRuns);
});

test('an event nobody has taken for more than five minutes past its due time shows as stuck, and retrying puts it back in line', async () => {
  await createOutboxWorker({ db: db(), log: quietLog, handlers: {} }).drain();
  const { event } = await winNew();
  await db()
    .updateTable('outbox_events')
    .set({ next_attempt_at: new Date(Date.now() - 10 * 60_000) })
    .where('id', '=', event.id)
    .execute();
  const stuck = await inject({ method: 'GET', url: `/api/outbox/${event.id}`, headers: bearer(f.tokens.ops) });
  assert.equal(stuck.json().stuck, true);
  const warnings = (await inject({ method: 'GET', url: '/api/warnings', headers: bearer(f.tokens.ops) })).json().items;
  assert.ok(warnings.some((w: { kind: string; subject: { id: string } }) => w.kind === 'event_stuck' && w.subject.id === event.id));
  const retried = await inject({ method: 'POST', url: `/api/outbox/${event.id}/retry`, headers: bearer(f.tokens.ops) });
  assert.deepEqual([retried.json().status, retried.json().stuck], ['pending', false]);
});

test('the outbox lists one event type at a time when asked, and refuses a malformed type', async () => {
  const { event } = await winNew();
  const listed = await inject({ method: 'GET', url: '/api/outbox?type=deal.won&limit=200', headers: bearer(f.tokens.ops) });
  assert.equal(listed.statusCode, 200);
  const types = new Set(listed.json().items.map((e: { type: string }) => e.type));
  assert.deepEqual([...types], ['deal.won']);
  assert.ok(listed.json().items.some((e: { id: string }) => e.id === event.id));
  const bad = await inject({ method: 'GET', url: '/api/outbox?type=DROP%20TABLE', headers: bearer(f.tokens.ops) });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.fields[0].path, 'querystring:/type');
});

test('events no rule listens to are delivered together, each with its attempt, while the others are handled as before', async () => {
  await createOutboxWorker({ db: db(), log: quietLog, handlers: {} }).drain();
  const quiet = [await addOpportunity(deps(), f), await addOpportunity(deps(), f)];
  const { opp: won, event: wonEvent } = await winNew();
  const worker = createOutboxWorker({
    db: db(),
    log: quietLog,
    handlers: { 'deal.won': dispatchHandler },
    idle: async (e) => e.type !== 'deal.won',
    name: 'batcher',
  });
  const delivered = await worker.drain();
  assert.ok(delivered >= 3, `delivered ${delivered}`);
  const events = await db()
    .selectFrom('outbox_events')
    .select(['id', 'type', 'status', 'locked_by', 'subject_id'])
    .where('subject_id', 'in', [...quiet.map((o) => o.id), won.id])
    .execute();
  // winNew marked the won deal's deal.created done by hand: this worker delivered the others.
  const byWorker = events.filter((e) => !(e.subject_id === won.id && e.type === 'deal.created'));
  assert.ok(events.length >= 3);
  assert.ok(
    events.every((e) => e.status === 'done' && e.locked_by === null),
    JSON.stringify(events),
  );
  const attempts = await db()
    .selectFrom('outbox_attempts')
    .select(['event_id', 'worker', 'error', 'finished_at'])
    .where(
      'event_id',
      'in',
      byWorker.map((e) => e.id),
    )
    .execute();
  assert.equal(attempts.length, byWorker.length, 'one attempt per event');
  assert.ok(attempts.every((a) => a.worker === 'batcher' && a.error === null && a.finished_at !== null));
  assert.ok(events.some((e) => e.id === wonEvent.id));
  assert.equal(await runsOf(won.id), coreRuns, 'the won deal still started its rules');
});
