// The handoff call over HTTP: the meeting with its attendees and proposed times, and what a person does with it.
import { Type, type Static } from 'typebox';
import { attendeeRoles, meetingOutcomes, meetingStatuses } from '../domain/meetings.ts';
import { IsoDateTime, Nullable, oneOf, Uuid } from './common.ts';

const Person = Type.Object({ userId: Uuid, name: Type.String(), email: Type.String() });

export const Meeting = Type.Object({
  id: Uuid,
  kind: Type.Literal('handoff_call'),
  opportunityId: Uuid,
  opportunityName: Type.String(),
  accountId: Uuid,
  title: Type.String(),
  owner: Nullable(Person),
  status: oneOf(meetingStatuses),
  timeZone: Type.String({ description: "the workspace's time zone; the invitation's times are in it" }),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
  proposedTimes: Type.Array(Type.Object({ start: Type.String(), end: Type.String() }), { description: 'free 1-hour times within working hours' }),
  uid: Type.String({ description: 'the iCalendar UID, the same for every update' }),
  sequence: Type.Integer({ description: 'the iCalendar SEQUENCE: raised by each reschedule and the cancellation' }),
  outcome: Nullable(oneOf(meetingOutcomes)),
  outcomeNotes: Nullable(Type.String()),
  outcomeAt: Nullable(Type.String()),
  originRunId: Nullable(Uuid),
  attendees: Type.Array(
    Type.Object({
      userId: Uuid,
      name: Type.String(),
      email: Type.String(),
      role: oneOf(attendeeRoles),
      required: Type.Boolean(),
      attended: Nullable(Type.Boolean()),
    }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const DealHandoffCall = Type.Object({ meeting: Nullable(Meeting) });

export const SendInviteInput = Type.Object(
  { start: Type.Optional(IsoDateTime) },
  { additionalProperties: false, description: 'start: when the call starts (one of its proposed times by default, the first)' },
);
export const RescheduleInput = Type.Object({ start: IsoDateTime }, { additionalProperties: false });
export const OutcomeInput = Type.Object(
  {
    outcome: oneOf(meetingOutcomes),
    attended: Type.Optional(Type.Array(Uuid, { maxItems: 50, description: 'the attendees who were there' })),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
    start: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false, description: 'start: the new time, required when the outcome is rescheduled' },
);
export type OutcomeInput = Static<typeof OutcomeInput>;

export const AccountWatcher = Type.Object({
  userId: Uuid,
  name: Type.String(),
  email: Type.String(),
  reason: Type.String(),
  meetingId: Nullable(Uuid),
  since: Type.String(),
});
