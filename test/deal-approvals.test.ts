// A deal's approval requests for its page (GET /api/opportunities/:id/approvals): every policy the deal met with its
// state and chain, whoever reads it; `actionable` only for the approver; 404 for a deal that is not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '../src/adapters/db/auth.repo.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { useTestServer } from './helpers/test-server.ts';
import { bearer } from './helpers/fixtures.ts';

const { inject, db, deps, drain, workspace } = useTestServer();

type DealApproval = {
  status: string;
  policy: { key: string };
  actionable: boolean;
  steps: { name: string }[];
  approvers: { userId: string; current: boolean }[];
};

test("the deal page lists the deal's approval requests, actionable only for their approver", async () => {
  const f = await workspace();
  const policy = await inject({
    method: 'POST',
    url: '/api/approval-policies',
    headers: bearer(f.tokens.finance),
    payload: {
      key: 'finance-won',
      name: 'Finance approval of won deals',
      context: ['finance'],
      condition: { field: 'deal.stageCategory', op: 'eq', value: 'won' },
      steps: [{ name: 'Finance review', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    },
  });
  assert.equal(policy.statusCode, 201, policy.body);
  const url = `/api/opportunities/${f.opportunity.id}/approvals`;
  const before = await inject({ method: 'GET', url, headers: bearer(f.tokens.sales) });
  assert.equal(before.statusCode, 200, before.body);
  assert.deepEqual(before.json().items, [], 'an open deal has met no policy');

  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: f.opportunity.id, actor: f.users.sales.actor });
  await drain();

  const read = async (userId: string) => {
    const { token, csrfToken } = await createSession(db(), { id: userId, workspace_id: f.workspace.id }, 3_600_000);
    const res = await inject({ method: 'GET', url, cookies: { baton_session: token }, headers: { 'x-csrf-token': csrfToken } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items as DealApproval[];
  };
  const bySeller = await read(f.users.sales.id);
  assert.equal(bySeller.length, 1);
  assert.equal(bySeller[0]!.policy.key, 'finance-won');
  assert.equal(bySeller[0]!.status, 'pending');
  assert.equal(bySeller[0]!.steps[0]!.name, 'Finance review');
  assert.deepEqual(
    bySeller[0]!.approvers.map((a) => [a.userId, a.current]),
    [[f.users.finance.id, true]],
  );
  assert.equal(bySeller[0]!.actionable, false, 'the seller reads it but does not approve it');
  assert.equal((await read(f.users.finance.id))[0]!.actionable, true, 'finance may approve it');

  const missing = await inject({
    method: 'GET',
    url: '/api/opportunities/01900000-0000-7000-8000-000000000000/approvals',
    headers: bearer(f.tokens.sales),
  });
  assert.equal(missing.statusCode, 404, missing.body);
  const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
  assert.ok(doc.paths['/api/opportunities/{id}/approvals'], 'the route is in the OpenAPI document');
});
