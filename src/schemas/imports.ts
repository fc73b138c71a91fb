// Importing deals from CSV: the file and its column mapping, and the report (what was created, updated, left
// unchanged, and each problem by row, column, value and reason); an import run as a job, its progress and history.
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
    wonDeals: Type.Optional(
      oneOf(['handoff', 'historical'] as const, {
        description: 'won rows: run the handoff as if won now (default), or record the win as history with no automation (won before Baton)',
      }),
    ),
    async: Type.Optional(Type.Boolean({ description: 'run as a job: answers 202 with the import record at once; follow it with GET /api/imports/{id}' })),
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: "the file's name, shown in the history" })),
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

export const ColumnsInput = Type.Object(
  {
    csv: Type.String({ minLength: 1, maxLength: 20_000_000 }),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the system the file comes from: its saved mapping is suggested' })),
  },
  { additionalProperties: false },
);

export const ColumnsPreview = Type.Object({
  header: Type.Array(Type.String()),
  suggested: ColumnMapping,
  suggestedFrom: oneOf(['saved', 'header'] as const, {
    description: "saved: the mapping last used for this source (the file has all its columns); header: read from the file's header",
  }),
  rows: Type.Integer(),
  preview: Type.Array(Type.Array(Type.String()), { description: 'the first five rows' }),
});

const ImportStatus = oneOf(['running', 'done', 'failed', 'interrupted'] as const);

export const ImportRecord = Type.Object({
  id: Uuid,
  entity: Type.String(),
  source: Type.String(),
  fileName: Nullable(Type.String()),
  status: ImportStatus,
  dryRun: Type.Boolean(),
  total: Type.Integer({ description: 'rows in the file' }),
  done: Type.Integer({ description: 'rows read so far' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  options: Type.Record(Type.String(), Type.Unknown(), { description: 'the mapping and options the import ran with' }),
  error: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

export const ImportDetail = Type.Intersect([ImportRecord, Type.Object({ problems: Type.Array(ImportProblem) })]);
