// Delivery state computed from the work: a milestone reached when its tasks are done (and not once one reopens),
// health from overdue work and first value with its reasons, first value recorded missed once by the sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { sweepDelivery } from '../src/flows/delivery.flow.ts';
import { addDelivery, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

let f: Fixture;
// The clock the server and the sweep read: the day after the win, before any task is due.
let now = new Date('2026-11-28T10:00:00Z');
const { inject, db, deps, drain, workspace, setUp } = useTestServer({ deps: { now: () => now }, automation: { now: () => now } });

type ProjectPage = {
  id: string;
  health: string;
  tasks: { id: string; title: string; status: string }[];
  phases: { milestones: { name: string; dueDate: string; reachedAt: string | null }[] }[];
};
let projectId: string;
let tasks: Record<string, string>;

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
  const win = await inject({
    method: 'POST',
    url: `/api/opportunities/${f.opportunity.id}/win`,
    headers: bearer(f.tokens.sales),
    payload: { closeDate: '2026-11-27' },
  });
  assert.equal(win.statusCode, 200, win.body);
  await drain();
  projectId = (await db().selectFrom('projects').select('id').where('opportunity_id', '=', f.opportunity.id).executeTakeFirstOrThrow()).id;
  tasks = Object.fromEntries((await readProject()).tasks.map((t) => [t.title, t.id]));
});

async function readProject(): Promise<ProjectPage> {
  const res = await inject({ method: 'GET', url: `/api/projects/${projectId}`, headers: bearer(f.tokens.pm) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const setStatus = async (title: string, status: string) => {
  const res = await inject({ method: 'PATCH', url: `/api/tasks/${tasks[title]}`, headers: bearer(f.tokens.pm), payload: { status } });
  assert.equal(res.statusCode, 200, res.body);
};

const milestone = async () => (await readProject()).phases[0]!.milestones[0]!;

const events = async (type: string) =>
  db().selectFrom('outbox_events').select(['payload']).where('workspace_id', '=', f.workspace.id).where('type', '=', type).orderBy('id').execute();

const health = async () => db().selectFrom('projects').select(['health', 'health_reasons']).where('id', '=', projectId).executeTakeFirstOrThrow();

test('the milestone is reached, with its date, when the last of its tasks is done, in the same transaction', async () => {
  await setStatus('Send the welcome e-mail', 'done');
  await setStatus('Create access credentials', 'done');
  assert.equal((await milestone()).reachedAt, null, 'the kickoff task is still open');
  await setStatus('Hold the kickoff call', 'done');
  const kickoff = await db().selectFrom('tasks').select('completed_at').where('id', '=', tasks['Hold the kickoff call']!).executeTakeFirstOrThrow();
  assert.equal((await milestone()).reachedAt, kickoff.completed_at!.toISOString(), 'reached when the last task was completed');
  const brief = await db().selectFrom('handoff_briefs').select('kickoff_held_on').where('opportunity_id', '=', f.opportunity.id).executeTakeFirstOrThrow();
  assert.equal(brief.kickoff_held_on, '2026-11-28', 'the kickoff task done is the kickoff held, on the day by the clock');
  const reached = await events('milestone.reached');
  assert.equal(reached.length, 1);
  assert.equal((reached[0]!.payload as { name: string }).name, 'Kicked off');
});

test('reopening one of its tasks takes the milestone back to not reached', async () => {
  await setStatus('Create access credentials', 'in_progress');
  assert.equal((await milestone()).reachedAt, null);
  assert.equal((await events('milestone.reopened')).length, 1);
  await setStatus('Create access credentials', 'done');
  assert.notEqual((await milestone()).reachedAt, null, 'done again, reached again');
});

test('the daily sweep finds the project at risk once a task is overdue, and says why', async () => {
  await setStatus('Create access credentials', 'todo'); // due 1 December
  assert.equal((await health()).health, 'on_track', 'not overdue on 28 November');
  now = new Date('2026-12-03T10:00:00Z');
  await sweepDelivery(db(), now);
  const h = await health();
  assert.equal(h.health, 'at_risk');
  const page = await readProject();
  assert.deepEqual(
    (page as unknown as { healthReasons: { message: string }[] }).healthReasons.map((r) => r.message),
    ['1 task overdue, the latest by 2 days', 'Milestone "Kicked off" was due 2026-12-02, 1 day ago'],
    'the project page says why',
  );
  assert.deepEqual(
    (h.health_reasons as { message: string }[]).map((r) => r.message),
    ['1 task overdue, the latest by 2 days', 'Milestone "Kicked off" was due 2026-12-02, 1 day ago'],
  );
  const changed = await events('project.health_changed');
  assert.deepEqual(
    changed.map((e) => [(e.payload as { from: string }).from, (e.payload as { to: string }).to]),
    [['on_track', 'at_risk']],
  );
  // Swept again the same day: nothing more to do.
  assert.equal(await sweepDelivery(db(), now), 0);
  await setStatus('Create access credentials', 'done');
  assert.equal((await health()).health, 'on_track', 'the work done puts it back on track at once');
});

test('first value past its date is recorded missed once by the sweep, and puts the project off track', async () => {
  // The won deal's brief (prepared by the workspace's rule) with a first-value date.
  await sql`update handoff_briefs set first_value_due = '2026-12-03' where opportunity_id = ${f.opportunity.id}`.execute(db());
  await sweepDelivery(db(), now);
  const brief = () =>
    db().selectFrom('handoff_briefs').select(['first_value_missed_at']).where('opportunity_id', '=', f.opportunity.id).executeTakeFirstOrThrow();
  assert.equal((await brief()).first_value_missed_at, null, 'due today is not missed yet');
  now = new Date('2026-12-04T10:00:00Z');
  await sweepDelivery(db(), now);
  await sweepDelivery(db(), now);
  assert.notEqual((await brief()).first_value_missed_at, null);
  const missed = await events('first_value.missed');
  assert.equal(missed.length, 1, 'recorded once, however often the sweep runs');
  assert.equal((missed[0]!.payload as { reason: string }).reason, 'not reached by 2026-12-03');
  const history = await db()
    .selectFrom('handoff_events')
    .select('type')
    .where('opportunity_id', '=', f.opportunity.id)
    .where('type', 'like', 'first_value.%')
    .execute();
  assert.deepEqual(
    history.map((e) => e.type),
    ['first_value.missed'],
    'in the handoff history too',
  );
  const h = await health();
  assert.equal(h.health, 'off_track');
  assert.deepEqual(
    (h.health_reasons as { code: string }[]).map((r) => r.code),
    ['first_value_missed'],
  );
});
