// The handoff call of a won deal: one per deal however often the win repeats; the sales rep, the PM and (on complex
// deals) the technical lead as required attendees; free times from the workspace calendar; the iCalendar invitation,
// its update and its cancellation parsed back; the outcome as a measurement event; the sales rep then watches the account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { listInvitationMail } from '../src/adapters/db/meetings.repo.ts';
import { reopenDeal, winDeal } from '../src/flows/close-deal.flow.ts';
import { createProjectByHand } from '../src/flows/projects.flow.ts';
import { updateOpportunity } from '../src/flows/crm.flow.ts';
import { createUser } from '../src/flows/identity.flow.ts';
import { createRule } from '../src/flows/rules.flow.ts';
import { createTeamRole, updateCalendar } from '../src/flows/team.flow.ts';
import { addDelivery, addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

// Friday 4 December 2026, 16:00 in Berlin: the next business day is Monday the 7th.
const now = new Date('2026-12-04T15:00:00Z');
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-handoff-mail-'));
const { inject, db, deps, drain, workspace, setUp } = useTestServer({ deps: { now: () => now }, automation: { now: () => now, dataDir: mailDir } });

let f: Fixture;
let techLead: { id: string };

setUp(async () => {
  f = await workspace();
  const ctx = { workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'test' } };
  await addDelivery(deps(), f, { rule: false });
  techLead = await createUser(deps(), ctx, { email: `tess@${f.workspace.slug}.test`, name: 'Tess Tech', role: 'ops' });
  await createTeamRole(deps(), ctx, {
    key: 'solution_architect',
    name: 'Solution architect',
    strategy: 'fixed',
    fixedUserId: techLead.id,
    members: [{ userId: techLead.id, isLead: true }],
  });
  await updateCalendar(deps(), ctx, { timeZone: 'Europe/Berlin', businessDays: [1, 2, 3, 4, 5], holidays: [] });
  await createRule(deps(), ctx, {
    key: 'won-handoff-call',
    name: 'Won deal: schedule the handoff call',
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'call', type: 'schedule_handoff_call', params: {} }],
  });
});

const win = (opportunityId: string) => winDeal(deps(), { workspaceId: f.workspace.id, opportunityId, actor: f.users.sales.actor });

async function handoffCall(opportunityId: string) {
  const res = await inject({ method: 'GET', url: `/api/opportunities/${opportunityId}/handoff-call`, headers: bearer(f.tokens.sales) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().meeting as {
    id: string;
    status: string;
    uid: string;
    sequence: number;
    startsAt: string | null;
    owner: { userId: string } | null;
    proposedTimes: { start: string; end: string }[];
    attendees: { userId: string; role: string; required: boolean; attended: boolean | null }[];
  } | null;
}

const meetingsOf = async (opportunityId: string) =>
  (
    await db()
      .selectFrom('meetings')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('opportunity_id', '=', opportunityId)
      .executeTakeFirstOrThrow()
  ).n;

// ---- the invitations read back with ical.js (Mozilla's iCalendar library), not with Baton's writer's own rules

/** The calendar, its event, and the event's times resolved through the VTIMEZONE the invitation carries. */
function parseIcs(text: string) {
  assert.ok(text.includes('\r\n'), 'lines end with CRLF');
  const calendar = new ICAL.Component(ICAL.parse(text));
  assert.equal(calendar.name, 'vcalendar');
  // The time zone is taken from the file itself: a local time then means what the file says it means.
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const vevent = calendar.getFirstSubcomponent('vevent');
  assert.ok(vevent, 'the calendar holds an event');
  return { method: calendar.getFirstPropertyValue('method'), vevent, event: new ICAL.Event(vevent) };
}

// ---------------------------------------------------------------------------------------------------------------

test('a won deal gets one handoff call, however often the win repeats or the call is asked for', async () => {
  const deal = await addOpportunity(deps(), f, 'Once only');
  await win(deal.id);
  await drain();
  const first = await handoffCall(deal.id);
  assert.ok(first, 'the rule proposed the call');
  assert.equal(first.status, 'proposed');

  // Reopened and won again: the rule runs again and finds the call.
  await reopenDeal(deps(), { workspaceId: f.workspace.id, opportunityId: deal.id, actor: f.users.sales.actor });
  await win(deal.id);
  await drain();
  // Asked for by hand, twice at once.
  const [a, b] = await Promise.all(
    [1, 2].map(() => inject({ method: 'POST', url: `/api/opportunities/${deal.id}/handoff-call`, headers: bearer(f.tokens.sales) })),
  );
  assert.deepEqual([a!.statusCode, b!.statusCode], [200, 200], `${a!.body} ${b!.body}`);
  assert.equal(a!.json().id, first.id);
  assert.equal(await meetingsOf(deal.id), 1, 'one handoff call for the deal');
  const proposed = await db().selectFrom('outbox_events').select('id').where('type', '=', 'meeting.proposed').where('subject_id', '=', deal.id).execute();
  assert.equal(proposed.length, 1, 'proposed once');
});

test('an open deal gets no handoff call: asking for one is refused with the reason', async () => {
  const deal = await addOpportunity(deps(), f, 'Still open');
  const res = await inject({ method: 'POST', url: `/api/opportunities/${deal.id}/handoff-call`, headers: bearer(f.tokens.sales) });
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().error.code, 'opportunity.not_won');
  assert.equal(await meetingsOf(deal.id), 0);
});

test('a simple deal brings the sales rep and the PM, owned by the account owner, at free times in working hours', async () => {
  const deal = await addOpportunity(deps(), f, 'Simple deal');
  await win(deal.id);
  await drain();
  const call = (await handoffCall(deal.id))!;
  assert.equal(call.owner?.userId, f.users.sales.id, "the account's owner owns the call");
  assert.deepEqual(
    call.attendees.map((a) => [a.role, a.userId, a.required]),
    [
      ['sales_rep', f.users.sales.id, true],
      ['pm', f.users.pm.id, true],
    ],
  );
  // Monday 7 December 2026, 9:00, 10:00 and 11:00 in Berlin (UTC+1), unless the people have a call then.
  const busy = await db().selectFrom('meetings').select('starts_at').where('status', '=', 'invited').execute();
  const expected = ['2026-12-07T08:00:00.000Z', '2026-12-07T09:00:00.000Z', '2026-12-07T10:00:00.000Z', '2026-12-07T11:00:00.000Z', '2026-12-07T12:00:00.000Z']
    .filter((t) => !busy.some((b) => b.starts_at?.toISOString() === t))
    .slice(0, 3);
  assert.deepEqual(
    call.proposedTimes.map((t) => t.start),
    expected,
  );
});

test('a complex deal adds the technical lead; a second call avoids the times the people already have', async () => {
  const simple = await addOpportunity(deps(), f, 'Busy first');
  await win(simple.id);
  await drain();
  const firstCall = (await handoffCall(simple.id))!;
  const sent = await inject({ method: 'POST', url: `/api/meetings/${firstCall.id}/send`, headers: bearer(f.tokens.sales), payload: {} });
  assert.equal(sent.statusCode, 200, sent.body);
  const takenAt = sent.json().startsAt as string;

  const complex = await addOpportunity(deps(), f, 'Platform rollout');
  await updateOpportunity(deps(), { workspaceId: f.workspace.id, actor: f.users.sales.actor }, complex.id, { complexity: 'complex' });
  await win(complex.id);
  await drain();
  const call = (await handoffCall(complex.id))!;
  assert.deepEqual(
    call.attendees.map((a) => [a.role, a.userId]),
    [
      ['sales_rep', f.users.sales.id],
      ['pm', f.users.pm.id],
      ['tech_lead', techLead.id],
    ],
  );
  assert.equal(call.proposedTimes.length, 3);
  assert.ok(!call.proposedTimes.some((t) => t.start === takenAt), 'the time the sales rep and PM are already in a call is not proposed');
  for (const t of call.proposedTimes) {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(new Date(t.start)));
    assert.ok(hour >= 9 && hour <= 16, `${t.start} starts within working hours in Berlin`);
    assert.equal(new Date(t.end).getTime() - new Date(t.start).getTime(), 3_600_000, 'an hour long');
  }
});

test('the invitation is an iCalendar request in the workspace time zone; a reschedule updates it, a cancellation cancels it', async () => {
  const deal = await addOpportunity(deps(), f, 'Invite, move, cancel');
  await updateOpportunity(deps(), { workspaceId: f.workspace.id, actor: f.users.sales.actor }, deal.id, { complexity: 'complex' });
  await win(deal.id);
  await drain();
  const call = (await handoffCall(deal.id))!;
  const start = call.proposedTimes[1]!.start;
  const sent = await inject({ method: 'POST', url: `/api/meetings/${call.id}/send`, headers: bearer(f.tokens.sales), payload: { start } });
  assert.equal(sent.statusCode, 200, sent.body);
  assert.equal(sent.json().status, 'invited');

  let mails = await listInvitationMail(db(), f.workspace.id, call.id);
  assert.deepEqual(mails.map((m) => m.to_user_id).sort(), [f.users.sales.id, f.users.pm.id, techLead.id].sort(), 'the owner and each attendee get it once');
  const request = parseIcs(mails[0]!.calendar_ics!);
  assert.equal(request.method, 'REQUEST');
  const event = request.event;
  assert.equal(event.uid, call.uid);
  assert.equal(event.sequence, 0);
  assert.equal(event.summary, 'Handoff call: Invite, move, cancel');
  assert.equal(event.organizer, `mailto:sales@${f.workspace.slug}.test`);
  const attendees = event.attendees;
  assert.deepEqual(attendees.map((a) => a.getFirstValue()).sort(), [
    `mailto:pm@${f.workspace.slug}.test`,
    `mailto:sales@${f.workspace.slug}.test`,
    `mailto:tess@${f.workspace.slug}.test`,
  ]);
  assert.ok(
    attendees.every((a) => a.getParameter('role') === 'REQ-PARTICIPANT'),
    'every attendee is required',
  );
  assert.deepEqual(attendees.map((a) => a.getParameter('cn')).sort(), ['Tess Tech', 'pm person', 'sales person']);
  assert.equal(request.vevent.getFirstProperty('dtstart')!.getParameter('tzid'), 'Europe/Berlin');
  // Berlin is UTC+1 in December: the local wall-clock time is the instant plus one hour.
  const berlin = new Date(Date.parse(start) + 3_600_000).toISOString().slice(0, 19);
  assert.equal(event.startDate.toString(), berlin, 'the start in Berlin local time');
  assert.match(event.startDate.toString(), /^2026-12-07T(09|1[0-6]):00:00$/, 'Monday, within working hours');
  assert.equal(event.startDate.toJSDate().toISOString(), start, 'the local time and its VTIMEZONE give the instant chosen');
  assert.equal(event.endDate.toJSDate().getTime() - new Date(start).getTime(), 3_600_000);

  // The mailer sends it as text/calendar with its method.
  await drain();
  const eml = fs.readFileSync(path.join(mailDir, 'mail', `${mails[0]!.id}.eml`), 'utf8');
  assert.match(eml, /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);

  // Rescheduled to the Tuesday after the clocks would change in March: the same UID, SEQUENCE 1, summer time.
  const moved = await inject({
    method: 'POST',
    url: `/api/meetings/${call.id}/reschedule`,
    headers: bearer(f.tokens.pm),
    payload: { start: '2027-04-06T12:00:00Z' },
  });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().sequence, 1);
  mails = await listInvitationMail(db(), f.workspace.id, call.id);
  const update = parseIcs(mails.at(-1)!.calendar_ics!);
  assert.equal(update.method, 'REQUEST');
  assert.equal(update.event.uid, call.uid, 'the same UID');
  assert.equal(update.event.sequence, 1);
  assert.equal(update.event.startDate.toString(), '2027-04-06T14:00:00', '14:00 in Berlin summer time (UTC+2)');
  assert.equal(update.event.startDate.toJSDate().toISOString(), '2027-04-06T12:00:00.000Z');
  assert.equal(mails.length, 6, 'three people, two versions');

  const cancelled = await inject({ method: 'POST', url: `/api/meetings/${call.id}/cancel`, headers: bearer(f.tokens.sales) });
  assert.equal(cancelled.statusCode, 200, cancelled.body);
  mails = await listInvitationMail(db(), f.workspace.id, call.id);
  const cancel = parseIcs(mails.at(-1)!.calendar_ics!);
  assert.equal(cancel.method, 'CANCEL');
  assert.equal(cancel.event.uid, call.uid);
  assert.equal(cancel.event.sequence, 2);
  assert.equal(cancel.vevent.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(mails.filter((m) => m.calendar_method === 'CANCEL').length, 3);

  const again = await inject({ method: 'POST', url: `/api/meetings/${call.id}/reschedule`, headers: bearer(f.tokens.sales), payload: { start } });
  assert.equal(again.statusCode, 409, 'a cancelled call is not rescheduled');
});

test('the outcome is recorded with who attended, as a measurement event and in the audit log; the sales rep then watches the account', async () => {
  const deal = await addOpportunity(deps(), f, 'Held call');
  await win(deal.id);
  await drain();
  const call = (await handoffCall(deal.id))!;
  const url = `/api/meetings/${call.id}/outcome`;
  const early = await inject({ method: 'POST', url, headers: bearer(f.tokens.pm), payload: { outcome: 'held', attended: [f.users.pm.id] } });
  assert.equal(early.statusCode, 409, 'no outcome before the invitation went out');
  await inject({ method: 'POST', url: `/api/meetings/${call.id}/send`, headers: bearer(f.tokens.sales), payload: {} });

  const stranger = await inject({ method: 'POST', url, headers: bearer(f.tokens.pm), payload: { outcome: 'held', attended: [f.users.finance.id] } });
  assert.equal(stranger.statusCode, 400, stranger.body);
  assert.equal(stranger.json().error.fields[0].path, 'body:/attended/0');
  const noTime = await inject({ method: 'POST', url, headers: bearer(f.tokens.pm), payload: { outcome: 'rescheduled' } });
  assert.equal(noTime.statusCode, 400, noTime.body);
  assert.equal(noTime.json().error.fields[0].path, 'body:/start');

  const watchersUrl = `/api/accounts/${f.account.id}/watchers`;
  const before = await inject({ method: 'GET', url: watchersUrl, headers: bearer(f.tokens.cs) });
  assert.equal(before.statusCode, 200, before.body);
  assert.deepEqual(before.json().items, [], 'nobody watches the account before a call was held');

  const held = await inject({
    method: 'POST',
    url,
    headers: bearer(f.tokens.pm),
    payload: { outcome: 'held', attended: [f.users.sales.id, f.users.pm.id], notes: 'Scope walked through' },
  });
  assert.equal(held.statusCode, 200, held.body);
  assert.equal(held.json().status, 'held');
  assert.deepEqual(
    held.json().attendees.map((a: { role: string; attended: boolean }) => [a.role, a.attended]),
    [
      ['sales_rep', true],
      ['pm', true],
    ],
  );
  const event = await db()
    .selectFrom('outbox_events')
    .select(['payload'])
    .where('type', '=', 'meeting.outcome_recorded')
    .where('subject_id', '=', deal.id)
    .executeTakeFirstOrThrow();
  const payload = event.payload as { outcome: string; attended: string[]; absent: string[]; meetingId: string; hoursFromWon: number | null };
  assert.equal(payload.outcome, 'held');
  assert.equal(payload.meetingId, call.id);
  assert.deepEqual(payload.attended.sort(), [f.users.sales.id, f.users.pm.id].sort());
  assert.deepEqual(payload.absent, []);
  assert.equal(typeof payload.hoursFromWon, 'number');
  const audit = await db().selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', call.id).orderBy('at').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['meeting.proposed', 'meeting.invited', 'meeting.outcome_recorded'],
  );

  const after = await inject({ method: 'GET', url: watchersUrl, headers: bearer(f.tokens.cs) });
  assert.equal(after.statusCode, 200, after.body);
  const rep = after.json().items.find((w: { userId: string }) => w.userId === f.users.sales.id);
  assert.ok(rep, 'the sales rep watches the account');
  assert.equal(rep.meetingId, call.id);
  assert.equal(after.json().items.filter((w: { userId: string }) => w.userId === f.users.pm.id).length, 0, 'the PM works on it, not watches it');
});

test('after the handoff the sales rep is copied on project status changes and never given delivery tasks', async () => {
  const ctx = { workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'test' } };
  await createRule(deps(), ctx, {
    key: 'watchers-project-status',
    name: "Project status changed: copy the account's watchers",
    trigger: { type: 'event', event: 'project.status_changed' },
    actions: [
      {
        key: 'copy',
        type: 'notify',
        params: { recipientType: 'account_watchers', channel: 'in_app', title: 'Project status: {{deal.name}}', body: 'The project changed status.' },
      },
    ],
    repeat: 'every_event',
  });
  // The roster refuses a salesperson as a delivery person.
  const refused = await inject({
    method: 'POST',
    url: '/api/team/roles',
    headers: bearer(f.tokens.admin),
    payload: { key: 'delivery_helper', name: 'Delivery helper', strategy: 'round_robin', members: [{ userId: f.users.sales.id }] },
  });
  assert.equal(refused.statusCode, 400, refused.body);
  assert.match(refused.body, /salespeople are not given delivery tasks/);

  const deal = await addOpportunity(deps(), f, 'Watched delivery');
  await updateOpportunity(deps(), { workspaceId: f.workspace.id, actor: f.users.sales.actor }, deal.id, {
    dealType: 'new_business',
    ownerId: f.users.sales.id,
  });
  await win(deal.id);
  await drain();
  const projectId = await createProjectByHand(deps(), { workspaceId: f.workspace.id, opportunityId: deal.id, actor: f.users.pm.actor });
  const tasks = await db().selectFrom('tasks').select(['owner_id', 'title']).where('project_id', '=', projectId).execute();
  assert.ok(tasks.length > 0);
  assert.ok(
    tasks.every((t) => t.owner_id !== f.users.sales.id),
    'no delivery task is the sales rep’s',
  );

  const watched = await db()
    .selectFrom('account_watchers')
    .select('user_id')
    .where('account_id', '=', f.account.id)
    .where('user_id', '=', f.users.sales.id)
    .executeTakeFirst();
  assert.ok(watched, 'the rep watches the account since the call held in the test before');
  const changed = await inject({ method: 'PATCH', url: `/api/projects/${projectId}`, headers: bearer(f.tokens.pm), payload: { status: 'on_hold' } });
  assert.equal(changed.statusCode, 200, changed.body);
  await drain();
  const notes = await db()
    .selectFrom('notifications')
    .select(['user_id', 'title'])
    .where('workspace_id', '=', f.workspace.id)
    .where('title', '=', 'Project status: Watched delivery')
    .execute();
  assert.deepEqual(
    notes.map((n) => n.user_id),
    [f.users.sales.id],
    'the watcher, and only the watcher, is copied',
  );
});
