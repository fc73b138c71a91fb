// Deal import through the API: a file's columns and suggested mapping, the dry run and the import as jobs, their
// progress and problems, the history of imports.
import type { Static } from 'typebox';
import { http, type Page } from '../../../ui/http.ts';
import type {
  ColumnMapping as ColumnMappingSchema,
  ColumnsPreview as ColumnsPreviewSchema,
  DealImportInput,
  DealImportReport as DealImportReportSchema,
  ImportDetail as ImportDetailSchema,
  ImportRecord as ImportRecordSchema,
} from '../../../../../src/schemas/imports.ts';

export type ColumnMapping = Static<typeof ColumnMappingSchema>;
export type ColumnsPreview = Static<typeof ColumnsPreviewSchema>;
export type DealImportReport = Static<typeof DealImportReportSchema>;
export type ImportRecord = Static<typeof ImportRecordSchema>;
export type ImportDetail = Static<typeof ImportDetailSchema>;
export type ImportInput = Omit<DealImportInput, 'async' | 'dryRun'>;
export type ImportField = keyof ColumnMapping;

/** The deal fields a column can go to, in the order the wizard lists them, as a user names them. */
export const importFieldLabels: Record<ImportField, string> = {
  name: 'Deal name',
  account: 'Account',
  externalId: 'Deal ID in the source',
  accountExternalId: 'Account ID in the source',
  stage: 'Stage',
  amount: 'Amount',
  currency: 'Currency',
  closeDate: 'Close date',
  owner: 'Owner (e-mail or name)',
  product: 'Product',
  salesTeam: 'Sales team',
  lossReason: 'Loss reason (lost deals)',
};

export const readColumns = (csv: string, source: string) => http.post<ColumnsPreview>('/api/imports/deals/columns', { csv, source });
/** Starts the import (or its dry run) as a job: follow it with getImport. */
export const startImport = (input: ImportInput, options: { dryRun: boolean }) =>
  http.post<ImportRecord>('/api/imports/deals', { ...input, dryRun: options.dryRun, async: true });
export const getImport = (id: string) => http.get<ImportDetail>(`/api/imports/${encodeURIComponent(id)}`);
export const listImports = (cursor: string | null) => http.get<Page<ImportRecord>>('/api/imports', { cursor, limit: 20 });
export const problemsReportUrl = (id: string) => `/api/imports/${encodeURIComponent(id)}/problems.csv`;
