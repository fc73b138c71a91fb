// The brief through the API, for tests on written material: a test database and server for the file, a workspace
// whose AE is Sam Seller, activities and a signed scope logged as a user would, and the brief of the won deal.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createOpportunity } from '../../src/flows/crm.flow.ts';
import { winDeal } from '../../src/flows/close-deal.flow.ts';
import { automation, createTestDatabase, testDeps, type TestDatabase } from './db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './fixtures.ts';

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

/** Registers the file's set-up and tear-down; call at the top of a test file. */
export function briefApi() {
  let database: TestDatabase;
  let app: FastifyInstance;
  const deps = () => testDeps(database);
  before(async () => {
    database = await createTestDatabase();
    app = await buildTestServer(deps(), database);
  });
  after(async () => {
    await app?.close();
    await database?.drop();
  });
  const drain = () => automation(database, { debounceMs: 0, runs: { retryDelayMs: () => 0 } }).drain();
  return {
    inject: (options: InjectOptions) => app.inject(options),
    /** A workspace whose AE is Sam Seller; the seller's people write from the workspace's domain. */
    async workspace(): Promise<Fixture> {
      const f = await createFixture(deps());
      await database.db.updateTable('users').set({ name: 'Sam Seller' }).where('id', '=', f.users.sales.id).execute();
      return f;
    },
    async log(f: Fixture, opportunityId: string, kind: 'note' | 'call' | 'email' | 'meeting', subject: string, body: string) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/activities',
        headers: bearer(f.tokens.sales),
        payload: { kind, subject, body, opportunityId },
      });
      assert.equal(res.statusCode, 201, res.body);
    },
    async attachScope(f: Fixture, opportunityId: string, title: string, body: string) {
      const res = await app.inject({
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
      const res = await app.inject({ method: 'GET', url: `/api/opportunities/${opp.id}/brief`, headers: bearer(f.tokens.cs) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    },
  };
}

export const quotes = (b: BriefView, kind: string) => (b.items[kind] ?? []).map((i) => i.evidence[0]?.quote);
