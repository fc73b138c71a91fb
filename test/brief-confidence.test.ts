// Calibrated output through the API (issue 10): every extracted item says how far its evidence carries it; an item
// read from weak evidence is marked for the AE, left out of the scores until confirmed, and confirming it is audited
// and survives a refresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearer, type Fixture } from './helpers/fixtures.ts';
import { createOpportunity } from '../src/flows/crm.flow.ts';
import { useTestServer } from './helpers/test-server.ts';
import type { Brief, BriefItem } from '../src/schemas/brief.ts';

const { inject, db, deps, workspace } = useTestServer();

const notes = [
  '## Goals',
  '- Give depot managers one place to see every driver and their hours',
  '',
  'Ingrid wants fewer spreadsheets around.',
  'We will connect to their SAP system within six weeks.',
].join('\n');

async function preparedBrief(f: Fixture): Promise<{ opportunityId: string; brief: Brief }> {
  const opp = await createOpportunity(
    deps(),
    { workspaceId: f.workspace.id, actor: f.users.sales.actor },
    { name: 'Depot rollout', accountId: f.account.id, amountMinor: 2_400_000, currency: 'EUR', ownerId: f.users.sales.id },
  );
  const logged = await inject({
    method: 'POST',
    url: '/api/activities',
    headers: bearer(f.tokens.sales),
    payload: { kind: 'note', subject: 'Discovery notes', body: notes, opportunityId: opp.id },
  });
  assert.equal(logged.statusCode, 201, logged.body);
  const res = await inject({
    method: 'POST',
    url: `/api/opportunities/${opp.id}/brief`,
    headers: bearer(f.tokens.sales),
    payload: { extractor: 'embedded' },
  });
  assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
  return { opportunityId: opp.id, brief: res.json() as Brief };
}

const find = (brief: Brief, kind: keyof Brief['items'], words: RegExp): BriefItem => {
  const item = brief.items[kind].find((i) => words.test(i.text));
  assert.ok(item, `${kind} ${words} in ${JSON.stringify(brief.items[kind].map((i) => i.text))}`);
  return item;
};

test('each extracted item carries a confidence and its basis; a name in passing is marked for the AE to confirm and is not counted', async () => {
  const f = await workspace();
  const { brief } = await preparedBrief(f);
  const goal = find(brief, 'goal', /one place to see every driver/);
  assert.ok(goal.confidence! >= 0.85, `goal confidence ${goal.confidence}`);
  assert.match(goal.confidenceBasis!, /heading/);
  assert.equal(goal.needsConfirmation, false);
  const promise = find(brief, 'promise', /SAP/);
  assert.ok(promise.confidence! > 0 && promise.confidence! <= 1);
  assert.ok(promise.confidenceBasis);

  const ingrid = find(brief, 'stakeholder', /Ingrid/);
  assert.ok(ingrid.confidence! < 0.5, `Ingrid ${ingrid.confidence} (${ingrid.confidenceBasis})`);
  assert.equal(ingrid.confidenceBasis, 'named in passing');
  assert.equal(ingrid.needsConfirmation, true);
  assert.equal(ingrid.confirmed, null);
  // Not counted: completeness says what waits for the AE.
  assert.ok(
    brief.scores.completeness.reasons.some((r) => /1 item with weak evidence not counted until the AE confirms it/.test(r)),
    JSON.stringify(brief.scores.completeness),
  );
  // Questions and kickoff tasks are derived, never marked.
  for (const q of brief.items.question) assert.equal(q.needsConfirmation, false);
});

test('the AE confirms a weak item: it counts from then on, the audit log has it, and a refresh keeps it; a well-supported item needs no confirming', async () => {
  const f = await workspace();
  const { opportunityId, brief } = await preparedBrief(f);
  const ingrid = find(brief, 'stakeholder', /Ingrid/);
  const goal = find(brief, 'goal', /one place to see every driver/);

  const refused = await inject({
    method: 'PATCH',
    url: `/api/briefs/${brief.id}/items/${goal.id}`,
    headers: bearer(f.tokens.sales),
    payload: { confirmed: true },
  });
  assert.equal(refused.statusCode, 400, refused.body);
  assert.match(refused.body, /confirmed/);
  assert.match(refused.body, /already supported \(under a heading/);

  const res = await inject({
    method: 'PATCH',
    url: `/api/briefs/${brief.id}/items/${ingrid.id}`,
    headers: bearer(f.tokens.sales),
    payload: { confirmed: true },
  });
  assert.equal(res.statusCode, 200, res.body);
  const after = res.json() as Brief;
  const confirmed = find(after, 'stakeholder', /Ingrid/);
  assert.equal(confirmed.needsConfirmation, false);
  assert.ok(confirmed.confirmed?.by, 'who confirmed it');
  assert.equal(confirmed.edited, null, 'a confirmation is not an edit');
  assert.equal(confirmed.confidence, ingrid.confidence, 'the extractor’s confidence stays as it was');
  assert.ok(!after.scores.completeness.reasons.some((r) => /weak evidence/.test(r)));

  const audit = await db()
    .selectFrom('audit_log')
    .select(['action', 'after'])
    .where('workspace_id', '=', f.workspace.id)
    .where('action', '=', 'brief.item_confirmed')
    .execute();
  assert.equal(audit.length, 1);
  assert.equal((audit[0]!.after as { item: string }).item, ingrid.id);

  // A new note refreshes the brief: the confirmation is the AE's and stays.
  const logged = await inject({
    method: 'POST',
    url: '/api/activities',
    headers: bearer(f.tokens.sales),
    payload: { kind: 'note', subject: 'More', body: 'Kickoff is planned for 14 December 2026.', opportunityId },
  });
  assert.equal(logged.statusCode, 201, logged.body);
  const again = await inject({ method: 'POST', url: `/api/opportunities/${opportunityId}/brief`, headers: bearer(f.tokens.sales), payload: {} });
  assert.ok(again.statusCode < 300, again.body);
  const refreshed = find(again.json() as Brief, 'stakeholder', /Ingrid/);
  assert.equal(refreshed.id, ingrid.id);
  assert.equal(refreshed.needsConfirmation, false);
  assert.ok(refreshed.confirmed);
});
