// The brief through the API, for tests on written material: a test database and server for the file, a workspace
// whose AE is Sam Seller, activities and a signed scope logged as a user would, and the brief of the won deal.
import assert from 'node:assert/strict';
import { createOpportunity } from '../../src/flows/crm.flow.ts';
import { winDeal } from '../../src/flows/close-deal.flow.ts';
import { bearer, type Fixture } from './fixtures.ts';
import { useTestServer } from './test-server.ts';

export type BriefItem = {
  id: string;
  text: string;
  evidence: { sourceId: string; quote: string }[];
  promiseKind: string | null;
  stakeholder: { name: string; authority: string; engaged: boolean } | null;
  field: string | null;
};
export type BriefView = {
  id: string;
  status: string;
  items: Record<string, BriefItem[]>;
  conflicts: { kind: string; notes: { quote: string }; scope: { quote: string } }[];
  gates: { key: string; passed: boolean; detail: string }[];
};

/**
 * Registers the file's set-up and tear-down; call at the top of a test file. Gives useTestServer's accessors (the
 * automation with no debounce: notes come in quick succession, each refreshes the brief at once), with `workspace()`
 * the one whose AE is Sam Seller.
 */
export function briefApi() {
  const server = useTestServer({ automation: { debounceMs: 0, runs: { retryDelayMs: () => 0 } } });
  const { inject, db, deps, drain } = server;
  return {
    ...server,
    /** A workspace whose AE is Sam Seller; the seller's people write from the workspace's domain. */
    async workspace(): Promise<Fixture> {
      const f = await server.workspace();
      await db().updateTable('users').set({ name: 'Sam Seller' }).where('id', '=', f.users.sales.id).execute();
      return f;
    },
    async log(f: Fixture, opportunityId: string, kind: 'note' | 'call' | 'email' | 'meeting', subject: string, body: string) {
      const res = await inject({
        method: 'POST',
        url: '/api/activities',
        headers: bearer(f.tokens.sales),
        payload: { kind, subject, body, opportunityId },
      });
      assert.equal(res.statusCode, 201, res.body);
    },
    async attachScope(f: Fixture, opportunityId: string, title: string, body: string) {
      const res = await inject({
        method: 'POST',
        url: `/api/opportunities/${opportunityId}/scope-documents`,
        headers: bearer(f.tokens.sales),
        payload: { kind: 'sow', title, signedOn: '2026-09-10', body },
      });
      assert.equal(res.statusCode, 201, res.body);
    },
    /** A deal given its sources, won, and its brief once the automation has prepared it. */
    async wonDealWith(f: Fixture, name: string, sources: (f: Fixture, id: string) => Promise<void>): Promise<BriefView> {
      const opp = await createOpportunity(
        deps(),
        { workspaceId: f.workspace.id, actor: f.users.sales.actor },
        { name, accountId: f.account.id, amountMinor: 4_800_000, currency: 'USD', ownerId: f.users.sales.id },
      );
      await sources(f, opp.id);
      await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
      await drain();
      const res = await inject({ method: 'GET', url: `/api/opportunities/${opp.id}/brief`, headers: bearer(f.tokens.cs) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    },
  };
}

export const quotes = (b: BriefView, kind: string) => (b.items[kind] ?? []).map((i) => i.evidence[0]?.quote);
