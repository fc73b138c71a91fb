// An iCalendar (RFC 5545) invitation for one meeting: METHOD:REQUEST to invite or update (same UID, higher
// SEQUENCE), METHOD:CANCEL to call it off. Times are written in the workspace's time zone (TZID) with a VTIMEZONE
// built from the zone's real offsets around the meeting, so every calendar client shows the same instant.

export type InvitePerson = { name: string; email: string };

export type CalendarInvite = {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  /** When this version of the invitation was made (DTSTAMP). */
  stamp: Date;
  start: Date;
  end: Date;
  timeZone: string;
  summary: string;
  description?: string | undefined;
  organizer: InvitePerson;
  attendees: (InvitePerson & { required: boolean })[];
};

const PRODID = '-//Baton//Handoff call//EN';

/** Text values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A parameter value with a colon, semicolon or comma is quoted; quotes themselves cannot appear (RFC 5545 3.2). */
function paramValue(value: string): string {
  const clean = value.replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** Lines longer than 75 octets are folded: CRLF and one space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const n = Buffer.byteLength(char, 'utf8');
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // continuation lines start with the folding space
    }
    current += char;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** UTC form: 20261207T090000Z. */
export function formatUtc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const localFormats = new Map<string, Intl.DateTimeFormat>();
function localParts(instant: Date, timeZone: string) {
  let format = localFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    localFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at an instant, in minutes (Berlin in summer: 120). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((local - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** Local form in a zone: 20261207T100000 (for DTSTART;TZID=...). */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

const formatOffset = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;

type Transition = { at: Date; from: number; to: number };

/** The zone's offset changes from a year before `around` to a year after, found by day and narrowed to the minute. */
export function transitions(around: Date, timeZone: string): Transition[] {
  const DAY = 86_400_000;
  const from = around.getTime() - 366 * DAY;
  const found: Transition[] = [];
  let previous = offsetMinutes(new Date(from), timeZone);
  for (let t = from + DAY; t <= around.getTime() + 366 * DAY; t += DAY) {
    const offset = offsetMinutes(new Date(t), timeZone);
    if (offset !== previous) {
      let low = t - DAY;
      let high = t;
      while (high - low > 60_000) {
        const mid = low + Math.floor((high - low) / 120_000) * 60_000;
        if (offsetMinutes(new Date(mid), timeZone) === previous) low = mid;
        else high = mid;
      }
      found.push({ at: new Date(high), from: previous, to: offset });
      previous = offset;
    }
  }
  return found;
}

/** A VTIMEZONE for the zone, with each offset change of the two years around the meeting as an observance. */
export function timeZoneLines(around: Date, timeZone: string): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const changes = transitions(around, timeZone);
  if (changes.length === 0) {
    const offset = formatOffset(offsetMinutes(around, timeZone));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD');
  }
  for (const change of changes) {
    // The onset is written in the local time in force before the change (RFC 5545 3.6.5).
    const stamp = formatUtc(new Date(change.at.getTime() + change.from * 60_000)).slice(0, 15);
    const kind = change.to > change.from ? 'DAYLIGHT' : 'STANDARD';
    lines.push(`BEGIN:${kind}`, `DTSTART:${stamp}`, `TZOFFSETFROM:${formatOffset(change.from)}`, `TZOFFSETTO:${formatOffset(change.to)}`, `END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

const mailto = (email: string) => `mailto:${email}`;

/** The .ics text of an invitation, CRLF line ends, folded. */
export function renderInvite(invite: CalendarInvite): string {
  const cancel = invite.method === 'CANCEL';
  const lines = ['BEGIN:VCALENDAR', `PRODID:${PRODID}`, 'VERSION:2.0', 'CALSCALE:GREGORIAN', `METHOD:${invite.method}`];
  lines.push(...timeZoneLines(invite.start, invite.timeZone));
  lines.push(
    'BEGIN:VEVENT',
    `UID:${invite.uid}`,
    `SEQUENCE:${invite.sequence}`,
    `DTSTAMP:${formatUtc(invite.stamp)}`,
    `DTSTART;TZID=${invite.timeZone}:${formatLocal(invite.start, invite.timeZone)}`,
    `DTEND;TZID=${invite.timeZone}:${formatLocal(invite.end, invite.timeZone)}`,
    `SUMMARY:${escapeText(invite.summary)}`,
  );
  if (invite.description) lines.push(`DESCRIPTION:${escapeText(invite.description)}`);
  lines.push(`ORGANIZER;CN=${paramValue(invite.organizer.name)}:${mailto(invite.organizer.email)}`);
  for (const a of invite.attendees)
    lines.push(
      `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=${a.required ? 'REQ-PARTICIPANT' : 'OPT-PARTICIPANT'};PARTSTAT=NEEDS-ACTION;RSVP=${cancel ? 'FALSE' : 'TRUE'};CN=${paramValue(a.name)}:${mailto(a.email)}`,
    );
  lines.push(`STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT', 'END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
