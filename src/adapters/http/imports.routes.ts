// Importing deals from a CSV export: the columns a file has and the mapping they suggest, then the import (or its dry
// run) with its per-row report.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CsvError, parseCsv } from '../../domain/csv.ts';
import { suggestMapping } from '../../domain/deal-import.ts';
import { invalid } from '../../domain/errors.ts';
import { importDeals } from '../../flows/deal-import.flow.ts';
import { errorResponses } from '../../schemas/common.ts';
import { ColumnsInput, ColumnsPreview, DealImportInput, DealImportReport } from '../../schemas/imports.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

/** An export of 10,000 deals fits. */
const importBodyLimit = 20 * 1024 * 1024;

export const importRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/imports/deals/columns',
      {
        bodyLimit: importBodyLimit,
        config: { permission: 'crm.write' },
        schema: {
          tags: ['imports'],
          summary: "A CSV file's columns, the mapping its header suggests and its first rows (nothing is written)",
          body: ColumnsInput,
          response: { 200: ColumnsPreview, ...errorResponses },
        },
      },
      async (request) => {
        try {
          const table = parseCsv(request.body.csv);
          return {
            header: table.header,
            suggested: suggestMapping(table.header),
            rows: table.rows.length,
            preview: table.rows.slice(0, 5).map((r) => r.cells),
          };
        } catch (error) {
          if (error instanceof CsvError) throw invalid([{ path: 'body:/csv', message: error.message }], `The file is not CSV: ${error.message}`);
          throw error;
        }
      },
    );

    app.post(
      '/api/imports/deals',
      {
        bodyLimit: importBodyLimit,
        config: { permission: 'crm.write' },
        schema: {
          tags: ['imports'],
          summary:
            'Import deals from CSV: matched by the id column (per source) or by account and name, never duplicated; each row all or nothing; a dry run writes nothing',
          body: DealImportInput,
          response: { 200: DealImportReport, ...errorResponses },
        },
      },
      async (request) => importDeals(deps, callerOf(request), request.body),
    );
  };
