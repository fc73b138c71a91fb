// The automation engine under load and failure: short leases renewed while a worker lives (orphaned work is taken up
// within seconds), a debounced refresh that many notes cannot multiply, and one lock order for a deal's changes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { claimDueRuns } from '../src/adapters/db/rules.repo.ts';
import { claimDueEvents } from '../src/adapters/db/outbox.repo.ts';
import { logActivity } from '../src/flows/activities.flow.ts';
import { answerQuestion } from '../src/flows/brief-review.flow.ts';
import { prepareBrief } from '../src/flows/brief.flow.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { createOutboxWorker, type EventHandler } from '../src/engine/outbox.ts';
import { automation, createTestDatabase, dispatchHandler, quietLog, testDeps, type TestDatabase } from './helpers/db.ts';
import { addOpportunity, createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
const deps = () => testDeps(database);

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database?.drop();
});

const win = (f: Fixture, opportunityId: string) => winDeal(deps(), { workspaceId: f.workspace.id, opportunityId, actor: f.users.sales.actor });
const note = (f: Fixture, opportunityId: string, body: string) =>
  logActivity(deps(), { workspaceId: f.workspace.id, actor: f.users.sales.actor }, { kind: 'note', subject: 'Note', body, opportunityId });

test('work a worker claimed is its own for at most ten seconds unless it renews: a crashed worker is replaced within seconds', async () => {
  const f = await createFixture(deps());
  await createOutboxWorker({ db: database.db, log: quietLog, handlers: {} }).drain();
  await win(f, (await addOpportunity(deps(), f)).id);
  const [event] = await claimDueEvents(database.db, 'some-worker', 10, 10_000);
  assert.ok(event);
  const lease = await database.db
    .selectFrom('outbox_events')
    .select(sql<number>`extract(epoch from locked_until - now())::float8`.as('s'))
    .where('id', '=', event.id)
    .executeTakeFirstOrThrow();
  assert.ok(lease.s > 0 && lease.s <= 10, `the event is held for ${lease.s} s`);
  await automation(database).outbox.drain(); // nobody takes it while the lease holds
  const held = await database.db.selectFrom('outbox_events').select(['status', 'locked_by']).where('id', '=', event.id).executeTakeFirstOrThrow();
  assert.deepEqual(held, { status: 'pending', locked_by: 'some-worker' });
  // The worker is gone: once its lease is over, the next worker delivers the event.
  await database.db
    .updateTable('outbox_events')
    .set({ locked_until: sql`now() - interval '1 second'` })
    .where('id', '=', event.id)
    .execute();
  await automation(database).drain();
  const done = await database.db.selectFrom('outbox_events').select('status').where('id', '=', event.id).executeTakeFirstOrThrow();
  assert.equal(done.status, 'done');
});

test('a live worker keeps what it works on past its lease: it renews it, and no other worker takes it meanwhile', async () => {
  const f = await createFixture(deps());
  await createOutboxWorker({ db: database.db, log: quietLog, handlers: {} }).drain();
  await win(f, (await addOpportunity(deps(), f)).id);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const slow: EventHandler = async (tx, e) => {
    started();
    await gate;
    await dispatchHandler(tx, e);
  };
  const worker = createOutboxWorker({ db: database.db, log: quietLog, handlers: { 'deal.won': slow }, leaseMs: 300, name: 'slow-but-alive' });
  const run = worker.runOnce();
  await running;
  await new Promise((r) => setTimeout(r, 900)); // three leases long
  if (database.kind === 'postgres') {
    // (On PGlite one transaction runs at a time: no second worker could look while the first one works.)
    const taken = await claimDueEvents(database.db, 'other', 10, 10_000);
    assert.equal(taken.filter((e) => e.type === 'deal.won' && e.workspaceId === f.workspace.id).length, 0, 'the renewed lease holds');
  }
  release();
  await run;
  const [delivered] = await database.db
    .selectFrom('outbox_events')
    .select(['status', 'attempts'])
    .where('workspace_id', '=', f.workspace.id)
    .where('type', '=', 'deal.won')
    .execute();
  assert.deepEqual(delivered, { status: 'done', attempts: 1 }, 'delivered once, by the worker that claimed it');
  await worker.stop();
});

test('many notes on a deal in review refresh its brief at most twice per window, and other deals are not held up', async () => {
  const f = await createFixture(deps());
  const deal = await addOpportunity(deps(), f);
  await note(f, deal.id, 'Our goal is to onboard the Hamburg depot. We will have you live four weeks after kickoff.');
  await win(f, deal.id);
  const engine = automation(database, { debounceMs: 60_000 });
  await engine.drain();
  const refreshes = () =>
    database.db
      .selectFrom('rule_runs as r')
      .innerJoin('rules as ru', 'ru.id', 'r.rule_id')
      .select(['r.id', 'r.status', 'r.next_attempt_at'])
      .where('r.subject_id', '=', deal.id)
      .where('ru.key', '=', 'activity-refresh-brief')
      .orderBy('r.id')
      .execute();
  assert.equal((await refreshes()).length, 0, 'preparing the brief on the win is another rule');
  for (let i = 1; i <= 12; i++) await note(f, deal.id, `Call ${i}: the depot manager asked about the scanner rollout.`);
  await engine.outbox.drain();
  const runs = await refreshes();
  assert.ok(runs.length >= 1 && runs.length <= 2, `${runs.length} refresh runs for 12 notes in one window`);
  // The first runs at once; the one for the rest of the window waits for its end, so it reads all of them.
  const later = runs.filter((r) => r.next_attempt_at.getTime() > Date.now());
  assert.ok(later.length <= 1);

  // Another deal's win is not held up behind the waiting refresh.
  const other = await addOpportunity(deps(), f);
  await win(f, other.id);
  await engine.outbox.drain();
  const claimed = await claimDueRuns(database.db, 'w', 50, 10_000);
  assert.ok(
    claimed.some((r) => r.subject_id === other.id),
    "the other deal's runs are due now",
  );
  await database.db.updateTable('rule_runs').set({ status: 'pending', locked_by: null, locked_until: null }).where('locked_by', '=', 'w').execute();
});

test('answering a question and refreshing the brief at the same time queue on the deal: no deadlock, nothing lost', async () => {
  const f = await createFixture(deps());
  const deal = await addOpportunity(deps(), f);
  await note(f, deal.id, 'Our goal is to onboard the Hamburg depot in two weeks. We will have you live four weeks after kickoff.');
  await win(f, deal.id);
  await automation(database, { debounceMs: 0 }).drain();
  const brief = await database.db.selectFrom('handoff_briefs').selectAll().where('opportunity_id', '=', deal.id).executeTakeFirstOrThrow();
  const questions = await database.db.selectFrom('brief_items').select('id').where('brief_id', '=', brief.id).where('kind', '=', 'question').execute();
  assert.ok(questions.length >= 2, 'the brief asks the AE something');
  // An admin may answer for the AE (the fixture's deal has no owner).
  const ae = { workspaceId: f.workspace.id, actor: f.users.admin.actor, role: 'admin' as const, userId: f.users.admin.id };
  const refresh = () =>
    database.db
      .transaction()
      .execute((tx) => prepareBrief(tx, { workspaceId: f.workspace.id, opportunityId: deal.id, actor: f.users.ops.actor, now: new Date(), force: true }));
  const results = await Promise.allSettled(
    questions.flatMap((q, i) => [answerQuestion(deps(), ae, brief.id, q.id, `Answer ${i}: the kickoff is on 7 December.`), refresh(), refresh()]),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason?.message ?? r.reason));
  assert.deepEqual(failures, [], 'every call went through');
  const answered = await database.db
    .selectFrom('brief_items')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('brief_id', '=', brief.id)
    .where('kind', '=', 'question')
    .where('answer', 'is not', null)
    .executeTakeFirstOrThrow();
  assert.equal(answered.n, questions.length, 'every answer is stored');
});

test("a flow run inside the caller's transaction commits or rolls back with the caller's work: a failed caller leaves no note and no event", async () => {
  const f = await createFixture(deps());
  const deal = await addOpportunity(deps(), f);
  const ctx = { workspaceId: f.workspace.id, actor: f.users.sales.actor };
  const notes = () =>
    database.db
      .selectFrom('activities')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('opportunity_id', '=', deal.id)
      .executeTakeFirstOrThrow();
  const events = () =>
    database.db
      .selectFrom('outbox_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('subject_id', '=', deal.id)
      .where('type', '=', 'activity.logged')
      .executeTakeFirstOrThrow();
  await assert.rejects(
    database.db.transaction().execute(async (tx) => {
      await logActivity.in(tx, deps(), ctx, { kind: 'note', body: 'Written, then rolled back.', opportunityId: deal.id });
      throw new Error('the caller fails after the note');
    }),
    /the caller fails/,
  );
  assert.deepEqual([(await notes()).n, (await events()).n], [0, 0]);
  await database.db.transaction().execute((tx) => logActivity.in(tx, deps(), ctx, { kind: 'note', body: 'Kept with the caller.', opportunityId: deal.id }));
  assert.deepEqual([(await notes()).n, (await events()).n], [1, 1]);
});
