// Storage of meetings (the handoff call), their attendees, the invitations they e-mailed and the account's watchers.
import { sql } from 'kysely';
import type { AttendeeRole, MeetingOutcome, MeetingStatus } from '../../domain/meetings.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { scoped } from './scope.ts';

export type MeetingAttendee = { userId: string; name: string; email: string; role: AttendeeRole; required: boolean; attended: boolean | null };

export type Meeting = {
  id: string;
  kind: 'handoff_call';
  opportunityId: string;
  opportunityName: string;
  accountId: string;
  title: string;
  owner: { userId: string; name: string; email: string } | null;
  status: MeetingStatus;
  timeZone: string;
  startsAt: string | null;
  endsAt: string | null;
  proposedTimes: { start: string; end: string }[];
  uid: string;
  sequence: number;
  outcome: MeetingOutcome | null;
  outcomeNotes: string | null;
  outcomeAt: string | null;
  originRunId: string | null;
  attendees: MeetingAttendee[];
  createdAt: string;
  updatedAt: string;
};

function selectMeetings(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('meetings as m')
    .innerJoin('opportunities as o', 'o.id', 'm.opportunity_id')
    .leftJoin('users as u', 'u.id', 'm.owner_id')
    .selectAll('m')
    .select(['o.name as opportunity_name', 'u.name as owner_name', 'u.email as owner_email']);
}

type MeetingRow = Awaited<ReturnType<ReturnType<typeof selectMeetings>['executeTakeFirstOrThrow']>>;

async function withAttendees(db: DbOrTx, workspaceId: string, rows: MeetingRow[]): Promise<Meeting[]> {
  if (rows.length === 0) return [];
  const people = await scoped(db, workspaceId)
    .selectFrom('meeting_attendees as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.meeting_id', 'a.user_id', 'a.role', 'a.required', 'a.attended', 'u.name', 'u.email'])
    .where(
      'a.meeting_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const order: Record<string, number> = { sales_rep: 0, pm: 1, tech_lead: 2 };
  return rows.map((r) => ({
    id: r.id,
    kind: 'handoff_call',
    opportunityId: r.opportunity_id,
    opportunityName: r.opportunity_name,
    accountId: r.account_id,
    title: r.title,
    owner: r.owner_id ? { userId: r.owner_id, name: r.owner_name ?? '', email: r.owner_email ?? '' } : null,
    status: r.status as MeetingStatus,
    timeZone: r.time_zone,
    startsAt: r.starts_at ? r.starts_at.toISOString() : null,
    endsAt: r.ends_at ? r.ends_at.toISOString() : null,
    proposedTimes: r.proposed_times,
    uid: r.uid,
    sequence: r.sequence,
    outcome: r.outcome as MeetingOutcome | null,
    outcomeNotes: r.outcome_notes,
    outcomeAt: r.outcome_at ? r.outcome_at.toISOString() : null,
    originRunId: r.origin_run_id,
    attendees: people
      .filter((p) => p.meeting_id === r.id)
      .sort((a, b) => (order[a.role] ?? 9) - (order[b.role] ?? 9))
      .map((p) => ({ userId: p.user_id, name: p.name, email: p.email, role: p.role as AttendeeRole, required: p.required, attended: p.attended })),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function findMeeting(db: DbOrTx, workspaceId: string, id: string, options: { lock?: boolean } = {}): Promise<Meeting | undefined> {
  if (options.lock) await scoped(db, workspaceId).selectFrom('meetings').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await selectMeetings(db, workspaceId).where('m.id', '=', id).executeTakeFirst();
  return row ? (await withAttendees(db, workspaceId, [row]))[0] : undefined;
}

/** The deal's handoff call, when it has one. */
export async function findHandoffCall(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<Meeting | undefined> {
  const row = await selectMeetings(db, workspaceId).where('m.opportunity_id', '=', opportunityId).where('m.kind', '=', 'handoff_call').executeTakeFirst();
  return row ? (await withAttendees(db, workspaceId, [row]))[0] : undefined;
}

export type NewMeeting = {
  workspaceId: string;
  opportunityId: string;
  accountId: string;
  title: string;
  ownerId: string | null;
  timeZone: string;
  proposedTimes: { start: string; end: string }[];
  originRunId: string | null;
  attendees: { userId: string; role: AttendeeRole; required: boolean }[];
};

/**
 * Inserts the deal's handoff call unless it has one (the unique index decides, so concurrent runs make one);
 * returns the new id, or undefined when the call existed.
 */
export async function insertHandoffCall(tx: Tx, m: NewMeeting, uidDomain: string): Promise<string | undefined> {
  const id = newId();
  const inserted = await tx
    .insertInto('meetings')
    .values({
      id,
      workspace_id: m.workspaceId,
      opportunity_id: m.opportunityId,
      account_id: m.accountId,
      kind: 'handoff_call',
      title: m.title,
      owner_id: m.ownerId,
      time_zone: m.timeZone,
      proposed_times: JSON.stringify(m.proposedTimes),
      uid: `${id}@${uidDomain}`,
      origin_run_id: m.originRunId,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'opportunity_id']).where('kind', '=', 'handoff_call').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return undefined;
  if (m.attendees.length > 0)
    await tx
      .insertInto('meeting_attendees')
      .values(m.attendees.map((a) => ({ meeting_id: id, workspace_id: m.workspaceId, user_id: a.userId, role: a.role, required: a.required })))
      .execute();
  return id;
}

export async function updateMeeting(
  tx: Tx,
  workspaceId: string,
  id: string,
  changes: {
    status?: MeetingStatus;
    starts_at?: Date;
    ends_at?: Date;
    sequence?: number;
    outcome?: MeetingOutcome;
    outcome_notes?: string | null;
    outcome_at?: Date;
  },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('meetings')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Marks who attended (true) and who did not (false) among the meeting's attendees. */
export async function markAttendance(tx: Tx, workspaceId: string, meetingId: string, attended: readonly string[]): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('meeting_attendees')
    .set({ attended: attended.length === 0 ? sql<boolean>`false` : sql<boolean>`user_id in (${sql.join(attended.map((id) => sql`${id}::uuid`))})` })
    .where('meeting_id', '=', meetingId)
    .execute();
}

/** The people's meetings that take time in the period (not cancelled), for proposing free times. */
export async function listBusyTimes(db: DbOrTx, workspaceId: string, userIds: readonly string[], from: Date, to: Date): Promise<{ start: Date; end: Date }[]> {
  if (userIds.length === 0) return [];
  const rows = await scoped(db, workspaceId)
    .selectFrom('meetings as m')
    .select(['m.starts_at', 'm.ends_at'])
    .where('m.status', 'in', ['proposed', 'invited'])
    .where('m.starts_at', '<', to)
    .where('m.ends_at', '>', from)
    .where((eb) =>
      eb.or([
        eb('m.owner_id', 'in', userIds),
        eb.exists(eb.selectFrom('meeting_attendees as a').select('a.user_id').whereRef('a.meeting_id', '=', 'm.id').where('a.user_id', 'in', userIds)),
      ]),
    )
    .execute();
  return rows.filter((r) => r.starts_at && r.ends_at).map((r) => ({ start: r.starts_at!, end: r.ends_at! }));
}

/** Queues one invitation e-mail (its .ics travels with it); the same meeting version to the same person is queued once. */
export async function insertInvitationMail(
  tx: Tx,
  workspaceId: string,
  mail: {
    meetingId: string;
    toUserId: string;
    to: string;
    subject: string;
    body: string;
    method: 'REQUEST' | 'CANCEL';
    ics: string;
    originKey: string;
    originRunId: string | null;
  },
): Promise<string | undefined> {
  const row = await tx
    .insertInto('mail_messages')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      to_user_id: mail.toUserId,
      to_address: mail.to,
      subject: mail.subject,
      body: mail.body,
      origin_run_id: mail.originRunId,
      origin_key: mail.originKey,
      meeting_id: mail.meetingId,
      calendar_method: mail.method,
      calendar_ics: mail.ics,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The invitations a meeting e-mailed, oldest first. */
export async function listInvitationMail(db: DbOrTx, workspaceId: string, meetingId: string) {
  return scoped(db, workspaceId)
    .selectFrom('mail_messages')
    .select(['id', 'to_address', 'to_user_id', 'subject', 'status', 'calendar_method', 'calendar_ics', 'created_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute();
}

export type AccountWatcher = { userId: string; name: string; email: string; reason: string; meetingId: string | null; since: string };

/** Makes a person a watcher of the account (once). */
export async function addAccountWatcher(tx: Tx, workspaceId: string, w: { accountId: string; userId: string; reason: string; meetingId: string | null }) {
  const row = await tx
    .insertInto('account_watchers')
    .values({ workspace_id: workspaceId, account_id: w.accountId, user_id: w.userId, reason: w.reason, meeting_id: w.meetingId })
    .onConflict((oc) => oc.columns(['account_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return !!row;
}

export async function listAccountWatchers(db: DbOrTx, workspaceId: string, accountId: string): Promise<AccountWatcher[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('account_watchers as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select(['w.user_id', 'u.name', 'u.email', 'w.reason', 'w.meeting_id', 'w.created_at'])
    .where('w.account_id', '=', accountId)
    .where('u.active', '=', true)
    .orderBy('w.created_at')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, reason: r.reason, meetingId: r.meeting_id, since: r.created_at.toISOString() }));
}

/** The workspace's people of the sales role (they never take delivery work, nor stand in for the PM). */
export async function listSellerIds(db: DbOrTx, workspaceId: string): Promise<string[]> {
  const rows = await scoped(db, workspaceId).selectFrom('users').select('id').where('role', '=', 'sales').execute();
  return rows.map((r) => r.id);
}

/** When the deal was last won, if it was. */
export async function findWonAt(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<Date | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('deal_outcomes')
    .select('created_at')
    .where('opportunity_id', '=', opportunityId)
    .where('outcome', '=', 'won')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.created_at;
}

/** How many outcomes the meeting has had recorded (each one's event gets its own key). */
export async function countOutcomes(db: DbOrTx, workspaceId: string, meetingId: string): Promise<number> {
  const row = await scoped(db, workspaceId)
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('entity_id', '=', meetingId)
    .where('action', '=', 'meeting.outcome_recorded')
    .executeTakeFirstOrThrow();
  return row.n;
}
