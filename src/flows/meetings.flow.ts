// The handoff call of a won deal: proposed once per deal (owner, required attendees, free times from the workspace
// calendar), invited by e-mail with an iCalendar request, rescheduled (same UID, higher SEQUENCE) or cancelled, and
// its outcome recorded as a measurement event; once held, the sales rep watches the account.
import { eventDepth, type Actor } from '../domain/actor.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { renderInvite, type CalendarInvite } from '../domain/icalendar.ts';
import { handoffAttendees, proposeSlots, type AttendeeRole, type MeetingOutcome } from '../domain/meetings.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import {
  addAccountWatcher,
  countOutcomes,
  findWonAt,
  listSellerIds,
  findHandoffCall,
  findMeeting,
  insertHandoffCall,
  insertInvitationMail,
  listBusyTimes,
  markAttendance,
  updateMeeting,
  type Meeting,
} from '../adapters/db/meetings.repo.ts';
import { enqueueEvents, type OutboxEventInput } from '../adapters/db/outbox.repo.ts';
import { loadCalendar, loadRoster } from '../adapters/db/team.repo.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

/** Which team roles give the PM (when the project has no owner yet) and the technical lead. */
export type HandoffRoles = { pmRole: string; techRole: string };
export const defaultHandoffRoles: HandoffRoles = { pmRole: 'project_lead', techRole: 'solution_architect' };

export type HandoffPlan = {
  title: string;
  ownerId: string | null;
  attendees: { userId: string; role: AttendeeRole; required: boolean }[];
  missing: AttendeeRole[];
  proposedTimes: { start: string; end: string }[];
  timeZone: string;
};

/** A delivery role's person for the call: its lead, else its first active member; never someone who sells. */
function pickFromRole(roster: Awaited<ReturnType<typeof loadRoster>>, key: string, salesIds: ReadonlySet<string>): string | null {
  const role = roster.find((r) => r.key === key);
  if (!role) return null;
  const members = role.members.filter((m) => m.active && !salesIds.has(m.userId));
  return (members.find((m) => m.isLead) ?? members[0])?.userId ?? null;
}

/** Who the deal's handoff call would bring together and when, writing nothing. */
export async function planHandoffCall(
  db: DbOrTx,
  input: { workspaceId: string; facts: DealFacts; now: Date; roles?: Partial<HandoffRoles> },
): Promise<HandoffPlan> {
  const { workspaceId, facts } = input;
  const roles = { ...defaultHandoffRoles, ...input.roles };
  const [roster, calendar, sellers] = await Promise.all([loadRoster(db, workspaceId), loadCalendar(db, workspaceId), listSellerIds(db, workspaceId)]);
  const salesIds = new Set(sellers);
  if (facts.deal.ownerId) salesIds.add(facts.deal.ownerId);
  const project = facts.projects.find((p) => p.status !== 'done' && p.status !== 'cancelled' && p.ownerId);
  const people = handoffAttendees({
    accountOwnerId: facts.account.ownerId,
    dealOwnerId: facts.deal.ownerId,
    pmId: project?.ownerId ?? pickFromRole(roster, roles.pmRole, salesIds),
    techLeadId: pickFromRole(roster, roles.techRole, salesIds),
    complex: facts.deal.complexity === 'complex',
  });
  const everyone = [...new Set([...(people.ownerId ? [people.ownerId] : []), ...people.attendees.map((a) => a.userId)])];
  const busy = await listBusyTimes(db, workspaceId, everyone, input.now, new Date(input.now.getTime() + 40 * 86_400_000));
  const slots = proposeSlots({ now: input.now, calendar, busy });
  return {
    title: `Handoff call: ${facts.deal.name}`,
    ownerId: people.ownerId,
    attendees: people.attendees,
    missing: people.missing,
    proposedTimes: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })),
    timeZone: calendar.timeZone,
  };
}

function meetingEvent<T extends 'meeting.proposed' | 'meeting.invited' | 'meeting.rescheduled' | 'meeting.cancelled' | 'meeting.outcome_recorded'>(
  type: T,
  meeting: Meeting,
  actor: Actor,
  extra: Record<string, unknown>,
  key: string,
): OutboxEventInput {
  return {
    type,
    subjectType: 'opportunity',
    subjectId: meeting.opportunityId,
    idempotencyKey: key,
    payload: {
      opportunityId: meeting.opportunityId,
      meetingId: meeting.id,
      kind: meeting.kind,
      sequence: meeting.sequence,
      actor: actor.label,
      depth: eventDepth(actor),
      ...extra,
    },
  } as OutboxEventInput;
}

/**
 * Proposes the deal's handoff call: one per deal, however often it is asked (a repeated trigger, two runs at once).
 * Returns the call, and whether this call made it.
 */
export async function proposeHandoffCall(
  tx: Tx,
  ctx: Ctx & { facts: DealFacts; now: Date; runId: string | null; roles?: Partial<HandoffRoles> },
): Promise<{ meeting: Meeting; created: boolean; plan: HandoffPlan }> {
  if (ctx.facts.deal.stageCategory !== 'won') throw new AppError('opportunity.not_won', 'conflict', 'The handoff call is for a won deal: mark it won first');
  const plan = await planHandoffCall(tx, { workspaceId: ctx.workspaceId, facts: ctx.facts, now: ctx.now, ...(ctx.roles && { roles: ctx.roles }) });
  const id = await insertHandoffCall(
    tx,
    {
      workspaceId: ctx.workspaceId,
      opportunityId: ctx.facts.deal.id,
      accountId: ctx.facts.account.id,
      title: plan.title,
      ownerId: plan.ownerId,
      timeZone: plan.timeZone,
      proposedTimes: plan.proposedTimes,
      originRunId: ctx.runId,
      attendees: plan.attendees,
    },
    'baton',
  );
  if (!id) return { meeting: (await findHandoffCall(tx, ctx.workspaceId, ctx.facts.deal.id))!, created: false, plan };
  const meeting = (await findMeeting(tx, ctx.workspaceId, id))!;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'meeting.proposed', entityType: 'meeting', entityId: id, after: plan }]);
  await enqueueEvents(tx, ctx.workspaceId, [
    meetingEvent(
      'meeting.proposed',
      meeting,
      ctx.actor,
      { attendees: plan.attendees.map((a) => a.userId), proposedTimes: plan.proposedTimes.map((t) => t.start) },
      `meeting.proposed:${id}`,
    ),
  ]);
  return { meeting, created: true, plan };
}

/** The .ics of a meeting version for its attendees and owner. */
export function inviteFor(meeting: Meeting, method: 'REQUEST' | 'CANCEL', stamp: Date): string {
  if (!meeting.startsAt || !meeting.endsAt) throw new AppError('meeting.no_time', 'invalid', 'The meeting has no time yet');
  const organizer = meeting.owner ?? { name: meeting.attendees[0]?.name ?? 'Baton', email: meeting.attendees[0]?.email ?? 'baton@localhost' };
  const invite: CalendarInvite = {
    method,
    uid: meeting.uid,
    sequence: meeting.sequence,
    stamp,
    start: new Date(meeting.startsAt),
    end: new Date(meeting.endsAt),
    timeZone: meeting.timeZone,
    summary: meeting.title,
    description: `The handoff of ${meeting.opportunityName}: the sales rep hands the client over to delivery.`,
    organizer: { name: organizer.name, email: organizer.email },
    attendees: meeting.attendees.map((a) => ({ name: a.name, email: a.email, required: a.required })),
  };
  return renderInvite(invite);
}

/** E-mails the meeting's current version (its .ics) to the owner and every attendee, once per version and person. */
async function mailInvitations(tx: Tx, ctx: Ctx, meeting: Meeting, method: 'REQUEST' | 'CANCEL', now: Date): Promise<string[]> {
  const ics = inviteFor(meeting, method, now);
  const people = new Map<string, { name: string; email: string }>();
  if (meeting.owner) people.set(meeting.owner.userId, meeting.owner);
  for (const a of meeting.attendees) people.set(a.userId, a);
  const when = new Intl.DateTimeFormat('en-GB', { timeZone: meeting.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(new Date(meeting.startsAt!));
  const verb = method === 'CANCEL' ? 'Cancelled' : meeting.sequence > 0 ? 'Updated' : 'Invitation';
  const ids: string[] = [];
  for (const [userId, person] of people) {
    const mailId = await insertInvitationMail(tx, ctx.workspaceId, {
      meetingId: meeting.id,
      toUserId: userId,
      to: person.email,
      subject: `${verb}: ${meeting.title} (${when})`,
      body:
        method === 'CANCEL'
          ? `Hello ${person.name},\n\nThe ${meeting.title} on ${when} (${meeting.timeZone}) is cancelled.`
          : `Hello ${person.name},\n\n${meeting.title} on ${when} (${meeting.timeZone}).\nRequired: ${meeting.attendees.map((a) => a.name).join(', ')}.`,
      method,
      ics,
      originKey: `meeting:${meeting.id}:${meeting.sequence}:${method}:${userId}`,
      originRunId: ctx.actor.cause?.runId ?? null,
    });
    if (mailId) ids.push(mailId);
  }
  await enqueueEvents(
    tx,
    ctx.workspaceId,
    ids.map((mailId) => ({
      type: 'mail.requested',
      subjectType: 'mail',
      subjectId: mailId,
      idempotencyKey: `mail.requested:${mailId}`,
      payload: { mailId, depth: eventDepth(ctx.actor) },
    })),
  );
  return ids;
}

async function getMeeting(tx: Tx, workspaceId: string, id: string): Promise<Meeting> {
  const meeting = await findMeeting(tx, workspaceId, id, { lock: true });
  if (!meeting) throw notFound('meeting.not_found', 'Meeting');
  return meeting;
}

function parseStart(start: string, path: string): Date {
  const at = new Date(start);
  if (Number.isNaN(at.getTime())) throw invalid([{ path, message: 'must be a date-time (ISO 8601)' }]);
  return at;
}

const durationMs = (m: Meeting) => (m.startsAt && m.endsAt ? new Date(m.endsAt).getTime() - new Date(m.startsAt).getTime() : 3_600_000);

/** Sends the invitation (METHOD:REQUEST) for a proposed call at the time chosen (by default its first proposed time). */
export const sendMeetingInvite = flow(async (tx, deps, ctx: Ctx, id: string, input: { start?: string | undefined } = {}) =>
  sendMeetingInviteIn(tx, ctx, deps.now(), id, input),
);

export async function sendMeetingInviteIn(tx: Tx, ctx: Ctx, now: Date, id: string, input: { start?: string | undefined } = {}): Promise<Meeting> {
  const before = await getMeeting(tx, ctx.workspaceId, id);
  if (before.status !== 'proposed')
    throw new AppError(
      'meeting.wrong_status',
      'conflict',
      `The call is ${before.status.replace('_', ' ')}: only a proposed call is sent (reschedule an invited one)`,
    );
  const start = input.start ? parseStart(input.start, 'body:/start') : before.proposedTimes[0] ? new Date(before.proposedTimes[0].start) : undefined;
  if (!start)
    throw new AppError('meeting.no_time', 'invalid', 'No free time was found: give a start', { fields: [{ path: 'body:/start', message: 'is required' }] });
  await updateMeeting(tx, ctx.workspaceId, id, { status: 'invited', starts_at: start, ends_at: new Date(start.getTime() + durationMs(before)) });
  const meeting = (await findMeeting(tx, ctx.workspaceId, id))!;
  await mailInvitations(tx, ctx, meeting, 'REQUEST', now);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'meeting.invited',
      entityType: 'meeting',
      entityId: id,
      before: { status: before.status },
      after: { status: 'invited', startsAt: meeting.startsAt },
    },
  ]);
  await enqueueEvents(tx, ctx.workspaceId, [
    meetingEvent(
      'meeting.invited',
      meeting,
      ctx.actor,
      { startsAt: meeting.startsAt, attendees: meeting.attendees.map((a) => a.userId) },
      `meeting.invited:${id}:${meeting.sequence}`,
    ),
  ]);
  return meeting;
}

/** Moves an invited call to another time: the same UID with a higher SEQUENCE goes out as an update. */
export const rescheduleMeeting = flow(async (tx, deps, ctx: Ctx, id: string, input: { start: string }) => rescheduleIn(tx, ctx, deps.now(), id, input));

async function rescheduleIn(tx: Tx, ctx: Ctx, now: Date, id: string, input: { start: string }): Promise<Meeting> {
  const before = await getMeeting(tx, ctx.workspaceId, id);
  if (before.status === 'proposed') return sendMeetingInviteIn(tx, ctx, now, id, input);
  if (before.status !== 'invited' && before.status !== 'no_show')
    throw new AppError('meeting.wrong_status', 'conflict', `The call is ${before.status.replace('_', ' ')}: it cannot be rescheduled`);
  const start = parseStart(input.start, 'body:/start');
  await updateMeeting(tx, ctx.workspaceId, id, {
    status: 'invited',
    starts_at: start,
    ends_at: new Date(start.getTime() + durationMs(before)),
    sequence: before.sequence + 1,
  });
  const meeting = (await findMeeting(tx, ctx.workspaceId, id))!;
  await mailInvitations(tx, ctx, meeting, 'REQUEST', now);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'meeting.rescheduled',
      entityType: 'meeting',
      entityId: id,
      before: { startsAt: before.startsAt, sequence: before.sequence },
      after: { startsAt: meeting.startsAt, sequence: meeting.sequence },
    },
  ]);
  await enqueueEvents(tx, ctx.workspaceId, [
    meetingEvent(
      'meeting.rescheduled',
      meeting,
      ctx.actor,
      { startsAt: meeting.startsAt, was: before.startsAt },
      `meeting.rescheduled:${id}:${meeting.sequence}`,
    ),
  ]);
  return meeting;
}

/** Calls off the call: invited people get METHOD:CANCEL (same UID, higher SEQUENCE). */
export const cancelMeeting = flow(async (tx, deps, ctx: Ctx, id: string) => {
  const before = await getMeeting(tx, ctx.workspaceId, id);
  if (before.status === 'cancelled') return before;
  if (before.status === 'held') throw new AppError('meeting.wrong_status', 'conflict', 'The call was held: it cannot be cancelled');
  const invited = before.status === 'invited' || before.status === 'no_show';
  await updateMeeting(tx, ctx.workspaceId, id, { status: 'cancelled', sequence: before.sequence + 1 });
  const meeting = (await findMeeting(tx, ctx.workspaceId, id))!;
  if (invited) await mailInvitations(tx, ctx, meeting, 'CANCEL', deps.now());
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'meeting.cancelled', entityType: 'meeting', entityId: id, before: { status: before.status }, after: { status: 'cancelled' } },
  ]);
  await enqueueEvents(tx, ctx.workspaceId, [meetingEvent('meeting.cancelled', meeting, ctx.actor, {}, `meeting.cancelled:${id}`)]);
  return meeting;
});

export type OutcomeInput = { outcome: MeetingOutcome; attended?: string[] | undefined; notes?: string | undefined; start?: string | undefined };

/**
 * Records how the call went: who attended, held / no show / rescheduled (with the new time, sent as an update). A
 * measurement event rules can trigger on; once held, the sales rep becomes a watcher of the account.
 */
export const recordMeetingOutcome = flow(async (tx, deps, ctx: Ctx, id: string, input: OutcomeInput) => {
  const before = await getMeeting(tx, ctx.workspaceId, id);
  if (before.status !== 'invited' && before.status !== 'no_show')
    throw new AppError('meeting.wrong_status', 'conflict', `The call is ${before.status.replace('_', ' ')}: an outcome is recorded for a call that was sent`);
  const attendeeIds = new Set(before.attendees.map((a) => a.userId));
  const attended = [...new Set(input.attended ?? [])];
  attended.forEach((userId, i) => {
    if (!attendeeIds.has(userId)) throw invalid([{ path: `body:/attended/${i}`, message: 'is not an attendee of the call' }]);
  });
  if (input.outcome === 'held' && attended.length === 0) throw invalid([{ path: 'body:/attended', message: 'name who attended a call that was held' }]);
  if (input.outcome === 'rescheduled' && !input.start) throw invalid([{ path: 'body:/start', message: 'is required when the outcome is rescheduled' }]);
  if (input.outcome === 'rescheduled') {
    await rescheduleIn(tx, ctx, deps.now(), id, { start: input.start! });
    await updateMeeting(tx, ctx.workspaceId, id, { outcome: 'rescheduled', outcome_notes: input.notes ?? null, outcome_at: deps.now() });
  } else {
    await updateMeeting(tx, ctx.workspaceId, id, { status: input.outcome, outcome: input.outcome, outcome_notes: input.notes ?? null, outcome_at: deps.now() });
    await markAttendance(tx, ctx.workspaceId, id, attended);
  }
  const meeting = (await findMeeting(tx, ctx.workspaceId, id))!;
  if (input.outcome === 'held') {
    // After the handoff the sales rep follows the account: copied, never assigned delivery work.
    for (const rep of meeting.attendees.filter((a) => a.role === 'sales_rep'))
      await addAccountWatcher(tx, ctx.workspaceId, {
        accountId: meeting.accountId,
        userId: rep.userId,
        reason: 'sales rep after the handoff call',
        meetingId: id,
      });
  }
  const wonAt = await findWonAt(tx, ctx.workspaceId, meeting.opportunityId);
  const hoursFromWon = wonAt && meeting.startsAt ? Math.round(((new Date(meeting.startsAt).getTime() - wonAt.getTime()) / 3_600_000) * 10) / 10 : null;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'meeting.outcome_recorded',
      entityType: 'meeting',
      entityId: id,
      before: { status: before.status },
      after: { outcome: input.outcome, attended, notes: input.notes ?? null },
    },
  ]);
  const outcomeCount = await countOutcomes(tx, ctx.workspaceId, id);
  await enqueueEvents(tx, ctx.workspaceId, [
    meetingEvent(
      'meeting.outcome_recorded',
      meeting,
      ctx.actor,
      { outcome: input.outcome, attended, absent: [...attendeeIds].filter((u) => !attended.includes(u)), startsAt: meeting.startsAt, hoursFromWon },
      `meeting.outcome_recorded:${id}:${outcomeCount}`,
    ),
  ]);
  return meeting;
});
