// "Fewest open tasks" reads each person's open-task counter; the counters follow every change of a task (new
// projects, completion, reopening, a new owner, deletion) and decide who leads the next project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import * as openTaskCounts from '../src/adapters/db/migrations/0045-open-task-counts.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;
let pm2: { id: string };

setUp(async () => {
  f = await workspace();
  pm2 = (await addDelivery(deps(), f)).people.pm2;
});

/** Every person's open tasks, counted from the tasks, beside the counters. */
async function countsAndCounters(): Promise<{ counted: Record<string, number>; counters: Record<string, number> }> {
  const counted = await db()
    .selectFrom('tasks')
    .select(['owner_id', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', f.workspace.id)
    .where('owner_id', 'is not', null)
    .where(sql<boolean>`status in ('todo', 'in_progress', 'blocked')`)
    .groupBy('owner_id')
    .execute();
  const counters = await db()
    .selectFrom('open_task_counts')
    .select(['user_id', 'open_tasks'])
    .where('workspace_id', '=', f.workspace.id)
    .where('open_tasks', '<>', 0)
    .execute();
  return {
    counted: Object.fromEntries(counted.map((r) => [r.owner_id!, r.n])),
    counters: Object.fromEntries(counters.map((r) => [r.user_id, r.open_tasks])),
  };
}

async function assertCountersMatch(when: string): Promise<void> {
  const { counted, counters } = await countsAndCounters();
  assert.deepEqual(counters, counted, `open-task counters after ${when}`);
}

async function win(
  opportunityId: string,
): Promise<{ id: string; owner: { id: string; name: string }; tasks: { id: string; title: string; owner: { id: string } }[] }> {
  const res = await inject({ method: 'POST', url: `/api/opportunities/${opportunityId}/win`, headers: bearer(f.tokens.sales), payload: {} });
  assert.equal(res.statusCode, 200, res.body);
  await drain();
  const list = await inject({ method: 'GET', url: `/api/projects?opportunityId=${opportunityId}`, headers: bearer(f.tokens.pm) });
  const project = await inject({ method: 'GET', url: `/api/projects/${list.json().items[0].id}`, headers: bearer(f.tokens.pm) });
  return project.json();
}

const patchTask = (id: string, payload: Record<string, unknown>) =>
  inject({ method: 'PATCH', url: `/api/tasks/${id}`, headers: bearer(f.tokens.admin), payload });

test('the project lead with fewer open tasks leads the next project, and the counters follow every change of a task', async () => {
  const kickoffOf = (p: Awaited<ReturnType<typeof win>>) => p.tasks.find((t) => t.title === 'Hold the kickoff call')!;
  const first = await win(f.opportunity.id);
  // Nobody had open tasks: the pm (first in the roster) leads; the kickoff then goes to pm2, who has fewer.
  assert.equal(first.owner.id, f.users.pm.id);
  assert.equal(kickoffOf(first).owner.id, pm2.id);
  await assertCountersMatch('a project was built');

  const second = await win((await addOpportunity(deps(), f)).id);
  assert.equal(second.owner.id, f.users.pm.id, 'pm2 holds an open kickoff, the pm none: the pm leads');
  await assertCountersMatch('a second project was built');

  // Both kickoffs go to the pm: pm2 has no open task left and leads the third project.
  assert.equal((await patchTask(kickoffOf(first).id, { ownerId: f.users.pm.id })).statusCode, 200);
  await assertCountersMatch('a task changed owner');
  const third = await win((await addOpportunity(deps(), f)).id);
  assert.equal(third.owner.id, pm2.id, 'the lead with the fewest open tasks owns the third project');

  // The pm completes both kickoffs (one reopened and completed again): now the pm has fewer and leads the fourth.
  for (const task of [kickoffOf(first), kickoffOf(second)]) assert.equal((await patchTask(task.id, { status: 'done', override: true })).statusCode, 200);
  assert.equal((await patchTask(kickoffOf(first).id, { status: 'in_progress' })).statusCode, 200);
  await assertCountersMatch('a task was reopened');
  assert.equal((await patchTask(kickoffOf(first).id, { status: 'done', override: true })).statusCode, 200);
  await assertCountersMatch('tasks were completed');
  const fourth = await win((await addOpportunity(deps(), f)).id);
  assert.equal(fourth.owner.id, f.users.pm.id, 'completed tasks no longer count');

  await db().deleteFrom('tasks').where('id', '=', kickoffOf(third).id).execute();
  await assertCountersMatch('a task was deleted');

  // A database migrated from before the counters starts with the counts of the tasks it holds.
  await openTaskCounts.down(db());
  await openTaskCounts.up(db());
  await assertCountersMatch('the migration ran on existing tasks');
});
