// Finance and legal approvals through the API: policies and their 4xx, one request per deal and policy (also under
// 20 concurrent triggers), sequential and parallel (any / all) chains, the inbox of each person with the frozen
// context, the SLA in business hours with a reminder and an escalation on a controlled clock, rejection holding the
// sending of the deal's documents, delegation, and changed terms reopening a decided request.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { setManager } from '../src/adapters/db/approvals.repo.ts';
import { createSession } from '../src/adapters/db/auth.repo.ts';
import { requestApprovalsFor } from '../src/flows/approvals.flow.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { updateOpportunity } from '../src/flows/crm.flow.ts';
import { seedDocumentTemplates } from '../src/flows/documents.flow.ts';
import { createUser } from '../src/flows/identity.flow.ts';
import { updateCalendar } from '../src/flows/team.flow.ts';
import type { Role } from '../src/domain/roles.ts';
import { useTestServer } from './helpers/test-server.ts';
import { bearer, type Fixture } from './helpers/fixtures.ts';

const { inject, db, deps, automation, drain, workspace } = useTestServer();

type Snapshot = {
  finance: { amountMinor: number; discountPercent: number | null; paymentTerms: string | null; invoices: { label: string }[] };
  legal: { contractVersion: string | null; clauses: { title: string; text: string }[] };
};
type Session = { cookies: Record<string, string>; csrf: string };
const sessions = new Map<string, Session>();

/** A person's session (approvals belong to people, not tokens). */
async function sessionOf(workspaceId: string, userId: string): Promise<Session> {
  let s = sessions.get(userId);
  if (!s) {
    const { token, csrfToken } = await createSession(db(), { id: userId, workspace_id: workspaceId }, 3_600_000);
    s = { cookies: { baton_session: token }, csrf: csrfToken };
    sessions.set(userId, s);
  }
  return s;
}

const as = async (f: Fixture, who: Role | { id: string }, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const id = typeof who === 'string' ? f.users[who].id : who.id;
  const s = await sessionOf(f.workspace.id, id);
  return inject({ method, url, cookies: s.cookies, headers: { 'x-csrf-token': s.csrf }, ...(payload && { payload }) });
};
const token = (t: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  inject({ method, url, headers: bearer(t), ...(payload && { payload }) });

const financeOverAmount = (threshold: number) => ({
  all: [
    { field: 'deal.stageCategory', op: 'eq', value: 'won' },
    { field: 'deal.amountMinor', op: 'gt', value: threshold },
  ],
});

async function addPolicy(f: Fixture, body: Record<string, unknown>) {
  const res = await token(f.tokens.finance, 'POST', '/api/approval-policies', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function win(f: Fixture, now?: () => Date) {
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: f.opportunity.id, actor: f.users.sales.actor });
  await drain(now ? { now } : {});
}

async function requestsOf(f: Fixture) {
  return db()
    .selectFrom('approval_requests')
    .select(['id', 'status', 'round', 'step'])
    .where('workspace_id', '=', f.workspace.id)
    .where('opportunity_id', '=', f.opportunity.id)
    .execute();
}

async function inbox(f: Fixture, who: Role | { id: string }, status = 'pending') {
  const res = await as(f, who, 'GET', `/api/approvals?status=${status}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as { id: string; actionable: boolean; snapshot: Snapshot; opportunity: { id: string; name: string }; stepName: string }[];
}

async function notificationsOf(f: Fixture, userId: string, kind: string) {
  return db()
    .selectFrom('notifications')
    .select(['title', 'body'])
    .where('workspace_id', '=', f.workspace.id)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .execute();
}

/** Terms, a scope and the sponsor's e-mail: what the statement of work needs. */
async function completeDeal(f: Fixture): Promise<void> {
  const res = await token(f.tokens.finance, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, {
    billingSchedule: {
      kind: 'milestones',
      milestones: [
        { name: 'Discovery signed off', amountMinor: 250_000 },
        { name: 'Go-live', amountMinor: 1_000_000 },
      ],
    },
    paymentTerms: 'net 30',
    discountPercent: 10,
    contractVersion: 'MSA v4.0',
    clauses: [{ title: 'Termination for convenience', text: 'Either party may end the agreement with 60 days notice.' }],
  });
  assert.equal(res.statusCode, 200, res.body);
  await updateOpportunity(deps(), { workspaceId: f.workspace.id, actor: f.users.sales.actor }, f.opportunity.id, {
    customFields: { scope: 'Roll out the scheduling module to the three Acme warehouses.' },
  });
  await db().updateTable('contacts').set({ email: 'maria@acme.example' }).where('id', '=', f.contacts.sponsor.id).execute();
}

test('every approval route is in the OpenAPI document', async () => {
  const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const path of [
    '/api/approval-policies',
    '/api/approval-policies/{id}',
    '/api/approval-policies/{id}/archive',
    '/api/approvals',
    '/api/approvals/{id}',
    '/api/approvals/{id}/approve',
    '/api/approvals/{id}/reject',
    '/api/approvals/{id}/delegate',
  ])
    assert.ok(doc.paths[path], `${path} in the OpenAPI document`);
});

describe('policies', () => {
  test('a policy that names an unknown field, role, team or person is refused with a 400 naming each spot', async () => {
    const f = await workspace();
    const res = await token(f.tokens.admin, 'POST', '/api/approval-policies', {
      key: 'bad',
      name: 'Bad',
      condition: {
        all: [
          { field: 'deal.size', op: 'gt', value: 1 },
          { field: 'terms.discountPercent', op: 'bigger', value: 5 },
        ],
      },
      steps: [{ name: 'Finance', mode: 'any', approvers: [{ type: 'role', role: 'cfo' }] }],
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(
      res.json().error.fields.map((x: { path: string }) => x.path),
      ['body:/condition/all/1/op'],
      'the shape is checked first',
    );
    const names = await token(f.tokens.admin, 'POST', '/api/approval-policies', {
      key: 'bad',
      name: 'Bad',
      condition: { field: 'deal.size', op: 'gt', value: 1 },
      steps: [
        {
          name: 'Finance',
          mode: 'any',
          approvers: [
            { type: 'role', role: 'cfo' },
            { type: 'team', team: 'nobody' },
          ],
        },
        { name: 'Boss', mode: 'all', approvers: [{ type: 'user', userId: '0190a0a0-0000-7000-8000-000000000000' }] },
      ],
    });
    assert.equal(names.statusCode, 400, names.body);
    const fields = names.json().error.fields as { path: string; message: string }[];
    assert.deepEqual(
      fields.map((x) => x.path),
      ['body:/condition/field', 'body:/steps/0/approvers/0/role', 'body:/steps/0/approvers/1/team', 'body:/steps/1/approvers/0/userId'],
    );
    assert.match(fields[1]!.message, /"cfo" is not a role/);
    const noSteps = await token(f.tokens.admin, 'POST', '/api/approval-policies', { key: 'bad', name: 'Bad', steps: [] });
    assert.equal(noSteps.statusCode, 400);
    assert.deepEqual(noSteps.json().error.fields[0], { path: 'body:/steps', message: 'must not be empty' });
    const badMode = await token(f.tokens.admin, 'POST', '/api/approval-policies', {
      key: 'bad',
      name: 'Bad',
      steps: [{ name: 'x', mode: 'most', approvers: [{ type: 'owner_manager' }] }],
    });
    assert.equal(badMode.statusCode, 400);
    const mine = { key: 'mine', name: 'Mine', steps: [{ name: 'x', mode: 'any', approvers: [{ type: 'owner_manager' }] }] };
    assert.equal((await token(f.tokens.sales, 'POST', '/api/approval-policies', mine)).statusCode, 403);
  });

  test('a policy is listed, changed to a new version, its key is unique, and archiving hides it', async () => {
    const f = await workspace();
    const body = {
      key: 'big',
      name: 'Big deals',
      context: ['finance'],
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'Finance', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    };
    const p = await addPolicy(f, body);
    assert.equal(p.version, 1);
    assert.equal((await token(f.tokens.legal, 'POST', '/api/approval-policies', body)).statusCode, 409);
    const changed = await token(f.tokens.finance, 'PATCH', `/api/approval-policies/${p.id}`, { slaHours: 16 });
    assert.deepEqual([changed.json().version, changed.json().slaHours], [2, 16]);
    assert.equal((await token(f.tokens.sales, 'GET', `/api/approval-policies/${p.id}`)).json().name, 'Big deals');
    const archived = await token(f.tokens.admin, 'POST', `/api/approval-policies/${p.id}/archive`);
    assert.equal(archived.json().archived, true);
    assert.deepEqual((await token(f.tokens.sales, 'GET', '/api/approval-policies')).json().items, []);
    assert.equal((await token(f.tokens.sales, 'GET', '/api/approval-policies?archived=true')).json().items.length, 1);
  });
});

describe('requests and chains', () => {
  test('sequential chain: a won deal above the threshold waits for finance, then legal; each sees it in their inbox with its context', async () => {
    const f = await workspace();
    await completeDeal(f);
    await addPolicy(f, {
      key: 'finance-legal',
      name: 'Finance then legal',
      condition: financeOverAmount(1_000_000),
      steps: [
        { name: 'Finance review', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] },
        { name: 'Legal review', mode: 'any', approvers: [{ type: 'role', role: 'legal' }] },
      ],
    });
    await win(f);
    const [request] = await requestsOf(f);
    assert.equal(request?.status, 'pending');

    const finance = await inbox(f, 'finance');
    assert.equal(finance.length, 1);
    assert.deepEqual([finance[0]!.opportunity.name, finance[0]!.stepName, finance[0]!.actionable], ['Acme rollout', 'Finance review', true]);
    const snap = finance[0]!.snapshot;
    assert.equal(snap.finance.amountMinor, 1_250_000);
    assert.equal(snap.finance.discountPercent, 10);
    assert.equal(snap.finance.paymentTerms, 'net 30');
    assert.deepEqual(
      snap.finance.invoices.map((i: { label: string }) => i.label),
      ['Discovery signed off', 'Go-live'],
    );
    assert.equal(snap.legal.contractVersion, 'MSA v4.0');
    assert.deepEqual(snap.legal.clauses, [{ title: 'Termination for convenience', text: 'Either party may end the agreement with 60 days notice.' }]);
    assert.deepEqual(await inbox(f, 'legal'), [], 'legal comes second');
    assert.equal((await notificationsOf(f, f.users.finance.id, 'approval.requested')).length, 1);

    const legalTooEarly = await as(f, 'legal', 'POST', `/api/approvals/${request!.id}/approve`);
    assert.equal(legalTooEarly.statusCode, 403, legalTooEarly.body);
    const step1 = await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/approve`, { comment: 'Billing fits' });
    assert.equal(step1.statusCode, 200, step1.body);
    assert.deepEqual([step1.json().status, step1.json().step], ['pending', 1]);
    assert.deepEqual(await inbox(f, 'finance'), []);
    assert.equal((await inbox(f, 'finance', 'decided')).length, 1);
    assert.equal((await inbox(f, 'legal')).length, 1);
    const done = await as(f, 'legal', 'POST', `/api/approvals/${request!.id}/approve`);
    assert.equal(done.json().status, 'approved');
    const decided = await db()
      .selectFrom('outbox_events')
      .select(['type', 'payload'])
      .where('workspace_id', '=', f.workspace.id)
      .where('type', 'like', 'approval.%')
      .orderBy('created_at')
      .execute();
    assert.deepEqual(
      decided.map((e) => e.type),
      ['approval.requested', 'approval.decided'],
    );
    assert.equal((decided[1]!.payload as { outcome: string }).outcome, 'approved');
    assert.equal((await as(f, 'legal', 'POST', `/api/approvals/${request!.id}/approve`)).statusCode, 409, 'decided already');
  });

  test('a deal below the threshold, or not won, gets no request', async () => {
    const f = await workspace();
    await addPolicy(f, {
      key: 'big',
      name: 'Big',
      condition: financeOverAmount(5_000_000),
      steps: [{ name: 'F', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    });
    await requestApprovalsFor(deps(), { workspaceId: f.workspace.id, actor: f.users.sales.actor, now: new Date() }, f.opportunity.id);
    await win(f);
    assert.deepEqual(await requestsOf(f), []);
  });

  test('parallel "all": finance and legal both approve, in either order; "any": the first approval decides', async () => {
    const f = await workspace();
    await completeDeal(f);
    await addPolicy(f, {
      key: 'both',
      name: 'Both at once',
      condition: financeOverAmount(1_000_000),
      steps: [
        {
          name: 'Finance and legal',
          mode: 'all',
          approvers: [
            { type: 'role', role: 'finance' },
            { type: 'role', role: 'legal' },
          ],
        },
      ],
    });
    await addPolicy(f, {
      key: 'either',
      name: 'Either one',
      condition: { field: 'terms.clauseCount', op: 'gt', value: 0 },
      steps: [
        {
          name: 'Anyone of finance or legal',
          mode: 'any',
          approvers: [
            { type: 'role', role: 'finance' },
            { type: 'role', role: 'legal' },
          ],
        },
      ],
    });
    await win(f);
    const requests = await requestsOf(f);
    assert.equal(requests.length, 2);
    const policies = await db().selectFrom('approval_policies').select(['id', 'key']).where('workspace_id', '=', f.workspace.id).execute();
    const byKey = async (key: string) =>
      (
        await db()
          .selectFrom('approval_requests')
          .select('id')
          .where('policy_id', '=', policies.find((p) => p.key === key)!.id)
          .executeTakeFirstOrThrow()
      ).id;
    const all = await byKey('both');
    const any = await byKey('either');
    assert.equal((await inbox(f, 'legal')).length, 2);

    assert.equal((await as(f, 'legal', 'POST', `/api/approvals/${all}/approve`)).json().status, 'pending', 'finance has not approved yet');
    assert.equal((await as(f, 'legal', 'POST', `/api/approvals/${all}/approve`)).statusCode, 409, 'legal decided its part');
    assert.equal((await as(f, 'finance', 'POST', `/api/approvals/${all}/approve`)).json().status, 'approved');

    assert.equal((await as(f, 'finance', 'POST', `/api/approvals/${any}/approve`)).json().status, 'approved');
    assert.deepEqual(await inbox(f, 'legal'), [], 'nothing waits on legal any more');
  });

  test("a step for the deal owner's manager goes to the manager set through the API; a circle of managers is refused", async () => {
    const f = await workspace();
    const set = await token(f.tokens.admin, 'PUT', `/api/users/${f.users.sales.id}/manager`, { managerId: f.users.pm.id });
    assert.equal(set.statusCode, 200, set.body);
    const circle = await token(f.tokens.admin, 'PUT', `/api/users/${f.users.pm.id}/manager`, { managerId: f.users.sales.id });
    assert.equal(circle.statusCode, 400);
    assert.equal(circle.json().error.fields[0].path, 'body:/managerId');
    assert.equal((await token(f.tokens.sales, 'PUT', `/api/users/${f.users.sales.id}/manager`, { managerId: null })).statusCode, 403);
    await addPolicy(f, {
      key: 'mgr',
      name: 'Manager sign-off',
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'Manager', mode: 'any', approvers: [{ type: 'owner_manager' }] }],
    });
    await win(f);
    assert.equal((await inbox(f, 'pm')).length, 1, "the owner's manager approves");
    assert.deepEqual(await inbox(f, 'finance'), []);
  });

  test('no duplicate request under 20 concurrent triggers: one row, one event', async () => {
    const f = await workspace();
    await addPolicy(f, {
      key: 'big',
      name: 'Big',
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'F', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    });
    await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: f.opportunity.id, actor: f.users.sales.actor });
    const ctx = { workspaceId: f.workspace.id, actor: f.users.sales.actor, now: new Date() };
    const made = await Promise.all(Array.from({ length: 20 }, () => requestApprovalsFor(deps(), ctx, f.opportunity.id)));
    await drain(); // the deal.won event triggers it once more
    assert.equal(made.flat().length, 1, 'exactly one trigger made the request');
    assert.equal((await requestsOf(f)).length, 1);
    const events = await db()
      .selectFrom('outbox_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('workspace_id', '=', f.workspace.id)
      .where('type', '=', 'approval.requested')
      .executeTakeFirstOrThrow();
    assert.equal(events.n, 1);
    assert.equal((await notificationsOf(f, f.users.finance.id, 'approval.requested')).length, 1);
  });
});

describe('the inbox', () => {
  test("shows only the caller's requests: others see none and get 403 deciding; an API token has no inbox", async () => {
    const f = await workspace();
    await addPolicy(f, {
      key: 'big',
      name: 'Big',
      context: ['finance'],
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'F', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    });
    await win(f);
    const other = await workspace();
    await addPolicy(other, {
      key: 'big',
      name: 'Big',
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'F', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    });
    await win(other);
    const mine = await inbox(f, 'finance');
    assert.equal(mine.length, 1, "not the other workspace's request");
    assert.equal(mine[0]!.opportunity.id, f.opportunity.id);
    assert.ok(mine[0]!.snapshot.finance, 'a finance policy shows the finance context');
    assert.equal(mine[0]!.snapshot.legal, undefined, 'and only that');
    for (const role of ['sales', 'legal', 'admin'] as const) assert.deepEqual(await inbox(f, role), [], role);
    assert.equal((await as(f, 'sales', 'POST', `/api/approvals/${mine[0]!.id}/approve`)).statusCode, 403);
    assert.equal((await as(f, 'admin', 'POST', `/api/approvals/${mine[0]!.id}/reject`, { comment: 'no' })).statusCode, 403);
    assert.equal((await token(f.tokens.finance, 'GET', '/api/approvals')).statusCode, 403, 'approvals belong to people');
    assert.equal((await as(other, 'finance', 'GET', `/api/approvals/${mine[0]!.id}`)).statusCode, 404);
    const paged = await as(f, 'finance', 'GET', '/api/approvals?status=all&limit=1');
    assert.equal(paged.json().items.length, 1);
  });

  test('delegation: for this request the delegate decides; for a period every approval of the person goes to them', async () => {
    const f = await workspace();
    const ctx = { workspaceId: f.workspace.id, actor: f.users.admin.actor };
    const deputy = await createUser(deps(), ctx, { email: 'deputy@x.test', name: 'Deputy', role: 'finance', password: 'correct horse battery' });
    await addPolicy(f, {
      key: 'big',
      name: 'Big',
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'F', mode: 'all', approvers: [{ type: 'user', userId: f.users.finance.id }] }],
    });
    await win(f);
    const [request] = await requestsOf(f);
    const self = await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/delegate`, { toUserId: f.users.finance.id });
    assert.equal(self.statusCode, 400);
    assert.equal(self.json().error.fields[0].path, 'body:/toUserId');
    assert.equal((await as(f, 'legal', 'POST', `/api/approvals/${request!.id}/delegate`, { toUserId: deputy.id })).statusCode, 403);
    const handed = await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/delegate`, { toUserId: f.users.legal.id });
    assert.equal(handed.statusCode, 200, handed.body);
    assert.equal((await inbox(f, 'legal')).length, 1);
    assert.equal((await notificationsOf(f, f.users.legal.id, 'approval.delegated')).length, 1);

    // A period: the finance person is away for a week; the deputy sees and decides it.
    const away = await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/delegate`, {
      toUserId: deputy.id,
      until: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    assert.equal(away.statusCode, 200, away.body);
    const deputyInbox = await inbox(f, { id: deputy.id });
    assert.equal(deputyInbox.length, 1);
    const approved = await as(f, { id: deputy.id }, 'POST', `/api/approvals/${request!.id}/approve`, { comment: 'for Finance' });
    assert.equal(approved.json().status, 'approved');
    assert.equal(approved.json().approvers[0].decidedBy, deputy.id);
  });
});

describe('SLA, rejection and changed terms', () => {
  test('after its SLA in business hours the approver is reminded; after twice that it escalates to their manager, who may decide', async () => {
    const f = await workspace();
    await updateCalendar(
      deps(),
      { workspaceId: f.workspace.id, actor: f.users.admin.actor },
      { timeZone: 'Europe/Berlin', businessDays: [1, 2, 3, 4, 5], holidays: [] },
    );
    await setManagerOf(f, f.users.finance.id, f.users.ops.id);
    await addPolicy(f, {
      key: 'big',
      name: 'Big deals',
      slaHours: 2,
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'Finance', mode: 'any', approvers: [{ type: 'user', userId: f.users.finance.id }] }],
    });
    // Friday 4 December 2026, 16:00 in Berlin (15:00 UTC): one working hour left that day.
    const friday = new Date('2026-12-04T15:00:00Z');
    await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: f.opportunity.id, actor: f.users.sales.actor });
    await drain({ now: () => friday });
    const [request] = await requestsOf(f);
    const detail = (await as(f, 'finance', 'GET', `/api/approvals/${request!.id}`)).json();
    assert.equal(detail.remindAt, '2026-12-07T09:00:00.000Z', 'Monday 10:00 in Berlin: 1 hour on Friday, 1 on Monday');
    assert.equal(detail.escalateAt, '2026-12-07T11:00:00.000Z');

    await drain({ now: () => new Date('2026-12-06T20:00:00Z') });
    assert.equal((await notificationsOf(f, f.users.finance.id, 'approval.reminder')).length, 0, 'the weekend does not count');

    await drain({ now: () => new Date('2026-12-07T09:30:00Z') });
    const reminders = await notificationsOf(f, f.users.finance.id, 'approval.reminder');
    assert.equal(reminders.length, 1);
    assert.match(reminders[0]!.title, /past its 2 business hours/);
    assert.deepEqual(await inbox(f, 'ops'), [], 'not escalated yet');

    await drain({ now: () => new Date('2026-12-07T11:05:00Z') });
    await drain({ now: () => new Date('2026-12-07T12:00:00Z') });
    assert.equal((await notificationsOf(f, f.users.finance.id, 'approval.reminder')).length, 1, 'reminded once');
    const escalated = await notificationsOf(f, f.users.ops.id, 'approval.escalated');
    assert.equal(escalated.length, 1, 'escalated once, to the manager');
    const opsInbox = await inbox(f, 'ops');
    assert.equal(opsInbox.length, 1);
    const decided = await as(f, 'ops', 'POST', `/api/approvals/${request!.id}/approve`, { comment: "Approved in Finance's place" });
    assert.equal(decided.json().status, 'approved');
  });

  test("a rejection notifies the deal owner and holds the sending of the deal's documents (409 naming the approval) until changed terms are approved", async () => {
    const f = await workspace();
    await seedDocumentTemplates(deps(), { workspaceId: f.workspace.id, actor: f.users.admin.actor });
    await completeDeal(f);
    await addPolicy(f, {
      key: 'big',
      name: 'Finance approval of big deals',
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'Finance', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    });
    await win(f);
    const sow = (await token(f.tokens.sales, 'POST', '/api/documents', { opportunityId: f.opportunity.id, templateKey: 'sow' })).json();
    await token(f.tokens.sales, 'POST', `/api/documents/${sow.id}/submit`);
    assert.equal((await token(f.tokens.finance, 'POST', `/api/documents/${sow.id}/approve`)).json().status, 'approved');

    const pending = await token(f.tokens.sales, 'POST', `/api/documents/${sow.id}/send`);
    assert.equal(pending.statusCode, 409, pending.body);
    assert.equal(pending.json().error.code, 'document.held_by_approval');
    assert.match(pending.json().error.message, /Finance approval of big deals \(pending\)/);

    const [request] = await requestsOf(f);
    const noComment = await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/reject`, { comment: '' });
    assert.equal(noComment.statusCode, 400);
    assert.deepEqual(noComment.json().error.fields, [{ path: 'body:/comment', message: 'must not be empty' }], 'a rejection needs its reason');
    const rejected = await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/reject`, { comment: 'A 10 % discount needs quarterly billing' });
    assert.equal(rejected.json().status, 'rejected');
    const told = await notificationsOf(f, f.users.sales.id, 'approval.rejected');
    assert.equal(told.length, 1);
    assert.match(told[0]!.body, /A 10 % discount needs quarterly billing/);
    const held = await token(f.tokens.sales, 'POST', `/api/documents/${sow.id}/send`);
    assert.equal(held.statusCode, 409);
    assert.match(held.json().error.message, /\(rejected\)/);
    assert.equal(held.json().error.details.heldBy[0].requestId, request!.id);
    const rejectedEvent = await db()
      .selectFrom('outbox_events')
      .select('payload')
      .where('workspace_id', '=', f.workspace.id)
      .where('type', '=', 'approval.decided')
      .executeTakeFirstOrThrow();
    assert.equal((rejectedEvent.payload as { outcome: string }).outcome, 'rejected');

    // The owner changes the terms: the request opens again, finance approves, and the SOW goes out.
    const terms = await token(f.tokens.sales, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, { discountPercent: 5 });
    assert.equal(terms.statusCode, 200, terms.body);
    const again = await inbox(f, 'finance');
    assert.equal(again.length, 1);
    assert.equal(again[0]!.snapshot.finance.discountPercent, 5);
    assert.equal((await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/approve`)).json().status, 'approved');
    const sent = await token(f.tokens.sales, 'POST', `/api/documents/${sow.id}/send`);
    assert.equal(sent.statusCode, 200, sent.body);
  });

  test("a rule's next action waits for its approval: held while pending and after a rejection, run once changed terms are approved", async () => {
    const f = await workspace();
    await completeDeal(f);
    await addPolicy(f, {
      key: 'big',
      name: 'Finance approval of big deals',
      condition: financeOverAmount(1_000_000),
      steps: [{ name: 'Finance', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    });
    const rule = await token(f.tokens.ops, 'POST', '/api/rules', {
      key: 'won-invoice',
      name: 'Won: finance approves, then the owner invoices',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [
        { key: 'ask', type: 'request_approval', params: { policy: 'big', hold: 'until_approved' } },
        {
          key: 'invoice',
          type: 'notify',
          params: { recipientType: 'deal_owner', channel: 'in_app', title: 'Invoice {{deal.name}}', body: 'Finance approved the terms: send the invoice.' },
        },
      ],
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const badHold = await token(f.tokens.ops, 'POST', '/api/rules', {
      key: 'won-invoice-bad',
      name: 'Bad hold',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [{ key: 'ask', type: 'request_approval', params: { policy: 'big', hold: 'sometimes' } }],
    });
    assert.equal(badHold.statusCode, 400);
    assert.match(JSON.stringify(badHold.json().error.fields), /actions\/0\/params\/hold/);

    const invoiceNotes = () => notificationsOf(f, f.users.sales.id, 'rule').then((n) => n.filter((x) => x.title.startsWith('Invoice')));
    const runOf = async () => {
      const res = await token(f.tokens.ops, 'GET', `/api/runs?ruleId=${rule.json().id}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items[0] as { id: string; status: string; error: string | null; waitingFor: string | null };
    };
    await win(f);
    const [request] = await requestsOf(f);
    let run = await runOf();
    assert.equal(run.status, 'waiting');
    assert.equal(run.waitingFor, request!.id);
    assert.match(run.error!, /Waiting for Finance approval of big deals/);
    assert.deepEqual(await invoiceNotes(), [], 'the next action waits');
    assert.equal((await token(f.tokens.ops, 'GET', '/api/runs?status=waiting')).json().items.length, 1, 'the runs list filters waiting runs');

    await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/reject`, { comment: 'Quarterly billing, please' });
    await drain();
    run = await runOf();
    assert.equal(run.status, 'waiting', 'a rejection holds the next action');
    assert.match(run.error!, /rejected by .*Quarterly billing, please/);
    assert.deepEqual(await invoiceNotes(), []);

    // Changed terms reopen the request; still held until finance approves.
    await token(f.tokens.sales, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, { discountPercent: 5 });
    await drain();
    assert.equal((await runOf()).status, 'waiting');
    assert.match((await runOf()).error!, /asked again after the terms changed/);
    assert.equal((await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/approve`)).json().status, 'approved');
    await drain();
    run = await runOf();
    assert.equal(run.status, 'succeeded');
    assert.equal(run.waitingFor, null);
    assert.equal((await invoiceNotes()).length, 1, 'the next action ran, once');
    const steps = (await token(f.tokens.ops, 'GET', `/api/runs/${run.id}`)).json().steps as { key: string; status: string; output: { summary: string } }[];
    assert.deepEqual(
      steps.map((s) => s.status),
      ['succeeded', 'succeeded'],
    );
    assert.match(steps[0]!.output.summary, /approved .*the next actions go on/);
  });

  test('changing the terms of an approved deal reopens its request: pending, a new snapshot, approvers told again', async () => {
    const f = await workspace();
    await completeDeal(f);
    await addPolicy(f, {
      key: 'legal',
      name: 'Legal clauses',
      context: ['legal'],
      condition: { field: 'terms.clauseCount', op: 'gt', value: 0 },
      steps: [{ name: 'Legal', mode: 'any', approvers: [{ type: 'role', role: 'legal' }] }],
    });
    await win(f);
    const [request] = await requestsOf(f);
    assert.equal((await as(f, 'legal', 'POST', `/api/approvals/${request!.id}/approve`)).json().status, 'approved');
    const unchanged = await token(f.tokens.sales, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, { paymentTerms: 'net 30' });
    assert.equal(unchanged.statusCode, 200);
    assert.equal((await requestsOf(f))[0]!.status, 'approved', 'the same terms reopen nothing');

    const clauses = [
      { title: 'Termination for convenience', text: 'Either party may end the agreement with 60 days notice.' },
      { title: 'Liability cap', text: 'Liability is capped at twice the fees.' },
    ];
    await token(f.tokens.sales, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, { clauses });
    const [reopened] = await requestsOf(f);
    assert.deepEqual([reopened!.status, reopened!.round, reopened!.step], ['pending', 2, 0]);
    const legal = await inbox(f, 'legal');
    assert.deepEqual(legal[0]!.snapshot.legal.clauses, clauses, 'legal sees every flagged clause with its text');
    assert.equal((await notificationsOf(f, f.users.legal.id, 'approval.requested')).length, 2, 'told again');
    const events = await db()
      .selectFrom('outbox_events')
      .select('payload')
      .where('workspace_id', '=', f.workspace.id)
      .where('type', '=', 'approval.requested')
      .orderBy('created_at')
      .execute();
    assert.deepEqual(
      events.map((e) => (e.payload as { reopened: boolean }).reopened),
      [false, true],
    );

    // Dropping every clause: the policy no longer applies; the pending request is withdrawn and holds nothing.
    await token(f.tokens.sales, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, { clauses: [] });
    assert.equal((await requestsOf(f))[0]!.status, 'withdrawn');
    assert.deepEqual(await inbox(f, 'legal'), []);
    // A clause again: the policy applies again and the same request reopens (still one per deal and policy).
    await token(f.tokens.sales, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, { clauses: clauses.slice(1) });
    const back = await requestsOf(f);
    assert.deepEqual([back.length, back[0]!.status, back[0]!.round], [1, 'pending', 3]);
  });
});

async function setManagerOf(f: Fixture, userId: string, managerId: string) {
  await db()
    .transaction()
    .execute((tx) => setManager(tx, f.workspace.id, userId, managerId));
}

test('the demo: won deals above the finance threshold wait for finance, one deal with a non-standard clause waits for legal', async () => {
  const { seedDemo } = await import('../src/demo/seed.ts');
  const { financeThresholdMinor } = await import('../src/demo/approvals.ts');
  const worker = automation();
  const { workspaceId } = await seedDemo(deps(), { slug: 'demo-approvals', settle: () => worker.drain() });
  await worker.drain();
  const requests = await db()
    .selectFrom('approval_requests as r')
    .innerJoin('approval_policies as p', 'p.id', 'r.policy_id')
    .innerJoin('opportunities as o', 'o.id', 'r.opportunity_id')
    .select(['p.key', 'r.status', 'o.amount_minor', 'r.snapshot'])
    .where('r.workspace_id', '=', workspaceId)
    .execute();
  const won = await db()
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .select(['o.id', 'o.amount_minor'])
    .where('o.workspace_id', '=', workspaceId)
    .where('s.category', '=', 'won')
    .execute();
  const large = won.filter((d) => Number(d.amount_minor) > financeThresholdMinor);
  assert.ok(large.length > 0, 'the demo has won deals above the threshold');
  const finance = requests.filter((r) => r.key === 'finance-large-deals');
  assert.equal(finance.length, large.length, 'each won deal above the threshold has its finance request');
  assert.ok(finance.every((r) => r.status === 'pending'));
  const legal = requests.filter((r) => r.key === 'legal-non-standard-clauses');
  assert.equal(legal.length, 1);
  assert.equal(legal[0]!.status, 'pending');
  assert.match(JSON.stringify(legal[0]!.snapshot), /Termination for convenience/);
  const financePerson = await db()
    .selectFrom('users')
    .select(['id'])
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'finance')
    .executeTakeFirstOrThrow();
  const s = await sessionOf(workspaceId, financePerson.id);
  const res = await inject({ method: 'GET', url: '/api/approvals', cookies: s.cookies });
  assert.equal(res.json().items.length, large.length, 'the finance inbox lists them');
});

test("changing the deal's amount or payment terms on the deal itself reopens an approved request too, once", async () => {
  const f = await workspace();
  await addPolicy(f, {
    key: 'big',
    name: 'Big',
    condition: financeOverAmount(1_000_000),
    steps: [{ name: 'F', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
  });
  await win(f);
  const [request] = await requestsOf(f);
  assert.equal((await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/approve`)).json().status, 'approved');
  await updateOpportunity(deps(), { workspaceId: f.workspace.id, actor: f.users.sales.actor }, f.opportunity.id, {
    amountMinor: 2_000_000,
    paymentTerms: 'net 90',
  });
  const [reopened] = await requestsOf(f);
  assert.deepEqual([reopened!.status, reopened!.round], ['pending', 2]);
  const [item] = await inbox(f, 'finance');
  assert.deepEqual([item!.snapshot.finance.amountMinor, item!.snapshot.finance.paymentTerms], [2_000_000, 'net 90']);
  // Both at once through the terms endpoint: one more round, not two.
  await token(f.tokens.sales, 'PATCH', `/api/opportunities/${f.opportunity.id}/terms`, { paymentTerms: 'net 45', discountPercent: 15 });
  assert.equal((await requestsOf(f))[0]!.round, 3);
});

test('approval.requested and approval.decided start rules; a condition on event.outcome picks the rejections', async () => {
  const f = await workspace();
  await addPolicy(f, {
    key: 'big',
    name: 'Big',
    condition: financeOverAmount(1_000_000),
    steps: [{ name: 'F', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
  });
  const rule = await token(f.tokens.ops, 'POST', '/api/rules', {
    key: 'approval-rejected',
    name: 'Approval rejected: tell operations',
    trigger: { type: 'event', event: 'approval.decided' },
    condition: { field: 'event.outcome', op: 'eq', value: 'rejected' },
    actions: [
      {
        key: 'tell',
        type: 'notify',
        params: { recipientType: 'role', recipient: 'ops', channel: 'in_app', title: 'Approval rejected on {{deal.name}}', body: 'Check the terms.' },
      },
    ],
  });
  assert.equal(rule.statusCode, 201, rule.body);
  await win(f);
  const [request] = await requestsOf(f);
  await as(f, 'finance', 'POST', `/api/approvals/${request!.id}/reject`, { comment: 'Discount too high' });
  await drain();
  const told = (await notificationsOf(f, f.users.ops.id, 'rule')).filter((n) => n.title.startsWith('Approval'));
  assert.deepEqual(
    told.map((n) => n.title),
    ['Approval rejected on Acme rollout'],
    'once, on the rejection (not on the request)',
  );
});

test('the request_approval rule action asks for a policy by key, once however often its trigger repeats', async () => {
  const f = await workspace();
  // The policy's own condition would never match: the rule decides when to ask.
  await addPolicy(f, {
    key: 'legal-review',
    name: 'Legal review',
    context: ['legal'],
    condition: { field: 'deal.amountMinor', op: 'gt', value: 999_999_999 },
    steps: [{ name: 'Legal', mode: 'any', approvers: [{ type: 'role', role: 'legal' }] }],
  });
  const unknown = await token(f.tokens.ops, 'POST', '/api/rules', {
    key: 'ask-legal-bad',
    name: 'Bad',
    trigger: { type: 'event', event: 'deal.won' },
    actions: [{ key: 'ask', type: 'request_approval', params: { policy: 'Not A Key' } }],
  });
  assert.equal(unknown.statusCode, 400);
  const rule = await token(f.tokens.ops, 'POST', '/api/rules', {
    key: 'ask-legal',
    name: 'Won: legal reviews',
    trigger: { type: 'event', event: 'deal.won' },
    repeat: 'every_event',
    actions: [{ key: 'ask', type: 'request_approval', params: { policy: 'legal-review' } }],
  });
  assert.equal(rule.statusCode, 201, rule.body);
  await win(f);
  const { reopenDeal } = await import('../src/flows/close-deal.flow.ts');
  await reopenDeal(deps(), { workspaceId: f.workspace.id, opportunityId: f.opportunity.id, actor: f.users.sales.actor });
  await win(f);
  assert.equal((await requestsOf(f)).length, 1);
  assert.equal((await inbox(f, 'legal')).length, 1);
});
