// Importing deals from CSV: the file and its column mapping, and the report (what was created, updated, left
// unchanged, and each problem by row, column, value and reason).
import { Type, type Static } from 'typebox';
import { Nullable, oneOf, Uuid } from './common.ts';

const Column = Type.String({ minLength: 1, maxLength: 200 });

export const ColumnMapping = Type.Object(
  {
    externalId: Type.Optional(Column),
    name: Type.Optional(Column),
    account: Type.Optional(Column),
    accountExternalId: Type.Optional(Column),
    stage: Type.Optional(Column),
    amount: Type.Optional(Column),
    currency: Type.Optional(Column),
    closeDate: Type.Optional(Column),
    owner: Type.Optional(Column),
    product: Type.Optional(Column),
    salesTeam: Type.Optional(Column),
    lossReason: Type.Optional(Column),
  },
  {
    additionalProperties: false,
    description: 'the column header each deal field comes from (product and salesTeam fill the custom fields product and sales_team)',
  },
);

export const DealImportInput = Type.Object(
  {
    csv: Type.String({ minLength: 1, maxLength: 20_000_000, description: 'the file as text: comma, semicolon or tab separated, header first' }),
    mapping: Type.Optional(ColumnMapping),
    dryRun: Type.Optional(Type.Boolean({ description: 'check every row and say what would happen, writing nothing' })),
    dateOrder: Type.Optional(oneOf(['dmy', 'mdy'] as const, { description: 'how 03/04/2026 is read: dmy (European) or mdy (US)' })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the system the ids come from (default csv)' })),
    pipelineId: Type.Optional(Uuid),
    createAccounts: Type.Optional(Type.Boolean({ description: 'create an account a row names that does not exist (default true)' })),
  },
  { additionalProperties: false },
);
export type DealImportInput = Static<typeof DealImportInput>;

export const ImportProblem = Type.Object({ row: Type.Integer(), column: Type.String(), value: Type.String(), reason: Type.String() });

export const DealImportReport = Type.Object({
  dryRun: Type.Boolean(),
  mapping: ColumnMapping,
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
      opportunityId: Nullable(Uuid),
      name: Nullable(Type.String()),
    }),
  ),
});

export const ColumnsInput = Type.Object({ csv: Type.String({ minLength: 1, maxLength: 20_000_000 }) }, { additionalProperties: false });

export const ColumnsPreview = Type.Object({
  header: Type.Array(Type.String()),
  suggested: ColumnMapping,
  rows: Type.Integer(),
  preview: Type.Array(Type.Array(Type.String()), { description: 'the first five rows' }),
});
