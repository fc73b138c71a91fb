// Calendar arithmetic on plain dates ("YYYY-MM-DD") in a workspace's time zone.

/** The calendar date of `now` in the time zone `timeZone`, as YYYY-MM-DD. */
export function dateIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
