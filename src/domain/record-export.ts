// Writing accounts, contacts and deals as CSV files that spreadsheets open safely and Baton's importers read back:
// RFC 4180 (CRLF, quoted fields with doubled quotes), and cells that a spreadsheet would run as a formula neutralised.

/** The first characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet shows as text: a value starting with = + - @, a tab or a carriage return gets a leading single
 * quote (so "=HYPERLINK(...)" in a deal name is never run on the reader's machine). `unescapeCell` undoes it.
 */
export function safeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return formulaStart.test(value) ? `'${value}` : value;
}

/** A cell as it was before `safeCell`: the quote an export put before = + - @, a tab or a carriage return is dropped. */
export function unescapeCell(value: string): string {
  return value.startsWith("'") && formulaStart.test(value.slice(1)) ? value.slice(1) : value;
}

/** One record of an RFC 4180 file, with its CRLF: a field is quoted when it holds a comma, a quote or a line break. */
export function csvRecord(values: readonly (string | number | null | undefined)[]): string {
  return `${values
    .map((v) => {
      const s = safeCell(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',')}\r\n`;
}

/** An import's error report: one record per problem (row, column, value, reason), the values made spreadsheet-safe. */
export function problemsCsv(problems: readonly { row: number; column: string; value: string; reason: string }[]): string {
  return csvRecord(['row', 'column', 'value', 'reason']) + problems.map((p) => csvRecord([p.row, p.column, p.value, p.reason])).join('');
}

/** An amount in minor units as the importers read it back: 1250050 is "12500.50" (no thousands separator). */
export const amountText = (minor: number): string => `${Math.trunc(minor / 100)}.${String(Math.abs(minor % 100)).padStart(2, '0')}`;

export type ExportKind = 'accounts' | 'contacts' | 'deals';

export type DealExportRow = {
  id: string;
  name: string;
  accountName: string;
  accountId: string;
  stageName: string;
  amountMinor: number;
  currency: string;
  closeDate: string | null;
  ownerEmail: string | null;
  customFields: Record<string, unknown>;
  closedOn: string | null;
  lossReason: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AccountExportRow = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  status: string;
  ownerEmail: string | null;
  csmEmail: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ContactExportRow = {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  buyingRole: string | null;
  accountName: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
};

/** The custom fields a deal's product and sales team are kept in (as the inbound CRM mappings name them). */
export const productField = 'product';
export const salesTeamField = 'sales_team';

const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The header of each kind of file; the importers suggest their mapping from these words. */
export const exportHeaders: Record<ExportKind, readonly string[]> = {
  deals: [
    'Id',
    'Deal Name',
    'Account',
    'Account Id',
    'Stage',
    'Amount',
    'Currency',
    'Close Date',
    'Owner (e-mail)',
    'Product',
    'Sales Team',
    'Won/Lost date',
    'Loss reason',
    'Created',
    'Updated',
  ],
  accounts: ['Id', 'Account Name', 'Domain', 'Industry', 'Status', 'Owner (e-mail)', 'CSM (e-mail)', 'Created', 'Updated'],
  contacts: ['Id', 'First Name', 'Last Name', 'Email', 'Phone', 'Job Title', 'Buying Role', 'Account', 'Account Id', 'Created', 'Updated'],
};

export const dealCells = (d: DealExportRow) => [
  d.id,
  d.name,
  d.accountName,
  d.accountId,
  d.stageName,
  amountText(d.amountMinor),
  d.currency,
  d.closeDate,
  d.ownerEmail,
  text(d.customFields[productField]),
  text(d.customFields[salesTeamField]),
  d.closedOn,
  d.lossReason,
  d.createdAt,
  d.updatedAt,
];

export const accountCells = (a: AccountExportRow) => [a.id, a.name, a.domain, a.industry, a.status, a.ownerEmail, a.csmEmail, a.createdAt, a.updatedAt];

export const contactCells = (c: ContactExportRow) => [
  c.id,
  c.firstName,
  c.lastName,
  c.email,
  c.phone,
  c.title,
  c.buyingRole,
  c.accountName,
  c.accountId,
  c.createdAt,
  c.updatedAt,
];

/** The file name a download gets: baton-deals-2026-12-05.csv. */
export const exportFileName = (kind: ExportKind, now: Date): string => `baton-${kind}-${now.toISOString().slice(0, 10)}.csv`;
