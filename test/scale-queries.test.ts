// Reads at scale: the handoff metrics are one statement whatever the number of briefs (past the protocol's 65,535
// parameters), and an API token's reads do not write its last-used time more than once a minute.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { sql, type KyselyPlugin } from 'kysely';
import { handoffMetrics } from '../src/adapters/db/briefs.repo.ts';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let f: Fixture;
const deps = () => testDeps(database);

before(async () => {
  database = await createTestDatabase();
  f = await createFixture(deps());
});

after(async () => {
  await database.drop();
});

test('handoff metrics over 70,000 briefs: counted in one statement, no parameter per brief', async () => {
  const ws = f.workspace.id;
  const won = f.stages.find((s) => s.category === 'won')!;
  const briefs = 70_000;
  // 70,000 won deals on the fixture's account, each with a brief; every 1,000th returned once for missing success
  // criteria (its event, and what the brief keeps of it as insertHandoffEvent writes them).
  await sql`
    insert into opportunities (id, workspace_id, account_id, pipeline_id, stage_id, name, created_at)
    select gen_random_uuid(), ${ws}, ${f.account.id}, ${f.pipelineId}, ${won.id}, 'Bulk deal ' || g, now() - interval '2 days'
    from generate_series(1, ${briefs}) g`.execute(database.db);
  await sql`
    insert into handoff_briefs (id, workspace_id, opportunity_id, account_id, status, extractor, sources_digest, returns, won_at, accepted_at, prepared_at, created_at,
      measured_returns, measured_return_fields)
    select gen_random_uuid(), ${ws}, o.id, o.account_id, 'accepted', 'rules-v1', 'digest', case when o.name like '%000' then 1 else 0 end,
      now() - interval '2 days', now() - interval '1 day', now() - interval '2 days', now() - interval '2 days',
      case when o.name like '%000' then 1 else 0 end, case when o.name like '%000' then array['success_criteria'] else '{}' end
    from opportunities o where o.workspace_id = ${ws} and o.name like 'Bulk deal %'`.execute(database.db);
  await sql`
    insert into handoff_events (id, workspace_id, brief_id, opportunity_id, type, data, actor_type, actor_label)
    select gen_random_uuid(), ${ws}, b.id, b.opportunity_id, 'handoff.returned', '{"missing": ["success_criteria"]}'::jsonb, 'user', 'CSM'
    from handoff_briefs b where b.workspace_id = ${ws} and b.returns = 1`.execute(database.db);

  const now = new Date();
  const metrics = await handoffMetrics(database.db, ws, { from: new Date(now.getTime() - 7 * 86_400_000), to: now }, now.toISOString().slice(0, 10));
  assert.equal(metrics.handoffs, briefs);
  assert.equal(metrics.accepted, briefs);
  assert.equal(metrics.returns, 70);
  assert.equal(metrics.acceptedFirstPass, briefs - 70);
  assert.deepEqual(metrics.returnsByField, [{ field: 'success_criteria', count: 70 }]);
  assert.equal(metrics.acceptanceRate, Math.round(((briefs - 70) / briefs) * 1000) / 1000);
  assert.deepEqual(metrics.wonToAcceptedHours, { median: 24, p90: 24, n: briefs });
});

test('an API token read twice in a row writes its last-used time once; a minute later the next read writes it again', async () => {
  // Every UPDATE sent to api_tokens, as the server sends it.
  let tokenUpdates = 0;
  const watching: KyselyPlugin = {
    transformQuery(args) {
      if (args.node.kind === 'UpdateQueryNode' && JSON.stringify(args.node).includes('"api_tokens"')) tokenUpdates++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const app: FastifyInstance = await buildTestServer(testDeps(database, { db: database.db.withPlugin(watching) }), database);
  try {
    const token = await database.db
      .selectFrom('api_tokens')
      .select(['id', 'last_used_at'])
      .where('name', '=', 'sales token')
      .where('workspace_id', '=', f.workspace.id)
      .executeTakeFirstOrThrow();
    const lastUsed = async () =>
      (await database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', token.id).executeTakeFirstOrThrow()).last_used_at;
    assert.equal(token.last_used_at, null);

    const first = await app.inject({ method: 'GET', url: '/api/accounts', headers: bearer(f.tokens.sales) });
    assert.equal(first.statusCode, 200);
    // The touch does not hold up the answer: wait for it to land.
    for (let i = 0; i < 200 && !(await lastUsed()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const stamped = await lastUsed();
    assert.ok(stamped, 'the first read records when the token was used');
    assert.equal(tokenUpdates, 1);

    const second = await app.inject({ method: 'GET', url: '/api/opportunities', headers: bearer(f.tokens.sales) });
    assert.equal(second.statusCode, 200);
    assert.equal(tokenUpdates, 1, 'the second read within the minute sends no write');
    assert.deepEqual(await lastUsed(), stamped);

    // A minute and more later, the next read records the use again.
    await database.db
      .updateTable('api_tokens')
      .set({ last_used_at: sql`now() - interval '61 seconds'` })
      .where('id', '=', token.id)
      .execute();
    const aged = await lastUsed();
    const third = await app.inject({ method: 'GET', url: '/api/accounts', headers: bearer(f.tokens.sales) });
    assert.equal(third.statusCode, 200);
    for (let i = 0; i < 200 && (await lastUsed())?.getTime() === aged?.getTime(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(tokenUpdates, 2);
    assert.ok((await lastUsed())!.getTime() > aged!.getTime());
  } finally {
    await app.close();
  }
});
