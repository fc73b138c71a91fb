// How amounts read in notifications and summaries: minor units and a currency, in the currency's own format.
const formats = new Map<string, Intl.NumberFormat | null>();

export function formatMoney(amountMinor: number, currency: string): string {
  let format = formats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      format = null; // not an ISO 4217 code Intl knows
    }
    formats.set(currency, format);
  }
  return format ? format.format(amountMinor / 100) : `${(amountMinor / 100).toFixed(2)} ${currency}`;
}
