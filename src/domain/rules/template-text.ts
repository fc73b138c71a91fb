// Placeholders in a rule's texts ({{deal.name}}, {{account.name}}, {{deal.amount}}) filled from the deal's facts.
import { formatMoney } from '../money.ts';
import { readPath } from './conditions.ts';

/** Fills {{path}} placeholders from the facts; {{deal.amount}} reads as money. An unknown path stays as written. */
export function fillTemplate(text: string, facts: object | undefined, extra: Record<string, string> = {}): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, path: string) => {
    if (path in extra) return extra[path]!;
    if (!facts) return whole;
    if (path === 'deal.amount') {
      const amount = readPath(facts, 'deal.amountMinor');
      const currency = readPath(facts, 'deal.currency');
      if (typeof amount === 'number' && typeof currency === 'string') return formatMoney(amount, currency);
    }
    const value = readPath(facts, path);
    return value === undefined || value === null ? whole : String(value);
  });
}
