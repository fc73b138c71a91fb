// Exporting accounts, contacts and deals as CSV: the filters each export takes (the deal list's, the accounts list's,
// the contacts list's), without paging: an export has every matching record.
import { Type, type Static } from 'typebox';
import { AccountStatus } from './accounts.ts';
import { Uuid } from './common.ts';
import { opportunityFilterFields } from './opportunities.ts';

export const DealExportQuery = Type.Object(opportunityFilterFields, { additionalProperties: false });
export type DealExportQuery = Static<typeof DealExportQuery>;

export const AccountExportQuery = Type.Object(
  { status: Type.Optional(AccountStatus), ownerId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type AccountExportQuery = Static<typeof AccountExportQuery>;

export const ContactExportQuery = Type.Object(
  { accountId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type ContactExportQuery = Static<typeof ContactExportQuery>;

export const CsvFile = Type.String({ description: 'an RFC 4180 CSV file, UTF-8 with a byte-order mark, header first' });
