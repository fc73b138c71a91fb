// Calendar arithmetic on plain dates ("YYYY-MM-DD") in a workspace's time zone.

/** The calendar date of `now` in the time zone `timeZone`, as YYYY-MM-DD. */
// Building an Intl formatter costs far more than using one: one per time zone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const minuteFormats = new Map<string, Intl.DateTimeFormat>();
function formatFor(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) {
    format = make();
    cache.set(timeZone, format);
  }
  return format;
}

export function dateIn(now: Date, timeZone: string): string {
  const format = formatFor(dayFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  const parts = format.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A workspace's working week and holidays. Weekdays are ISO numbers: 1 = Monday ... 7 = Sunday. */
export type WorkCalendar = { timeZone: string; businessDays: readonly number[]; holidays: ReadonlySet<string> | readonly string[] };

export const standardBusinessDays: readonly number[] = [1, 2, 3, 4, 5];

const DAY_MS = 86_400_000;

function parseDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday ... 7 = Sunday. */
export function weekday(date: string): number {
  const day = new Date(parseDate(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addCalendarDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days * DAY_MS);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / DAY_MS);
}

export function isBusinessDay(date: string, calendar: WorkCalendar): boolean {
  const holidays = calendar.holidays instanceof Set ? calendar.holidays : new Set(calendar.holidays as readonly string[]);
  return calendar.businessDays.includes(weekday(date)) && !holidays.has(date);
}

/**
 * The date `offset` business days after `start`. Offset 0 is `start` itself when it is a business
 * day, else the next one; offset 1 is the first business day after that; negative offsets go back.
 */
export function addBusinessDays(start: string, offset: number, calendar: WorkCalendar): string {
  if (calendar.businessDays.length === 0) throw new RangeError('a calendar needs at least one business day');
  const step = offset < 0 ? -1 : 1;
  let date = start;
  // A calendar with only holidays for years would loop for long; ten years is far beyond any plan.
  const limit = 3660 + Math.abs(offset) * 7;
  let guard = 0;
  while (!isBusinessDay(date, calendar)) {
    date = addCalendarDays(date, step);
    if (++guard > limit) throw new RangeError('no business day within ten years');
  }
  for (let left = Math.abs(offset); left > 0;) {
    date = addCalendarDays(date, step);
    if (isBusinessDay(date, calendar)) left--;
    if (++guard > limit) throw new RangeError('no business day within ten years');
  }
  return date;
}

/**
 * Business days from `from` to `to`: the business days after `from`, up to and including `to` (a Friday win with a
 * Monday kickoff is 1; the same day is 0). Negative when `to` is earlier.
 */
export function businessDaysBetween(from: string, to: string, calendar: WorkCalendar): number {
  if (to < from) return -businessDaysBetween(to, from, calendar);
  const holidays = calendar.holidays instanceof Set ? calendar.holidays : new Set(calendar.holidays as readonly string[]);
  const span = daysBetween(from, to);
  // Whole weeks at once, then the days left one by one.
  const weeks = Math.floor(span / 7);
  let count = weeks * calendar.businessDays.length;
  let date = addCalendarDays(from, weeks * 7);
  while (date < to) {
    date = addCalendarDays(date, 1);
    if (calendar.businessDays.includes(weekday(date))) count++;
  }
  for (const holiday of holidays) if (holiday > from && holiday <= to && calendar.businessDays.includes(weekday(holiday))) count--;
  return count;
}

/** The instant that is `hour`:00 on `date` in `timeZone` (for timers due "on day N"). */
export function instantAt(date: string, hour: number, timeZone: string): Date {
  const guess = parseDate(date) + hour * 3_600_000;
  // Correct by the zone's offset at that moment (twice, for days when the offset changes).
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const format = formatFor(
      minuteFormats,
      timeZone,
      () =>
        new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }),
    );
    const parts = format.formatToParts(new Date(instant));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    instant += guess - local;
  }
  return new Date(instant);
}
