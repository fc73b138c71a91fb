// A failing query is logged with its message, its SQLSTATE code and its SQL text, and never with the values it carried.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildServer } from '../src/adapters/http/server.ts';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, createFixture, type Fixture } from './helpers/fixtures.ts';

let database: TestDatabase;
let app: FastifyInstance;
let f: Fixture;
const lines: string[] = [];
/** The server's log, as JSON lines written to a stream this test reads. */
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  }),
);

before(async () => {
  database = await createTestDatabase();
  f = await createFixture(testDeps(database));
  app = await buildServer({ ...testDeps(database, { log }), config: { cookieSecure: false }, database }, { logger: log });
});
after(async () => {
  await app?.close();
  await database?.drop();
});

test('a query failing on a constraint is logged with its message, code and SQL, and without the values of the row', async () => {
  // PostgreSQL's detail of a check violation repeats the whole row; PGlite's error also carries the parameters.
  await sql`alter table activities add constraint activities_short_body check (length(body) < 80) not valid`.execute(database.db);
  // It opens the note: PostgreSQL cuts each value of the failing row at 64 bytes.
  const secret = 'do-not-log-this-hash$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0LXNhbHQ';
  lines.length = 0;
  const res = await app.inject({
    method: 'POST',
    url: '/api/activities',
    headers: bearer(f.tokens.sales),
    payload: { kind: 'note', subject: 'Credentials', body: `${secret} is the hash of the client's admin password.`, opportunityId: f.opportunity.id },
  });
  assert.equal(res.statusCode, 500, res.body);
  const logged = lines.join('');
  assert.ok(!logged.includes('do-not-log-this-hash'), `the note's words are not in the log:\n${logged}`);
  const entry = lines.map((l) => JSON.parse(l) as { msg: string; err?: { type: string; code: string; sql: string; message: string } }).find((l) => l.err);
  assert.ok(entry?.err, `the failure is logged:\n${logged}`);
  assert.equal(entry.err.type, 'QueryError');
  assert.equal(entry.err.code, '23514');
  assert.match(entry.err.message, /violates check constraint "activities_short_body"/);
  assert.match(entry.err.sql, /^insert into "activities"/);
  assert.match(entry.err.sql, /\$\d/, 'the SQL keeps its placeholders');
});

test('a value quoted in the database message is left out of the error', async () => {
  const token = 'tok_live_0123456789-secret';
  const error = await sql`select ${token}::uuid`.execute(database.db).then(
    () => assert.fail('the cast fails'),
    (e: unknown) => e as Error & { code: string; sql: string },
  );
  const out: string[] = [];
  pino({ level: 'info' }, { write: (line: string) => out.push(line) }).error({ err: error }, 'query failed');
  assert.ok(!out.join('').includes(token), out.join(''));
  assert.equal(error.code, '22P02');
  assert.equal(error.message, 'invalid input syntax for type uuid');
  assert.equal(error.sql, 'select $1::uuid');
});
