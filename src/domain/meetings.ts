// The handoff call: who must attend (the sales rep, the PM, the technical lead on complex deals), who owns it (the
// account's owner, else the deal owner), and the times it proposes from the workspace calendar.
import { addBusinessDays, addCalendarDays, dateIn, instantAt, type WorkCalendar } from './calendar.ts';

export const meetingStatuses = ['proposed', 'invited', 'held', 'no_show', 'cancelled'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];
export const meetingOutcomes = ['held', 'no_show', 'rescheduled'] as const;
export type MeetingOutcome = (typeof meetingOutcomes)[number];
export const attendeeRoles = ['sales_rep', 'pm', 'tech_lead'] as const;
export type AttendeeRole = (typeof attendeeRoles)[number];

export type Slot = { start: Date; end: Date };

/** Working hours when the calendar proposes a call: 9:00 to 17:00 in the workspace's time zone. */
export const workingHours = { start: 9, end: 17 } as const;

/**
 * The first `count` free slots of `minutes`, on the hour, on the business days after `now` (from the next business day), within
 * working hours, none overlapping a busy period of an attendee. Looks at most 20 business days ahead.
 */
export function proposeSlots(input: { now: Date; calendar: WorkCalendar; busy: readonly Slot[]; count?: number; minutes?: number }): Slot[] {
  const count = input.count ?? 3;
  const minutes = input.minutes ?? 60;
  const { timeZone } = input.calendar;
  const slots: Slot[] = [];
  const overlaps = (s: Slot) => input.busy.some((b) => b.start < s.end && s.start < b.end);
  let day = addBusinessDays(addCalendarDays(dateIn(input.now, timeZone), 1), 0, input.calendar);
  for (let d = 0; d < 20 && slots.length < count; d++) {
    for (let hour = workingHours.start; hour * 60 + minutes <= workingHours.end * 60 && slots.length < count; hour++) {
      const start = instantAt(day, hour, timeZone);
      const slot = { start, end: new Date(start.getTime() + minutes * 60_000) };
      if (slot.start > input.now && !overlaps(slot)) slots.push(slot);
    }
    day = addBusinessDays(day, 1, input.calendar);
  }
  return slots;
}

export type HandoffPeople = {
  /** The account's owner (the contact owner). */
  accountOwnerId: string | null;
  dealOwnerId: string | null;
  /** The project's owner, else the PM team role's pick. */
  pmId: string | null;
  techLeadId: string | null;
  complex: boolean;
};

export type HandoffAttendee = { userId: string; role: AttendeeRole; required: true };

/** Who owns the call and who must attend; one entry per person (the first role named wins). */
export function handoffAttendees(people: HandoffPeople): { ownerId: string | null; attendees: HandoffAttendee[]; missing: AttendeeRole[] } {
  const attendees: HandoffAttendee[] = [];
  const missing: AttendeeRole[] = [];
  const add = (userId: string | null, role: AttendeeRole) => {
    if (!userId) missing.push(role);
    else if (!attendees.some((a) => a.userId === userId)) attendees.push({ userId, role, required: true });
  };
  // The sales rep is the deal's owner; a deal without one is the account owner's (the contact owner sells).
  add(people.dealOwnerId ?? people.accountOwnerId, 'sales_rep');
  add(people.pmId, 'pm');
  if (people.complex) add(people.techLeadId, 'tech_lead');
  return { ownerId: people.accountOwnerId ?? people.dealOwnerId, attendees, missing };
}
