// The customer-success handoff brief through the API: prepared on the win, refreshed by new notes, paused by
// conflicts with the signed scope, reviewed by the AE and the CSM, accepted into kickoff tasks, and measured.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { bearer, createFixture, type Fixture } from './helpers/fixtures.ts';
import { createOpportunity } from '../src/flows/crm.flow.ts';
import { briefApi } from './helpers/brief-api.ts';
import type { Session } from './helpers/test-server.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import type { Role } from '../src/domain/roles.ts';
import { createUser } from '../src/flows/identity.flow.ts';
import { briefReadLimits } from '../src/domain/brief/sources.ts';
import { newId } from '../src/adapters/db/ids.ts';
import * as measuresMigration from '../src/adapters/db/migrations/0015-handoff-measures.ts';

// Notes come in quick succession here: no debounce window, each refreshes the brief at once (see the debounce test).
// workspace(): one whose sales rep is Sam Seller, the AE who speaks in the transcripts below.
const { inject, db, deps, drain, signIn, workspace } = briefApi();

/** A deal owned by the fixture's sales rep: the handoff's AE. */
const addOpportunity = (f: Fixture, name: string) =>
  createOpportunity(
    deps(),
    { workspaceId: f.workspace.id, actor: f.users.sales.actor },
    { name, accountId: f.account.id, amountMinor: 2_400_000, currency: 'EUR', ownerId: f.users.sales.id },
  );

type Call = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown };
const asToken = (f: Fixture, role: Role, call: Call) => inject({ ...call, headers: bearer(f.tokens[role]) } as never);
const asPerson = (s: Session, call: Call) => inject({ ...call, cookies: s.cookies, headers: s.headers } as never);

async function logNote(f: Fixture, opportunityId: string, kind: 'note' | 'call' | 'email' | 'meeting', subject: string, body: string) {
  const res = await asToken(f, 'sales', { method: 'POST', url: '/api/activities', payload: { kind, subject, body, opportunityId } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function win(f: Fixture, opportunityId: string) {
  await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId, actor: f.users.sales.actor });
  await drain();
}

/** No signed scope among the sources: the AE says where it stands, so "notes and signed scope agree" can pass. */
async function answerNoScope(ae: Session, briefId: string, questions: Item[]) {
  const q = questions.find((x) => x.field === 'signed_scope');
  assert.ok(q, 'the brief asks for the signed scope');
  const res = await asPerson(ae, {
    method: 'POST',
    url: `/api/briefs/${briefId}/items/${q.id}/answer`,
    payload: { answer: 'The order went through online at checkout; there is no separate document.' },
  });
  assert.equal(res.statusCode, 200, res.body);
}

const getBrief = async (f: Fixture, opportunityId: string) => {
  const res = await asToken(f, 'cs', { method: 'GET', url: `/api/opportunities/${opportunityId}/brief` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};

type Item = {
  id: string;
  text: string;
  evidence: { sourceId: string; quote: string }[];
  promiseKind: string | null;
  stakeholder: { name: string; authority: string; engaged: boolean } | null;
  owner: { id: string } | null;
  field: string | null;
  resolved: boolean;
  extractedText: string | null;
  dismissed: unknown;
};

const discovery = [
  'Maria Garcia: Thanks for making time. Our goal is to cut onboarding time for new depots from six weeks to two.',
  'Sam Seller: Understood. We will build the SAP order feed as part of the implementation, at no extra cost.',
  'Chen Kim: I run IT here. Our team is in the middle of a Windows refresh until May, so bandwidth is tight.',
  'Maria Garcia: Our dispatchers need to see the order history on the load screen before they call a driver.',
  'Sam Seller: We will have you live four weeks after kickoff.',
].join('\n');

let shared: { f: Fixture; opportunityId: string } | undefined;
/** One workspace whose deal is won after a discovery call; the first tests share it. */
async function wonDeal() {
  if (shared) return shared;
  const f = await workspace();
  const opp = await addOpportunity(f, 'Depot onboarding');
  await logNote(f, opp.id, 'call', 'Discovery call', discovery);
  await win(f, opp.id);
  shared = { f, opportunityId: opp.id };
  return shared;
}

test("winning a deal prepares its handoff brief: items by kind, each citing the exact words of one of the deal's sources", async () => {
  const { f, opportunityId } = await wonDeal();
  const brief = await getBrief(f, opportunityId);
  assert.equal(brief.status, 'ae_review', 'the review starts with the win');
  assert.equal(brief.extractor, 'embedded');
  assert.deepEqual([brief.ae?.id, brief.csm?.id], [f.users.sales.id, f.users.cs.id], "the deal's owner is the AE, the account's CSM the CSM");
  assert.deepEqual(
    brief.items.goal.map((i: Item) => i.text),
    ['Our goal is to cut onboarding time for new depots from six weeks to two.'],
  );
  assert.deepEqual(
    brief.items.promise.map((i: Item) => [i.text, i.promiseKind]),
    [
      ['We will build the SAP order feed as part of the implementation, at no extra cost.', 'integration'],
      ['We will have you live four weeks after kickoff.', 'timeline'],
    ],
  );
  assert.ok(
    brief.items.risk.some((i: Item) => /Windows refresh/.test(i.text)),
    'the busy IT team is a risk',
  );
  assert.ok(brief.items.workflow.some((i: Item) => /dispatchers need to see the order history/.test(i.text)));
  const people = Object.fromEntries(brief.items.stakeholder.map((i: Item) => [i.stakeholder!.name, i.stakeholder!.engaged]));
  assert.equal(people['Maria Garcia'], true, 'she spoke on the call');
  assert.equal(people['Chen Kim'], true);
  assert.equal(people['Sam Seller'], undefined, 'the seller is not a stakeholder');
  assert.ok(
    brief.items.question.some((q: Item) => q.field === 'first_value'),
    'no first value in the sources: a question for the AE',
  );
  assert.ok(brief.items.kickoff_task.length > 0, 'a kickoff preparation list');

  const sources = (await asToken(f, 'cs', { method: 'GET', url: `/api/opportunities/${opportunityId}/brief/sources` })).json().items as {
    id: string;
    text: string;
  }[];
  for (const kind of ['goal', 'workflow', 'promise', 'risk', 'stakeholder']) {
    for (const item of brief.items[kind] as Item[]) {
      assert.ok(item.evidence.length > 0, `${kind} "${item.text}" has evidence`);
      for (const e of item.evidence) assert.ok(sources.find((s) => s.id === e.sourceId)?.text.includes(e.quote), `"${e.quote}" is in source ${e.sourceId}`);
    }
  }
  assert.ok(brief.history.some((h: { type: string }) => h.type === 'handoff.created'));
  assert.ok(brief.scores.overall.score >= 0 && brief.scores.overall.reasons.length > 0);
  assert.equal(brief.gates.find((g: { key: string }) => g.key === 'first_value').passed, false);
});

test('a note logged on a deal in review refreshes its brief by rule; preparing again from the same sources changes nothing', async () => {
  const { f, opportunityId } = await wonDeal();
  const before = await getBrief(f, opportunityId);
  const noteId = await logNote(f, opportunityId, 'note', 'First value', 'First value for Maria: the Hamburg depot live on the new flow in the first 30 days.');
  await drain();
  const after = await getBrief(f, opportunityId);
  assert.equal(after.revision, before.revision + 1);
  assert.deepEqual(
    after.items.first_value.map((i: Item) => i.evidence[0]),
    [{ sourceId: noteId, quote: 'First value for Maria: the Hamburg depot live on the new flow in the first 30 days.' }],
  );
  assert.ok(after.items.question.find((q: Item) => q.field === 'first_value').resolved, 'the question is answered by the new item');

  const again = await asToken(f, 'cs', { method: 'POST', url: `/api/opportunities/${opportunityId}/brief` });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().outcome, 'unchanged');
  assert.equal(again.json().revision, after.revision);
  const items = await db()
    .selectFrom('brief_items')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('brief_id', '=', after.id)
    .executeTakeFirstOrThrow();
  await drain();
  const still = await db()
    .selectFrom('brief_items')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('brief_id', '=', after.id)
    .executeTakeFirstOrThrow();
  assert.equal(still.n, items.n, 'no item written twice');
});

test('edits are kept apart from what was extracted and survive a refresh; a dismissed item stays dismissed', async () => {
  const { f, opportunityId } = await wonDeal();
  const brief = await getBrief(f, opportunityId);
  const before = () => brief.items.question.some((q: Item) => q.field === 'kickoff_date');
  const goal = brief.items.goal[0] as Item;
  const edited = await asToken(f, 'cs', {
    method: 'PATCH',
    url: `/api/briefs/${brief.id}/items/${goal.id}`,
    payload: { text: 'Onboard a new depot in two weeks instead of six' },
  });
  assert.equal(edited.statusCode, 200, edited.body);
  const workflow = brief.items.workflow[0] as Item;
  await asToken(f, 'cs', { method: 'PATCH', url: `/api/briefs/${brief.id}/items/${workflow.id}`, payload: { dismissed: true, reason: 'covered by the goal' } });
  await logNote(f, opportunityId, 'note', 'Timing', 'Kickoff on 7 December, Maria and Chen attend.');
  await drain();
  const after = await getBrief(f, opportunityId);
  const g = after.items.goal.find((i: Item) => i.id === goal.id) as Item;
  assert.equal(g.text, 'Onboard a new depot in two weeks instead of six');
  assert.equal(g.extractedText, 'Our goal is to cut onboarding time for new depots from six weeks to two.');
  assert.ok(after.items.workflow.find((i: Item) => i.id === workflow.id).dismissed, 'still dismissed after the refresh');
  assert.ok(before(), 'the kickoff date was asked for');
  assert.ok(
    !after.items.question.some((q: Item & { withdrawn: boolean }) => q.field === 'kickoff_date' && !q.withdrawn && !q.resolved),
    'the kickoff date is no longer missing',
  );
});

test('the notes and the signed scope disagree: the handoff pauses with both sides quoted, tells the AE and the CSM, and goes on once settled', async () => {
  const { f, opportunityId } = await wonDeal();
  const attached = await asToken(f, 'sales', {
    method: 'POST',
    url: `/api/opportunities/${opportunityId}/scope-documents`,
    payload: {
      kind: 'sow',
      title: 'Signed SOW',
      signedOn: '2026-11-20',
      body: '1. DELIVERABLES\n1.1 Dispatch board for twelve depots.\n1.2 SAP order feed, read-only.\n2. TIMELINE\nGo-live: eight (8) weeks after kickoff.\n',
    },
  });
  assert.equal(attached.statusCode, 201, attached.body);
  await drain();
  const brief = await getBrief(f, opportunityId);
  assert.equal(brief.status, 'paused');
  assert.equal(brief.pausedFrom, 'ae_review');
  assert.deepEqual(
    brief.conflicts.map((c: { kind: string; notes: { quote: string }; scope: { sourceId: string; quote: string } }) => [
      c.kind,
      c.notes.quote,
      c.scope.sourceId,
      c.scope.quote,
    ]),
    [['timeline', 'We will have you live four weeks after kickoff.', attached.json().id, 'Go-live: eight (8) weeks after kickoff.']],
  );
  assert.equal(brief.gates.find((g: { key: string }) => g.key === 'conflicts').passed, false);
  const told = await db()
    .selectFrom('notifications')
    .select(['user_id', 'title'])
    .where('subject_id', '=', opportunityId)
    .where('title', 'like', 'Handoff paused%')
    .execute();
  assert.deepEqual(told.map((n) => n.user_id).sort(), [f.users.sales.id, f.users.cs.id].sort(), 'the AE and the CSM are told');

  const ae = await signIn(f, 'sales');
  const refused = await asPerson(ae, { method: 'POST', url: `/api/briefs/${brief.id}/submit` });
  assert.equal(refused.statusCode, 409);
  assert.match(refused.json().error.message, /paused/);

  const noNote = await asToken(f, 'sales', {
    method: 'POST',
    url: `/api/briefs/${brief.id}/conflicts/${brief.conflicts[0].id}/resolve`,
    payload: { resolution: 'scope_prevails', note: ' ' },
  });
  assert.equal(noNote.statusCode, 400);
  const settled = await asToken(f, 'sales', {
    method: 'POST',
    url: `/api/briefs/${brief.id}/conflicts/${brief.conflicts[0].id}/resolve`,
    payload: { resolution: 'scope_prevails', note: 'Maria agreed eight weeks on the phone on 21 Nov.' },
  });
  assert.equal(settled.statusCode, 200, settled.body);
  assert.equal(settled.json().status, 'ae_review', 'back where it was before the pause');
  assert.deepEqual(
    settled
      .json()
      .history.map((h: { type: string }) => h.type)
      .filter((t: string) => t.startsWith('handoff.')),
    ['handoff.created', 'handoff.paused', 'handoff.resumed'],
  );
  await drain();
  assert.equal((await getBrief(f, opportunityId)).status, 'ae_review', 'a settled conflict does not pause it again');
});

test('the review: the AE sends, the CSM returns it for a missing first value, the AE answers, the CSM accepts, and kickoff tasks follow once', async () => {
  const f = await workspace();
  const opp = await addOpportunity(f, 'Clinic referrals');
  await logNote(
    f,
    opp.id,
    'call',
    'Discovery',
    [
      'Helen Park: The goal is to stop losing patients between the referral and the appointment.',
      'Helen Park: Honestly, my worry is that our front desk turnover is high.',
      'Sam Seller: We will include two remote training sessions for your coordinators.',
      'Omar Ali: I handle IT; kickoff on 14 December works for us.',
    ].join('\n'),
  );
  await win(f, opp.id);
  const brief = await getBrief(f, opp.id);
  assert.equal(brief.status, 'ae_review');
  const [ae, csm, pm] = [await signIn(f, 'sales'), await signIn(f, 'cs'), await signIn(f, 'pm')];

  const notTheAe = await asPerson(pm, { method: 'POST', url: `/api/briefs/${brief.id}/submit` });
  assert.equal(notTheAe.statusCode, 403);
  assert.equal(notTheAe.json().error.code, 'brief.not_yours');
  const byToken = await asToken(f, 'sales', { method: 'POST', url: `/api/briefs/${brief.id}/submit` });
  assert.equal(byToken.statusCode, 403, 'a review is a person: an API token is not the AE');
  assert.equal((await asPerson(ae, { method: 'POST', url: `/api/briefs/${brief.id}/submit` })).json().status, 'csm_review');

  const tooSoon = await asPerson(csm, { method: 'POST', url: `/api/briefs/${brief.id}/accept` });
  assert.equal(tooSoon.statusCode, 409);
  assert.equal(tooSoon.json().error.code, 'brief.gates_open');
  assert.deepEqual(tooSoon.json().error.details.gates.sort(), ['conflicts', 'first_value', 'promises_reviewed', 'risk_owners']);

  const returned = await asPerson(csm, {
    method: 'POST',
    url: `/api/briefs/${brief.id}/return`,
    payload: { questions: [{ field: 'first_value', text: 'What will Helen see working first, and by when?' }] },
  });
  assert.equal(returned.statusCode, 200, returned.body);
  assert.equal(returned.json().status, 'returned');
  assert.equal(returned.json().returns, 1);
  await drain();
  const toldAe = await db()
    .selectFrom('notifications')
    .select(['title', 'body'])
    .where('user_id', '=', f.users.sales.id)
    .where('title', 'like', 'Handoff returned%')
    .execute();
  assert.deepEqual(
    toldAe.map((n) => n.body),
    ['The CSM returned the handoff brief with questions: What will Helen see working first, and by when?'],
  );

  const unanswered = await asPerson(ae, { method: 'POST', url: `/api/briefs/${brief.id}/submit` });
  assert.equal(unanswered.statusCode, 409);
  assert.match(unanswered.json().error.message, /Answer the CSM's question first/);
  const question = returned.json().items.question.find((q: Item & { raisedBy: string | null }) => q.raisedBy) as Item;
  const answered = await asPerson(ae, {
    method: 'POST',
    url: `/api/briefs/${brief.id}/items/${question.id}/answer`,
    payload: { answer: 'First value: the Eastside clinic schedules every referral within 72 hours by the end of January.' },
  });
  assert.equal(answered.statusCode, 200, answered.body);
  const firstValue = answered.json().items.first_value as Item[];
  assert.equal(firstValue.length, 1, 'the answer, logged as a note, became the first-value item');
  const note = await db().selectFrom('activities').select(['id', 'body']).where('id', '=', firstValue[0]!.evidence[0]!.sourceId).executeTakeFirstOrThrow();
  assert.match(note.body, /Eastside clinic/);

  // The AE (the deal's owner) gives every open risk an owner; the AE reviews the promise they made.
  for (const risk of answered.json().items.risk as Item[]) {
    assert.equal(
      (await asPerson(ae, { method: 'PATCH', url: `/api/briefs/${brief.id}/items/${risk.id}`, payload: { ownerId: f.users.cs.id } })).statusCode,
      200,
    );
  }
  const promise = answered.json().items.promise[0] as Item;
  const notOwner = await asPerson(csm, { method: 'POST', url: `/api/briefs/${brief.id}/items/${promise.id}/review`, payload: { decision: 'confirmed' } });
  assert.equal(notOwner.statusCode, 403, 'a promise is reviewed by its owner, the AE');
  assert.equal(
    (
      await asPerson(ae, {
        method: 'POST',
        url: `/api/briefs/${brief.id}/items/${promise.id}/review`,
        payload: { decision: 'confirmed', note: 'Two sessions, remote' },
      })
    ).statusCode,
    200,
  );
  await answerNoScope(ae, brief.id, (await getBrief(f, opp.id)).items.question);
  assert.equal((await asPerson(ae, { method: 'POST', url: `/api/briefs/${brief.id}/submit` })).json().status, 'csm_review');

  const accepted = await asPerson(csm, { method: 'POST', url: `/api/briefs/${brief.id}/accept` });
  assert.equal(accepted.statusCode, 200, accepted.body);
  assert.equal(accepted.json().status, 'accepted');
  await drain();
  const tasks = await db()
    .selectFrom('tasks')
    .select(['title', 'owner_id', 'due_date', 'origin_run_id', 'template_key'])
    .where('opportunity_id', '=', opp.id)
    .where('template_key', '=', 'kickoff_prep')
    .execute();
  const planned = accepted
    .json()
    .items.kickoff_task.filter((t: Item) => !t.dismissed)
    .map((t: Item) => t.text)
    .sort();
  assert.deepEqual(tasks.map((t) => t.title).sort(), planned, 'one task per kickoff preparation item');
  assert.ok(
    tasks.length > 0 && tasks.every((t) => t.owner_id === f.users.cs.id && t.due_date && t.origin_run_id),
    'owned by the CSM, dated, and linked to the rule run',
  );

  // The acceptance replayed: nothing doubles.
  await db()
    .updateTable('outbox_events')
    .set({ status: 'pending', next_attempt_at: sql`now()`, locked_by: null, locked_until: null })
    .where('subject_id', '=', opp.id)
    .where('type', '=', 'handoff.accepted')
    .execute();
  await drain();
  const again = await db()
    .selectFrom('tasks')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('opportunity_id', '=', opp.id)
    .where('template_key', '=', 'kickoff_prep')
    .executeTakeFirstOrThrow();
  assert.equal(again.n, tasks.length);

  const closed = await asPerson(csm, { method: 'PATCH', url: `/api/briefs/${brief.id}/items/${promise.id}`, payload: { text: 'changed' } });
  assert.equal(closed.statusCode, 409);
  assert.equal(closed.json().error.code, 'brief.closed');
  const accepting = await asPerson(csm, { method: 'POST', url: `/api/briefs/${brief.id}/accept` });
  assert.equal(accepting.statusCode, 409, 'accepting twice changes nothing');
});

test('the handoff measured: acceptance without a return, returns by missing field, time from won to accepted, kickoff delay', async () => {
  const f = await workspace();
  const [ae, csm] = [await signIn(f, 'sales'), await signIn(f, 'cs')];
  const ready = [
    'Nina Ross: Our goal is to reduce missed deliveries by half.',
    'Nina Ross: The first win is the Leeds depot live in the first 30 days.',
    'Tom Hale: I look after IT.',
  ].join('\n');
  const briefs: string[] = [];
  for (const name of ['First pass', 'Returned once']) {
    const opp = await addOpportunity(f, name);
    await logNote(f, opp.id, 'call', 'Call', ready);
    await win(f, opp.id);
    const b = await getBrief(f, opp.id);
    briefs.push(b.id);
    await answerNoScope(ae, b.id, b.items.question);
    await asPerson(ae, { method: 'POST', url: `/api/briefs/${b.id}/submit` });
    if (name === 'Returned once') {
      const r = await asPerson(csm, {
        method: 'POST',
        url: `/api/briefs/${b.id}/return`,
        payload: { questions: [{ field: 'success_criteria' }, { field: 'sponsor' }] },
      });
      for (const q of (r.json().items.question as (Item & { raisedBy: string | null })[]).filter((x) => x.raisedBy)) {
        await asPerson(ae, {
          method: 'POST',
          url: `/api/briefs/${b.id}/items/${q.id}/answer`,
          payload: { answer: 'Nina Ross, VP Operations, is the sponsor; success is 98% on-time deliveries by June.' },
        });
      }
      await asPerson(ae, { method: 'POST', url: `/api/briefs/${b.id}/submit` });
    }
    const accepted = await asPerson(csm, { method: 'POST', url: `/api/briefs/${b.id}/accept` });
    assert.equal(accepted.statusCode, 200, accepted.body);
  }
  // The kickoff booked, moved three days later, then held a day after that.
  const schedule = (payload: object) => asToken(f, 'cs', { method: 'POST', url: `/api/briefs/${briefs[0]}/kickoff`, payload });
  assert.equal((await schedule({ scheduledOn: '2026-12-07' })).statusCode, 200);
  assert.equal((await schedule({ scheduledOn: '2026-12-10' })).statusCode, 200);
  const held = await schedule({ heldOn: '2026-12-11' });
  assert.equal(held.json().kickoff.heldOn, '2026-12-11');
  assert.deepEqual(
    held
      .json()
      .history.filter((h: { type: string }) => h.type.startsWith('kickoff.'))
      .map((h: { type: string }) => h.type),
    ['kickoff.scheduled', 'kickoff.scheduled', 'kickoff.delayed', 'kickoff.held', 'kickoff.delayed'],
  );
  await asToken(f, 'cs', { method: 'POST', url: `/api/briefs/${briefs[1]}/first-value`, payload: { reachedOn: '2027-01-05' } });

  const metrics = (await asToken(f, 'ops', { method: 'GET', url: '/api/handoffs/metrics' })).json();
  assert.equal(metrics.handoffs, 2);
  assert.equal(metrics.accepted, 2);
  assert.equal(metrics.acceptedFirstPass, 1);
  assert.equal(metrics.acceptanceRate, 0.5);
  assert.deepEqual(metrics.returnsByField, [
    { field: 'sponsor', count: 1 },
    { field: 'success_criteria', count: 1 },
  ]);
  assert.equal(metrics.wonToAcceptedHours.n, 2);
  assert.ok(metrics.wonToAcceptedHours.median !== null && metrics.wonToAcceptedHours.median >= 0);
  assert.deepEqual(
    [metrics.kickoff.scheduled, metrics.kickoff.held, metrics.kickoff.delayed, metrics.kickoff.medianDelayDays],
    [1, 1, 1, 4],
    'held on the 11th, first booked for the 7th',
  );
  assert.equal(metrics.firstValue.reached, 1);
  // What the briefs keep of their events as they happen is what the migration computes from the history alone.
  await measuresMigration.down(db());
  await measuresMigration.up(db());
  const counted = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m).filter(([key]) => key !== 'from' && key !== 'to'));
  assert.deepEqual(counted((await asToken(f, 'ops', { method: 'GET', url: '/api/handoffs/metrics' })).json()), counted(metrics));
  const list = (await asToken(f, 'ops', { method: 'GET', url: '/api/handoffs?status=accepted' })).json();
  assert.deepEqual(list.items.map((b: { opportunityName: string }) => b.opportunityName).sort(), ['First pass', 'Returned once']);
  const bad = await asToken(f, 'ops', { method: 'GET', url: '/api/handoffs/metrics?from=2026-12-31&to=2026-01-01' });
  assert.equal(bad.statusCode, 400);
});

test('bad input is refused with the field and the reason, and nothing is written', async () => {
  const { f, opportunityId } = await wonDeal();
  const brief = await getBrief(f, opportunityId);
  const csm = await signIn(f, 'cs');
  const cases: [Call, number, string][] = [
    [{ method: 'POST', url: `/api/briefs/${brief.id}/items`, payload: { kind: 'promise', text: 'A promise' } }, 400, 'body:/promiseKind'],
    [
      {
        method: 'POST',
        url: `/api/briefs/${brief.id}/items`,
        payload: { kind: 'risk', text: 'A risk', evidence: { sourceId: brief.sources[0].id, quote: 'words nobody wrote' } },
      },
      400,
      'body:/evidence/quote',
    ],
    [
      {
        method: 'POST',
        url: `/api/briefs/${brief.id}/items`,
        payload: { kind: 'risk', text: 'A risk', evidence: { sourceId: 'somewhere-else', quote: 'words' } },
      },
      400,
      'body:/evidence/sourceId',
    ],
    [{ method: 'POST', url: `/api/briefs/${brief.id}/items`, payload: { kind: 'rumour', text: 'x' } }, 400, 'body:/kind'],
    [{ method: 'PATCH', url: `/api/briefs/${brief.id}/items/${brief.items.goal[0].id}`, payload: { promiseKind: 'discount' } }, 400, 'body:/promiseKind'],
    [{ method: 'PATCH', url: `/api/briefs/${brief.id}/items/${brief.items.goal[0].id}`, payload: { ownerId: f.users.cs.id } }, 400, 'body:/ownerId'],
    [{ method: 'PATCH', url: `/api/briefs/${brief.id}/items/01900000-0000-7000-8000-000000000000`, payload: { text: 'x' } }, 404, ''],
    [{ method: 'POST', url: `/api/briefs/${brief.id}/kickoff`, payload: { scheduledOn: 'next Tuesday' } }, 400, 'body:/scheduledOn'],
    [{ method: 'POST', url: `/api/opportunities/${opportunityId}/scope-documents`, payload: { kind: 'sow', title: 'Empty', body: '   ' } }, 400, 'body:/body'],
    [{ method: 'POST', url: `/api/opportunities/01900000-0000-7000-8000-000000000000/brief` }, 404, ''],
  ];
  const before = await db()
    .selectFrom('brief_items')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('brief_id', '=', brief.id)
    .executeTakeFirstOrThrow();
  for (const [call, status, field] of cases) {
    const res = await asPerson(csm, call);
    assert.equal(res.statusCode, status, `${call.method} ${call.url} ${JSON.stringify(call.payload)}: ${res.body}`);
    if (field)
      assert.ok(
        res.json().error.fields.some((x: { path: string }) => x.path === field),
        `${field} named in ${res.body}`,
      );
  }
  const noQuestion = await asPerson(csm, { method: 'POST', url: `/api/briefs/${brief.id}/return`, payload: { questions: [] } });
  assert.equal(noQuestion.statusCode, 400);
  const after = await db()
    .selectFrom('brief_items')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('brief_id', '=', brief.id)
    .executeTakeFirstOrThrow();
  assert.equal(after.n, before.n);
});

test("a CS user cannot make themselves the handoff's CSM; the deal owner and an ops manager can change it", async () => {
  const f = await workspace();
  const opp = await addOpportunity(f, 'People of the handoff');
  await logNote(f, opp.id, 'call', 'Call', 'Nina Ross: Our goal is to reduce missed deliveries by half.');
  await win(f, opp.id);
  const brief = await getBrief(f, opp.id);
  const other = await createUser(
    deps(),
    { workspaceId: f.workspace.id, actor: f.users.admin.actor },
    {
      email: `cs2@${f.workspace.slug}.test`,
      name: 'Cleo Success',
      role: 'cs',
      password: 'correct horse battery',
    },
  );
  const intruder = await signIn(f, 'cs2');
  const self = await asPerson(intruder, { method: 'PATCH', url: `/api/briefs/${brief.id}`, payload: { csmId: other.id } });
  assert.equal(self.statusCode, 403, self.body);
  assert.equal(self.json().error.code, 'brief.not_yours');
  assert.match(self.json().error.message, /Only the deal's owner \(the AE\), an ops manager or an admin can change the handoff's AE or CSM/);
  const aeToo = await asPerson(intruder, { method: 'PATCH', url: `/api/briefs/${brief.id}`, payload: { aeId: other.id } });
  assert.equal(aeToo.statusCode, 403);
  assert.equal((await getBrief(f, opp.id)).csm?.id, f.users.cs.id, 'the CSM is unchanged');

  const byOwner = await asPerson(await signIn(f, 'sales'), { method: 'PATCH', url: `/api/briefs/${brief.id}`, payload: { csmId: other.id } });
  assert.equal(byOwner.statusCode, 200, byOwner.body);
  assert.equal(byOwner.json().csm?.id, other.id);
  const byOps = await asPerson(await signIn(f, 'ops'), { method: 'PATCH', url: `/api/briefs/${brief.id}`, payload: { csmId: f.users.cs.id } });
  assert.equal(byOps.statusCode, 200, byOps.body);
  assert.equal(byOps.json().csm?.id, f.users.cs.id);
});

test("a sales user who is not the deal's owner cannot make themselves a promise's owner; the deal owner and an ops manager can", async () => {
  const f = await workspace();
  const opp = await addOpportunity(f, 'Promised training');
  await logNote(f, opp.id, 'call', 'Call', 'Sam Seller: We will include two remote training sessions for your coordinators.');
  await win(f, opp.id);
  const brief = await getBrief(f, opp.id);
  const promise = (brief.items.promise as Item[])[0]!;
  const rep = await createUser(
    deps(),
    { workspaceId: f.workspace.id, actor: f.users.admin.actor },
    {
      email: `sales2@${f.workspace.slug}.test`,
      name: 'Rita Rep',
      role: 'sales',
      password: 'correct horse battery',
    },
  );
  const otherRep = await signIn(f, 'sales2');
  const url = `/api/briefs/${brief.id}/items/${promise.id}`;
  const taken = await asPerson(otherRep, { method: 'PATCH', url, payload: { ownerId: rep.id } });
  assert.equal(taken.statusCode, 403, taken.body);
  assert.equal(taken.json().error.code, 'brief.not_yours');
  const added = await asPerson(otherRep, {
    method: 'POST',
    url: `/api/briefs/${brief.id}/items`,
    payload: { kind: 'promise', promiseKind: 'custom', text: 'A dedicated Slack channel', ownerId: rep.id },
  });
  assert.equal(added.statusCode, 403, 'nor by adding a promise that they own');
  const review = await asPerson(otherRep, { method: 'POST', url: `${url}/review`, payload: { decision: 'confirmed' } });
  assert.equal(review.statusCode, 403, 'so they cannot review it either');

  const byOwner = await asPerson(await signIn(f, 'sales'), { method: 'PATCH', url, payload: { ownerId: rep.id } });
  assert.equal(byOwner.statusCode, 200, byOwner.body);
  assert.equal((byOwner.json().items.promise as Item[]).find((p) => p.id === promise.id)?.owner?.id, rep.id);
  const byOps = await asPerson(await signIn(f, 'ops'), { method: 'PATCH', url, payload: { ownerId: f.users.sales.id } });
  assert.equal(byOps.statusCode, 200, byOps.body);
  assert.equal((byOps.json().items.promise as Item[]).find((p) => p.id === promise.id)?.owner?.id, f.users.sales.id);
});

test('the OpenAPI document lists the brief, activities, scope documents and handoff endpoints', async () => {
  const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const path of [
    '/api/opportunities/{id}/brief',
    '/api/opportunities/{id}/brief/sources',
    '/api/activities',
    '/api/opportunities/{id}/scope-documents',
    '/api/briefs/{id}/submit',
    '/api/briefs/{id}/return',
    '/api/briefs/{id}/accept',
    '/api/handoffs',
    '/api/handoffs/metrics',
  ]) {
    assert.ok(doc.paths[path], `${path} in the OpenAPI document`);
  }
  assert.ok(doc.paths['/api/opportunities/{id}/brief'].post && doc.paths['/api/opportunities/{id}/brief'].get);
});

test('a deal with more history than a brief reads: the brief is prepared from the newest notes and says plainly how many older ones it left out', async () => {
  const f = await createFixture(deps());
  const opportunityId = f.opportunity.id;
  const total = briefReadLimits.activities + 3;
  const start = Date.parse('2025-01-01T09:00:00Z');
  const rows = Array.from({ length: total }, (_, i) => ({
    id: newId(),
    workspace_id: f.workspace.id,
    account_id: f.account.id,
    opportunity_id: opportunityId,
    kind: 'note',
    subject: `Check-in ${i + 1}`,
    body: i === total - 1 ? 'Our goal is to cut onboarding time for new depots from six weeks to two.' : `Routine check-in number ${i + 1}.`,
    occurred_at: new Date(start + i * 3_600_000),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db()
      .insertInto('activities')
      .values(rows.slice(i, i + 500))
      .execute();
  await win(f, opportunityId);
  const brief = await getBrief(f, opportunityId);
  const unread = (brief.items.risk as Item[]).filter((i) => i.text.startsWith('This brief did not read'));
  assert.equal(unread.length, 1, JSON.stringify(brief.items.risk.map((i: Item) => i.text)));
  assert.match(unread[0]!.text, /the 3 oldest notes, calls, e-mails and meetings \(2025-01-01 to 2025-01-01\)/);
  assert.equal(unread[0]!.evidence[0]!.sourceId, `fields:${opportunityId}`);
  assert.deepEqual(
    brief.items.goal.map((i: Item) => i.text),
    ['Our goal is to cut onboarding time for new depots from six weeks to two.'],
    'the newest note is read',
  );
});

test("a deal's handoff is its brief, or null before one is prepared: the web asks without a 404; an unknown deal is 404", async () => {
  const f = await createFixture(deps());
  const none = await asToken(f, 'cs', { method: 'GET', url: `/api/opportunities/${f.opportunity.id}/handoff` });
  assert.deepEqual([none.statusCode, none.json()], [200, { brief: null }]);
  const unknown = await asToken(f, 'cs', { method: 'GET', url: `/api/opportunities/01900000-0000-7000-8000-000000000000/handoff` });
  assert.equal(unknown.statusCode, 404);
  const { f: g, opportunityId } = await wonDeal();
  const prepared = await asToken(g, 'cs', { method: 'GET', url: `/api/opportunities/${opportunityId}/handoff` });
  assert.equal(prepared.statusCode, 200);
  assert.equal(prepared.json().brief.id, (await getBrief(g, opportunityId)).id);
});
