// Inbound deal events from another CRM, decided without the database: a sender's stage read as won, lost or open by
// the connection's stage map, the sender's fields read into Baton's by its field map, and whether an event is older
// than the newest one applied to its deal (then it must not move the deal back).
export const connectionKinds = ['hubspot', 'pipedrive', 'salesforce', 'generic'] as const;
export type ConnectionKind = (typeof connectionKinds)[number];

export const kindLabels: Record<ConnectionKind, string> = { hubspot: 'HubSpot', pipedrive: 'Pipedrive', salesforce: 'Salesforce', generic: 'Generic' };

/** The secrets each kind of connection holds; those marked generated are made when left out, optional may stay empty. */
export const secretNames: Record<ConnectionKind, { name: string; label: string; generated?: boolean; optional?: boolean }[]> = {
  hubspot: [{ name: 'clientSecret', label: "App's client secret" }],
  pipedrive: [
    { name: 'username', label: 'Basic auth user name' },
    { name: 'password', label: 'Basic auth password' },
  ],
  salesforce: [
    { name: 'token', label: 'Token (the token query parameter)', generated: true },
    { name: 'organizationId', label: 'Organization ID (SOAP messages of another are refused)', optional: true },
  ],
  generic: [{ name: 'signingSecret', label: 'Signing secret (whsec_...)', generated: true }],
};

/** The sender's stages that mean won and lost in one of its pipelines (`*`: any pipeline). */
export type StageMapping = { pipeline: string; won: string[]; lost: string[] };

/**
 * What a connection starts with. HubSpot's default pipeline ends in `closedwon` / `closedlost`; a custom pipeline has
 * numeric stage ids that must be mapped. Salesforce and Pipedrive say won and lost outright (IsWon, status).
 */
export const defaultStageMap: Record<ConnectionKind, StageMapping[]> = {
  hubspot: [{ pipeline: 'default', won: ['closedwon'], lost: ['closedlost'] }],
  pipedrive: [],
  salesforce: [{ pipeline: '*', won: ['Closed Won'], lost: ['Closed Lost'] }],
  generic: [],
};

/** Baton's deal fields an inbound field may fill; `custom.<key>` fills a custom field. */
export const dealTargets = ['name', 'amount', 'currency', 'closeDate'] as const;
export type FieldTarget = (typeof dealTargets)[number] | `custom.${string}`;

export const isFieldTarget = (v: string): v is FieldTarget => (dealTargets as readonly string[]).includes(v) || /^custom\.[a-z][a-z0-9_]{0,62}$/.test(v);

/** The sender's own field names for Baton's fields; a connection's field map adds to these or overrides them. */
export const defaultFieldMap: Record<ConnectionKind, Record<string, FieldTarget>> = {
  hubspot: { dealname: 'name', amount: 'amount', deal_currency_code: 'currency', closedate: 'closeDate' },
  pipedrive: { title: 'name', value: 'amount', currency: 'currency', expected_close_date: 'closeDate' },
  salesforce: { Name: 'name', Amount: 'amount', CurrencyIsoCode: 'currency', CloseDate: 'closeDate' },
  generic: { name: 'name', amount: 'amount', currency: 'currency', closeDate: 'closeDate' },
};

export type DealStatus = 'open' | 'won' | 'lost';

/** Won, lost or open: the sender's own word when it gives one, else its stage through the stage map. */
export function decideStatus(
  change: { status: DealStatus | null; stage: string | null; pipeline: string | null },
  stageMap: readonly StageMapping[],
): { status: DealStatus | null; reason: string } {
  if (change.status) return { status: change.status, reason: `the sender says ${change.status}` };
  if (change.stage === null) return { status: null, reason: 'no stage or status in the event' };
  const mappings = change.pipeline === null ? stageMap : stageMap.filter((m) => m.pipeline === change.pipeline || m.pipeline === '*');
  for (const m of mappings) {
    if (m.won.includes(change.stage)) return { status: 'won', reason: `stage ${change.stage} is won in pipeline ${m.pipeline}` };
    if (m.lost.includes(change.stage)) return { status: 'lost', reason: `stage ${change.stage} is lost in pipeline ${m.pipeline}` };
  }
  return { status: 'open', reason: `stage ${change.stage} is not mapped to won or lost` };
}

export type MappedFields = {
  name?: string;
  amountMinor?: number;
  currency?: string;
  closeDate?: string;
  customFields?: Record<string, string | number | boolean | null>;
};

/**
 * An amount as senders write it: a number, or text with a currency symbol, spaces and thousands separators
 * ("€ 12.500,50", "$12,500.50", "12500.5"); in minor units. Undefined when it is not an amount.
 */
export function amountMinorOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 100) : undefined;
  if (typeof v !== 'string') return undefined;
  let s = v.replace(/[^\d.,-]/g, '');
  if (!/\d/.test(s)) return undefined;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  // The later of the two separators is the decimal one when two digits or fewer follow it... or when both appear.
  const decimal = lastDot > lastComma ? '.' : ',';
  const at = Math.max(lastDot, lastComma);
  const decimals = at >= 0 ? s.length - at - 1 : 0;
  if (at >= 0 && lastDot >= 0 !== lastComma >= 0) {
    // Only one kind of separator: a decimal point if it appears once and is followed by 1-2 digits.
    const count = s.split(decimal).length - 1;
    if (count > 1 || decimals === 3) s = s.split(decimal).join('');
    else s = s.replace(decimal, '.');
  } else if (at >= 0) {
    s = s
      .split(decimal === '.' ? ',' : '.')
      .join('')
      .replace(decimal, '.');
  }
  const n = Number(s);
  return Number.isFinite(n) ? Math.round(n * 100) : undefined;
}

/** A date as senders write it: YYYY-MM-DD, an ISO time, or epoch milliseconds (HubSpot); as YYYY-MM-DD (UTC). */
export function dateOf(v: unknown): string | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{10,13}$/.test(v))) {
    const n = Number(v);
    const d = new Date(n < 1e11 ? n * 1000 : n);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
  }
  if (typeof v !== 'string') return undefined;
  const m = /^((?:19|2\d)\d{2})-(\d{2})-(\d{2})/.exec(v);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0] ? undefined : m[0];
}

/** The sender's fields read into Baton's through the field map; a value that does not fit is named, not guessed. */
export function mapFields(fields: Record<string, unknown>, fieldMap: Record<string, FieldTarget>): { fields: MappedFields; problems: string[] } {
  const out: MappedFields = {};
  const problems: string[] = [];
  for (const [source, target] of Object.entries(fieldMap)) {
    if (!(source in fields)) continue;
    const v = fields[source];
    if (v === null || v === undefined || v === '') continue;
    switch (target) {
      case 'name': {
        const name = String(v).trim().slice(0, 200);
        if (name) out.name = name;
        break;
      }
      case 'amount': {
        const minor = amountMinorOf(v);
        if (minor === undefined || minor < 0) problems.push(`${source} "${String(v)}" is not an amount`);
        else out.amountMinor = minor;
        break;
      }
      case 'currency':
        if (typeof v === 'string' && /^[A-Za-z]{3}$/.test(v)) out.currency = v.toUpperCase();
        else problems.push(`${source} "${String(v)}" is not a currency code`);
        break;
      case 'closeDate': {
        const date = dateOf(v);
        if (date) out.closeDate = date;
        else problems.push(`${source} "${String(v)}" is not a date`);
        break;
      }
      default: {
        const key = target.slice('custom.'.length);
        out.customFields = { ...out.customFields, [key]: typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean) };
      }
    }
  }
  return { fields: out, problems };
}

/** An event older than the newest applied to its deal is stale: applying it would move the deal back. */
export const isStale = (occurredAt: Date | null, lastApplied: Date | null): boolean =>
  occurredAt !== null && lastApplied !== null && occurredAt.getTime() < lastApplied.getTime();
