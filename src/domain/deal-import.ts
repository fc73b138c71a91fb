// Importing deals from a CSV file as CRMs export it: the column each Baton field comes from (suggested from the
// header), and each row read into a deal or into the problems that keep it out (row, column, value, reason).
import { amountMinorOf } from './inbound.ts';
import { unescapeCell } from './record-export.ts';

export const importFields = [
  'externalId',
  'name',
  'account',
  'accountExternalId',
  'stage',
  'amount',
  'currency',
  'closeDate',
  'owner',
  'product',
  'salesTeam',
  'lossReason',
] as const;
export type ImportField = (typeof importFields)[number];

/** Which column (by header name) each field comes from. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

// Header words of HubSpot, Pipedrive and Salesforce exports, and plain ones, per field (compared without case,
// spaces, dashes or underscores).
const synonyms: Record<ImportField, string[]> = {
  externalId: ['externalid', 'id', 'dealid', 'recordid', 'opportunityid', 'recordidhubspot'],
  name: ['name', 'dealname', 'opportunityname', 'title', 'dealtitle', 'deal'],
  account: ['account', 'accountname', 'company', 'companyname', 'organization', 'organisation', 'organizationname', 'associatedcompany', 'client'],
  accountExternalId: ['accountid', 'companyid', 'organizationid', 'orgid'],
  stage: ['stage', 'dealstage', 'stagename', 'pipelinestage'],
  amount: ['amount', 'value', 'dealvalue', 'dealamount', 'total'],
  currency: ['currency', 'currencycode', 'dealcurrencycode', 'currencyisocode'],
  closeDate: ['closedate', 'expectedclosedate', 'closingdate', 'closedon', 'wondate', 'dealclosedate'],
  owner: ['owner', 'dealowner', 'opportunityowner', 'owneremail', 'ownername', 'salesrep'],
  product: ['product', 'products', 'productname', 'productline', 'lineitem', 'productinterest'],
  salesTeam: ['salesteam', 'team', 'salesteamname', 'dealteam', 'opportunityteam', 'salesdivision', 'division', 'businessunit'],
  lossReason: ['lossreason', 'lostreason', 'reasonlost', 'closedlostreason', 'lossreasonname'],
};

/** The custom field of the deal each custom import field is kept in. */
export const customFieldKeys = { product: 'product', salesTeam: 'sales_team' } as const;

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.()]/g, '');

/** The mapping a header suggests: each field to the first column whose name is one of its words. */
export function suggestMapping(header: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const field of importFields) {
    const column = header.find((h) => !taken.has(h) && synonyms[field].includes(squash(h)));
    if (column) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  return mapping;
}

/** How a date like 03/04/2026 is read: day first (European) or month first (US); unambiguous dates need neither. */
export type DateOrder = 'dmy' | 'mdy';

/**
 * A date as exports write it: 2026-10-15 (ISO, also with a time), 15.10.2026 (European), 15/10/2026 or 10/15/2026.
 * A slashed date whose day and month could swap needs `order`. Answers YYYY-MM-DD or the reason it is not a date.
 */
export function readDate(value: string, order: DateOrder | undefined): { date: string } | { problem: string } {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(v))) {
    const a = Number(match[1]);
    const b = Number(match[2]);
    y = Number(match[3]);
    if (a > 12 && b <= 12) [d, m] = [a, b];
    else if (b > 12 && a <= 12) [m, d] = [a, b];
    else if (a === b) [d, m] = [a, b];
    else if (order === 'dmy') [d, m] = [a, b];
    else if (order === 'mdy') [m, d] = [a, b];
    else return { problem: 'could be day/month or month/day: choose the date order (dmy or mdy)' };
  } else return { problem: 'is not a date (YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY)' };
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  if (y < 1900 || y > 2999 || Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso) return { problem: 'is not a day of the calendar' };
  return { date: iso };
}

export type ImportProblem = { row: number; column: string; value: string; reason: string };

export type DealRow = {
  row: number;
  externalId: string | null;
  name: string;
  account: string | null;
  accountExternalId: string | null;
  stage: string | null;
  amountMinor: number | null;
  currency: string | null;
  closeDate: string | null;
  owner: string | null;
  /** Kept in the deal's custom fields product and sales_team. */
  product: string | null;
  salesTeam: string | null;
  /** Why a lost deal was lost: a reason of the workspace's list by its label (with ": note"), or a free text. */
  lossReason: string | null;
};

/**
 * Reads one CSV row through the mapping: the deal, or every problem of the row (a row with a problem is imported not
 * at all, never in part). Stages and owners are looked up later, against the workspace.
 */
export function readDealRow(
  header: readonly string[],
  cells: readonly string[],
  row: number,
  mapping: ColumnMapping,
  options: { dateOrder?: DateOrder | undefined },
): { deal: DealRow } | { problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const cell = (field: ImportField): string | null => {
    const column = mapping[field];
    if (!column) return null;
    // A Baton export guards cells against spreadsheet formulas with a leading quote: read the value as it was.
    const v = unescapeCell((cells[header.indexOf(column)] ?? '').trim()).trim();
    return v === '' ? null : v;
  };
  const problem = (field: ImportField, reason: string) => problems.push({ row, column: mapping[field] ?? field, value: cell(field) ?? '', reason });
  const name = cell('name');
  if (!name) problem('name', 'is required');
  else if (name.length > 200) problem('name', 'is longer than 200 characters');
  const account = cell('account');
  if (!account && !cell('accountExternalId')) problem('account', 'is required (or an account id)');
  let amountMinor: number | null = null;
  const amount = cell('amount');
  if (amount !== null) {
    const minor = /-|\(.*\)/.test(amount) ? -1 : amountMinorOf(amount);
    if (minor === undefined) problem('amount', 'is not an amount');
    else if (minor < 0) problem('amount', 'is negative');
    else amountMinor = minor;
  }
  const currency = cell('currency');
  if (currency !== null && !/^[A-Za-z]{3}$/.test(currency)) problem('currency', 'is not a three-letter currency code');
  let closeDate: string | null = null;
  const date = cell('closeDate');
  if (date !== null) {
    const read = readDate(date, options.dateOrder);
    if ('problem' in read) problem('closeDate', read.problem);
    else closeDate = read.date;
  }
  for (const field of ['product', 'salesTeam'] as const) {
    const v = cell(field);
    if (v !== null && v.length > 200) problem(field, 'is longer than 200 characters');
  }
  if (problems.length > 0) return { problems };
  return {
    deal: {
      row,
      externalId: cell('externalId'),
      name: name!,
      account,
      accountExternalId: cell('accountExternalId'),
      stage: cell('stage'),
      amountMinor,
      currency: currency?.toUpperCase() ?? null,
      closeDate,
      owner: cell('owner'),
      product: cell('product'),
      salesTeam: cell('salesTeam'),
      lossReason: cell('lossReason'),
    },
  };
}

/** The problems of a mapping: required fields without a column, columns the header does not have. */
export function mappingProblems(header: readonly string[], mapping: ColumnMapping): string[] {
  const problems: string[] = [];
  for (const [field, column] of Object.entries(mapping)) {
    if (!(importFields as readonly string[]).includes(field)) problems.push(`${field} is not a field of a deal import`);
    else if (column && !header.includes(column)) problems.push(`${field}: the file has no column "${column}"`);
  }
  if (!mapping.name) problems.push('no column for the deal name');
  if (!mapping.account && !mapping.accountExternalId) problems.push('no column for the account');
  return problems;
}

/**
 * The loss a file's reason stands for, against the workspace's reasons: "Price" is the reason Price, "Other: too slow"
 * is Other with the note "too slow", any other text is Other with the text as its note (or, without a list of reasons,
 * the free-text reason itself).
 */
export function lossOf(
  text: string | null,
  reasons: readonly { id: string; key: string; label: string; archived: boolean }[],
  otherKey: string,
  fallback: string,
): { lossReasonId?: string; lossNote?: string; reason?: string } {
  const said = text?.trim() || null;
  const active = reasons.filter((r) => !r.archived);
  if (reasons.length === 0) return { reason: said ?? fallback };
  for (const r of active) {
    const label = r.label.toLowerCase();
    const lower = said?.toLowerCase();
    if (lower === label) return { lossReasonId: r.id };
    if (lower?.startsWith(`${label}: `)) return { lossReasonId: r.id, lossNote: said!.slice(label.length + 2).trim() || fallback };
  }
  const other = active.find((r) => r.key === otherKey);
  return other ? { lossReasonId: other.id, lossNote: said ?? fallback } : {};
}
