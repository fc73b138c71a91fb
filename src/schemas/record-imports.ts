// Importing accounts and contacts from CSV: the file and its column mapping, and the report (what was created,
// updated, left unchanged, and each problem by row, column, value and reason), shaped as the deal import's.
import { Type, type Static } from 'typebox';
import { Nullable, oneOf, Uuid } from './common.ts';
import { ImportProblem } from './imports.ts';

const Column = Type.Optional(Type.String({ minLength: 1, maxLength: 200 }));

export const AccountColumnMapping = Type.Object(
  { externalId: Column, name: Column, domain: Column, industry: Column, owner: Column },
  { additionalProperties: false, description: 'the column header each account field comes from' },
);

export const ContactColumnMapping = Type.Object(
  {
    externalId: Column,
    firstName: Column,
    lastName: Column,
    fullName: Column,
    email: Column,
    phone: Column,
    title: Column,
    account: Column,
    accountExternalId: Column,
  },
  { additionalProperties: false, description: 'the column header each contact field comes from (fullName is split when there is no first or last name)' },
);

const common = {
  csv: Type.String({ minLength: 1, maxLength: 20_000_000, description: 'the file as text: comma, semicolon or tab separated, header first' }),
  dryRun: Type.Optional(Type.Boolean({ description: 'check every row and say what would happen, writing nothing' })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the system the ids come from (default csv)' })),
};

export const AccountImportInput = Type.Object({ ...common, mapping: Type.Optional(AccountColumnMapping) }, { additionalProperties: false });
export type AccountImportInput = Static<typeof AccountImportInput>;

export const ContactImportInput = Type.Object(
  {
    ...common,
    mapping: Type.Optional(ContactColumnMapping),
    createAccounts: Type.Optional(Type.Boolean({ description: 'create an account a row names that does not exist (default true)' })),
  },
  { additionalProperties: false },
);
export type ContactImportInput = Static<typeof ContactImportInput>;

const report = <T extends typeof AccountColumnMapping | typeof ContactColumnMapping>(mapping: T) =>
  Type.Object({
    dryRun: Type.Boolean(),
    mapping,
    rows: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    failed: Type.Integer(),
    problems: Type.Array(ImportProblem),
    results: Type.Array(
      Type.Object({
        row: Type.Integer(),
        outcome: oneOf(['created', 'updated', 'unchanged', 'failed'] as const),
        id: Nullable(Uuid),
        name: Nullable(Type.String()),
      }),
    ),
  });

export const AccountImportReport = report(AccountColumnMapping);
export const ContactImportReport = report(ContactColumnMapping);
