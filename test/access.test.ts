// Who may do what: workspace isolation, roles, login and CSRF, and every 4xx path of the API.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { logActivity } from '../src/flows/activities.flow.ts';
import { bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, workspace, setUp } = useTestServer();
let a: Fixture;
let b: Fixture;

setUp(async () => {
  a = await workspace('alpha');
  b = await workspace('bravo');
});

describe('workspace isolation', () => {
  test('a token of workspace A gets 404 for every record of workspace B, reading or changing it', async () => {
    const activity = await logActivity(
      deps(),
      { workspaceId: b.workspace.id, actor: b.users.sales.actor },
      { kind: 'note', body: 'B only', opportunityId: b.opportunity.id },
    );
    const event = await db().selectFrom('outbox_events').select('id').where('workspace_id', '=', b.workspace.id).executeTakeFirstOrThrow();
    const requests: [string, string, unknown?][] = [
      ['GET', `/api/opportunities/${b.opportunity.id}`],
      ['PATCH', `/api/opportunities/${b.opportunity.id}`, { name: 'stolen' }],
      ['GET', `/api/opportunities/${b.opportunity.id}/timeline`],
      ['POST', `/api/opportunities/${b.opportunity.id}/win`, {}],
      ['POST', `/api/opportunities/${b.opportunity.id}/lose`, { reason: 'x' }],
      ['POST', `/api/opportunities/${b.opportunity.id}/reopen`, {}],
      ['POST', `/api/opportunities/${b.opportunity.id}/stage`, { stageId: b.stages[1]!.id }],
      ['GET', `/api/accounts/${b.account.id}`],
      ['PATCH', `/api/accounts/${b.account.id}`, { name: 'stolen' }],
      ['GET', `/api/contacts/${b.contacts.sponsor.id}`],
      ['GET', `/api/activities/${activity.id}`],
      ['POST', `/api/enrolments/${b.enrolments[0]!.id}/stop`, { reason: 'x' }],
      ['GET', `/api/outbox/${event.id}`],
      ['POST', `/api/outbox/${event.id}/retry`, {}],
    ];
    for (const [method, url, payload] of requests) {
      const res = await inject({
        method: method as 'GET',
        url,
        headers: bearer(a.tokens.admin),
        ...(payload !== undefined && { payload: payload as object }),
      });
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    }
    const opp = await inject({ method: 'GET', url: `/api/opportunities/${b.opportunity.id}`, headers: bearer(b.tokens.admin) });
    assert.equal(opp.json().name, 'Acme rollout', 'nothing of B changed');
    assert.equal(opp.json().stageCategory, 'open');
  });

  test("lists show only the caller's workspace, and B's ids in a body are refused as unknown", async () => {
    for (const url of [
      '/api/opportunities',
      '/api/accounts',
      '/api/contacts',
      '/api/enrolments',
      '/api/users',
      '/api/audit',
      '/api/outbox',
      '/api/activities',
    ]) {
      const res = await inject({ method: 'GET', url, headers: bearer(a.tokens.admin) });
      assert.equal(res.statusCode, 200, url);
      assert.ok(!res.body.includes(b.workspace.id) && !res.body.includes(b.account.id) && !res.body.includes(b.opportunity.id), `${url} leaks B`);
    }
    const res = await inject({
      method: 'POST',
      url: '/api/opportunities',
      headers: bearer(a.tokens.sales),
      payload: { name: 'x', accountId: b.account.id },
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().error.fields, [{ path: '/accountId', message: 'no account with this id in your workspace' }]);
  });
});

describe('roles', () => {
  test('only admin and sales may win, lose or reopen a deal', async () => {
    for (const role of ['cs', 'pm', 'ops', 'finance', 'legal'] as const) {
      const res = await inject({ method: 'POST', url: `/api/opportunities/${a.opportunity.id}/win`, headers: bearer(a.tokens[role]) });
      assert.equal(res.statusCode, 403, role);
      assert.equal(res.json().error.code, 'auth.forbidden');
      assert.match(res.json().error.message, new RegExp(`The ${role} role may not`));
    }
    const still = await inject({ method: 'GET', url: `/api/opportunities/${a.opportunity.id}`, headers: bearer(a.tokens.finance) });
    assert.equal(still.json().stageCategory, 'open');
  });

  test('every role reads the CRM; cs and pm log activities; finance and legal cannot', async () => {
    for (const role of ['admin', 'sales', 'cs', 'pm', 'ops', 'finance', 'legal'] as const) {
      const read = await inject({ method: 'GET', url: `/api/opportunities/${a.opportunity.id}`, headers: bearer(a.tokens[role]) });
      assert.equal(read.statusCode, 200, role);
      const log = await inject({
        method: 'POST',
        url: '/api/activities',
        headers: bearer(a.tokens[role]),
        payload: { kind: 'note', body: `from ${role}`, opportunityId: a.opportunity.id },
      });
      assert.equal(log.statusCode, ['finance', 'legal'].includes(role) ? 403 : 201, `${role}: ${log.body}`);
    }
  });

  test('only admins manage people and tokens; ops and admins see the outbox; sales does not', async () => {
    const people = await inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(a.tokens.sales),
      payload: { email: 'x@alpha.test', name: 'X', role: 'sales' },
    });
    assert.equal(people.statusCode, 403);
    const token = await inject({ method: 'POST', url: '/api/tokens', headers: bearer(a.tokens.ops), payload: { name: 'x', role: 'admin' } });
    assert.equal(token.statusCode, 403);
    assert.equal((await inject({ method: 'GET', url: '/api/outbox', headers: bearer(a.tokens.ops) })).statusCode, 200);
    assert.equal((await inject({ method: 'GET', url: '/api/outbox', headers: bearer(a.tokens.sales) })).statusCode, 403);
  });

  test('an admin creates a token; it works until revoked', async () => {
    const created = await inject({ method: 'POST', url: '/api/tokens', headers: bearer(a.tokens.admin), payload: { name: 'zapier', role: 'sales' } });
    assert.equal(created.statusCode, 201);
    const { secret, token } = created.json();
    assert.equal((await inject({ method: 'GET', url: '/api/opportunities', headers: bearer(secret) })).statusCode, 200);
    await inject({ method: 'POST', url: `/api/tokens/${token.id}/revoke`, headers: bearer(a.tokens.admin) });
    const after = await inject({ method: 'GET', url: '/api/opportunities', headers: bearer(secret) });
    assert.equal(after.statusCode, 401);
    assert.match(after.json().error.message, /revoked/);
  });
});

describe('login, session cookie and CSRF', () => {
  test('a wrong password or unknown e-mail gets the same 401', async () => {
    const wrong = await inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'sales@alpha.test', password: 'nope' } });
    const unknown = await inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'who@alpha.test', password: 'nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
  });

  test('the eleventh login attempt for one e-mail within a minute is refused with 429; other people can still log in', async () => {
    const attempt = (email: string, password = 'wrong guess') => inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    for (let i = 0; i < 10; i++) assert.equal((await attempt('cs@alpha.test')).statusCode, 401);
    const blocked = await attempt('cs@alpha.test', 'correct horse battery');
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().error.code, 'auth.too_many_attempts');
    assert.match(blocked.json().error.message, /Too many login attempts: try again in \d+ s/);
    assert.equal((await attempt('pm@alpha.test', 'correct horse battery')).statusCode, 200);
  });

  test('the session cookie reads; changes need the CSRF header; logout ends the session', async () => {
    const login = await inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'SALES@alpha.test', password: 'correct horse battery' } });
    assert.equal(login.statusCode, 200);
    const cookie = login.cookies.find((c) => c.name === 'baton_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    const cookies = { baton_session: cookie.value };
    const { csrfToken } = login.json();
    assert.equal((await inject({ method: 'GET', url: '/api/auth/me', cookies })).json().user.email, 'sales@alpha.test');
    const signedIn = await inject({ method: 'GET', url: '/api/auth/session', cookies });
    assert.equal(signedIn.json().session.user.email, 'sales@alpha.test');
    assert.equal(signedIn.json().session.csrfToken, csrfToken);
    const noCsrf = await inject({ method: 'POST', url: '/api/activities', cookies, payload: { kind: 'note', body: 'x', opportunityId: a.opportunity.id } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().error.code, 'auth.csrf');
    const withCsrf = await inject({
      method: 'POST',
      url: '/api/activities',
      cookies,
      headers: { 'x-csrf-token': csrfToken },
      payload: { kind: 'note', body: 'x', opportunityId: a.opportunity.id },
    });
    assert.equal(withCsrf.statusCode, 201);
    assert.equal(withCsrf.json().authorName, 'sales person');
    await inject({ method: 'POST', url: '/api/auth/logout', cookies });
    assert.equal((await inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode, 401);
    // Signed out is an answer for the web's first call, not an error in the browser's console.
    const signedOut = await inject({ method: 'GET', url: '/api/auth/session', cookies });
    assert.deepEqual([signedOut.statusCode, signedOut.json()], [200, { session: null }]);
    assert.deepEqual((await inject({ method: 'GET', url: '/api/auth/session' })).json(), { session: null });
  });
});

describe('4xx paths', () => {
  test('no credentials, a malformed header or an unknown token is 401', async () => {
    assert.equal((await inject({ method: 'GET', url: '/api/opportunities' })).statusCode, 401);
    assert.equal((await inject({ method: 'GET', url: '/api/opportunities', headers: { authorization: 'Basic abc' } })).statusCode, 401);
    assert.equal((await inject({ method: 'GET', url: '/api/opportunities', headers: bearer('bt_unknown') })).statusCode, 401);
  });

  test('a caller who may not call a route gets 401 or 403 before its input is read, not a 400 naming its fields', async () => {
    const bad = { kind: 'telepathy', body: '', opportunityId: 'not-a-uuid' };
    const anonymous = await inject({ method: 'POST', url: '/api/activities', payload: bad });
    assert.equal(anonymous.statusCode, 401, anonymous.body);
    assert.equal(anonymous.json().error.fields, undefined);
    const finance = await inject({ method: 'POST', url: '/api/activities', headers: bearer(a.tokens.finance), payload: bad });
    assert.equal(finance.statusCode, 403, finance.body);
    const broken = await inject({
      method: 'POST',
      url: '/api/activities',
      headers: { 'content-type': 'application/json' },
      payload: '{"kind": "note",',
    });
    assert.equal(broken.statusCode, 401, 'a body is not parsed for a caller who is not signed in');
  });

  test('bad input is a 400 naming each field and its reason', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/opportunities',
      headers: bearer(a.tokens.sales),
      payload: { name: '', accountId: 'not-a-uuid', amountMinor: -5, currency: 'euro', complexity: 'hard', colour: 'red' },
    });
    assert.equal(res.statusCode, 400);
    const paths = res
      .json()
      .error.fields.map((f: { path: string }) => f.path)
      .sort();
    assert.deepEqual(paths, ['body:/accountId', 'body:/amountMinor', 'body:/colour', 'body:/complexity', 'body:/currency', 'body:/name']);
    assert.ok(res.json().error.fields.every((f: { message: string }) => f.message.length > 0));
  });

  test('a query parameter out of range, a bad id and malformed JSON are 400s, never 500s', async () => {
    const limit = await inject({ method: 'GET', url: '/api/opportunities?limit=0', headers: bearer(a.tokens.sales) });
    assert.equal(limit.statusCode, 400);
    assert.equal(limit.json().error.fields[0].path, 'querystring:/limit');
    const id = await inject({ method: 'GET', url: '/api/accounts/42', headers: bearer(a.tokens.sales) });
    assert.equal(id.statusCode, 400);
    const json = await inject({
      method: 'POST',
      url: '/api/activities',
      headers: { ...bearer(a.tokens.sales), 'content-type': 'application/json' },
      payload: '{"kind": "note",',
    });
    assert.equal(json.statusCode, 400);
    assert.ok(json.json().error.message);
  });

  test('an unknown record is 404, an unknown route is a JSON 404', async () => {
    const res = await inject({ method: 'GET', url: '/api/opportunities/01900000-0000-7000-8000-000000000000', headers: bearer(a.tokens.sales) });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'opportunity.not_found');
    const route = await inject({ method: 'GET', url: '/api/nothing-here', headers: bearer(a.tokens.sales) });
    assert.equal(route.statusCode, 404);
    assert.equal(route.json().error.code, 'not_found');
  });

  test('enrolling a contact twice in one sequence is a 409', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/enrolments',
      headers: bearer(a.tokens.sales),
      payload: { sequenceId: a.sequence.id, contactId: a.contacts.sponsor.id },
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'enrolment.already_active');
  });

  test('lists paginate with next until the end', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res: { json(): { items: { id: string }[]; next: string | null } } = await inject({
        method: 'GET',
        url: `/api/users?limit=3${next ? `&cursor=${next}` : ''}`,
        headers: bearer(a.tokens.admin),
      });
      seen.push(...res.json().items.map((u) => u.id));
      next = res.json().next;
    } while (next);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
  });

  test('the OpenAPI document describes the win endpoint', async () => {
    const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.equal(doc.openapi, '3.0.3');
    assert.ok(doc.paths['/api/opportunities/{id}/win'].post);
    assert.ok(doc.paths['/api/opportunities/{id}/timeline'].get);
  });

  test('/healthz tells anyone only whether the service is up', async () => {
    const health = await inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json(), { status: 'up' });
  });

  test("the health details (database, this workspace's outbox and runs) are for admins only", async () => {
    const admin = await inject({ method: 'GET', url: '/api/health', headers: bearer(a.tokens.admin) });
    assert.equal(admin.statusCode, 200);
    const health = admin.json();
    assert.equal(health.status, 'up');
    assert.equal(typeof health.database, 'string');
    assert.equal(typeof health.outbox.pending, 'number');
    assert.deepEqual(Object.keys(health.runs).sort(), ['failed', 'stuck', 'timersWaiting', 'waiting']);
    for (const role of ['ops', 'sales', 'cs'] as const) {
      const refused = await inject({ method: 'GET', url: '/api/health', headers: bearer(a.tokens[role]) });
      assert.equal(refused.statusCode, 403, role);
    }
    assert.equal((await inject({ method: 'GET', url: '/api/health' })).statusCode, 401);
  });
});

describe('activities', () => {
  test('are listed newest first by when they happened, across pages', async () => {
    const fx = await workspace();
    for (const [day, subject] of [
      ['10', 'middle'],
      ['20', 'newest'],
      ['01', 'oldest'],
    ] as const) {
      const res = await inject({
        method: 'POST',
        url: '/api/activities',
        headers: bearer(fx.tokens.sales),
        payload: { kind: 'call', subject, body: `call on the ${day}th`, opportunityId: fx.opportunity.id, occurredAt: `2026-11-${day}T10:00:00Z` },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const first = await inject({ method: 'GET', url: `/api/activities?opportunityId=${fx.opportunity.id}&limit=2`, headers: bearer(fx.tokens.cs) });
    assert.deepEqual(
      first.json().items.map((a: { subject: string }) => a.subject),
      ['newest', 'middle'],
    );
    const second = await inject({
      method: 'GET',
      url: `/api/activities?opportunityId=${fx.opportunity.id}&limit=2&cursor=${first.json().next}`,
      headers: bearer(fx.tokens.cs),
    });
    assert.deepEqual(
      second.json().items.map((a: { subject: string }) => a.subject),
      ['oldest'],
    );
    assert.equal(second.json().next, null);
  });
});
