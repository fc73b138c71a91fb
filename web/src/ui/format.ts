// Money in minor units and dates shown in the workspace time zone.

const fractionDigits = new Map<string, number>();

export function minorDigits(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    fractionDigits.set(currency, digits);
  }
  return digits;
}

export function formatMoney(amountMinor: number, currency: string, options: { compact?: boolean } = {}): string {
  const amount = amountMinor / 10 ** minorDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** A calendar date ('YYYY-MM-DD') has no time zone: format it as is. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}

/** An instant, shown in the workspace time zone; `seconds` for logs where events are moments apart. */
export function formatDateTime(iso: string | null | undefined, timeZone: string | undefined, options: { seconds?: boolean } = {}): string {
  if (!iso) return '—';
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  const timeStyle = options.seconds ? 'medium' : 'short';
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle, timeZone }).format(parsed);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle }).format(parsed);
  }
}

export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const words = value.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The calendar date ('YYYY-MM-DD') of an instant (by default now) in the workspace time zone. */
export function dateIn(timeZone: string | undefined, at: Date | string = new Date()): string {
  const instant = typeof at === 'string' ? new Date(at) : at;
  try {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(instant);
  } catch {
    return instant.toISOString().slice(0, 10);
  }
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const isoDateInText = /\b(\d{4}-\d{2}-\d{2})(?![\d:T])/g;

/** Text the server wrote ("close date 2026-12-04") with its calendar dates in the reader's format, as formatDate shows them. */
export function formatDatesIn(text: string): string {
  return text.replace(isoDateInText, (date) => formatDate(date));
}
