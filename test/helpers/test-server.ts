// A test file's Baton: its own migrated database and an in-process server (HTTP through inject), made before the
// file's tests and closed and dropped after them, with the deps, the automation and the fixtures on that database.
// (test/helpers/server.ts is a different thing: a whole Baton listening on a port, for the browser tests.)
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/domain/roles.ts';
import type { Deps } from '../../src/flows/deps.ts';
import type { Automation, AutomationOptions } from '../../src/main.ts';
import { automation, createTestDatabase, testDeps, type TestDatabase } from './db.ts';
import { buildTestServer, createFixture, type Fixture } from './fixtures.ts';

/** A person's session: the cookie and the CSRF header that their requests carry. */
export type Session = { cookies: Record<string, string>; headers: Record<string, string> };

/**
 * Registers the file's set-up and tear-down; call once at the top of a test file. The accessors work inside tests.
 * `automation` is what `drain()` and `automation()` use when given no options of their own (options given replace
 * it, they are not merged into it). `deps` goes into every `deps()` and into the server's deps: a file's clock
 * (`{ now: () => now }`) or feed; what a `deps()` call is given goes on top of it.
 */
export function useTestServer(options: { automation?: AutomationOptions; deps?: Partial<Deps> } = {}) {
  let testDatabase: TestDatabase | undefined;
  let server: FastifyInstance | undefined;
  const database = (): TestDatabase => {
    assert.ok(testDatabase, 'the test database exists only once the file has started (use it inside a test)');
    return testDatabase;
  };
  const app = (): FastifyInstance => {
    assert.ok(server, 'the test server exists only once the file has started (use it inside a test)');
    return server;
  };
  const deps = (overrides: Partial<Deps> = {}): Deps => testDeps(database(), { ...options.deps, ...overrides });
  const automationOf = (automationOptions = options.automation): Automation => automation(database(), automationOptions);
  const inject = (request: InjectOptions): Promise<LightMyRequestResponse> => app().inject(request);

  // Node 20 starts a file's top-level before hooks as they are registered, side by side: a file's own set-up waits
  // for this one through setUp().
  let started: Promise<void> | undefined;
  const start = () =>
    (started ??= (async () => {
      testDatabase = await createTestDatabase();
      server = await buildTestServer(deps(), testDatabase);
    })());
  before(start);
  after(async () => {
    await server?.close();
    await testDatabase?.drop();
  });

  return {
    /** Registers the file's own set-up (a before hook) to run once the database and the server exist. */
    setUp: (fn: () => Promise<void>) =>
      before(async () => {
        await start();
        await fn();
      }),
    app,
    inject,
    database,
    /** The file's Kysely instance: `database().db`. */
    db: () => database().db,
    deps,
    /** The outbox relay and rule runner on the file's database. */
    automation: automationOf,
    /** Runs the automation until nothing is left to do. */
    drain: (automationOptions?: AutomationOptions) => automationOf(automationOptions).drain(),
    /** A new fixture workspace (test/helpers/fixtures.ts). */
    workspace: (slug?: string): Promise<Fixture> => createFixture(deps(), slug),
    /**
     * Signs in with the password as the person whose e-mail is `<role>@<the workspace's slug>.test`: the fixture's
     * person of that role, or one a test added (`cs2`). For what people do, not API tokens (reviews, approvals).
     */
    async signIn(f: Fixture, role: Role | `${Role}${number}`): Promise<Session> {
      const login = await inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `${role}@${f.workspace.slug}.test`, password: 'correct horse battery' },
      });
      assert.equal(login.statusCode, 200, login.body);
      return { cookies: { baton_session: login.cookies.find((c) => c.name === 'baton_session')!.value }, headers: { 'x-csrf-token': login.json().csrfToken } };
    },
  };
}
