// Importing deals from a CSV export: the columns a file has and the mapping suggested for them (the one saved for the
// source, else the header's), then the import (or its dry run) with its per-row report, answered at once or run as a
// job; the history of imports, one import's progress and report, and its problems as a CSV file to download.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CsvError, parseCsv } from '../../domain/csv.ts';
import { problemsCsv } from '../../domain/record-export.ts';
import { suggestMapping, type ColumnMapping } from '../../domain/deal-import.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { importDeals, startDealImport, stopDealImports } from '../../flows/deal-import.flow.ts';
import { findImport, findImportProblems, findSavedMapping, listImports, markInterruptedImports } from '../../adapters/db/imports.repo.ts';
import { errorResponses, page, PageQuery, Uuid } from '../../schemas/common.ts';
import { ColumnsInput, ColumnsPreview, DealImportInput, DealImportReport, ImportDetail, ImportRecord } from '../../schemas/imports.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

/** An export of 10,000 deals fits. */
const importBodyLimit = 20 * 1024 * 1024;

/** A running import writes its progress at least every second: one silent this long has no process running it. */
const staleImportSeconds = 60;

export const importRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Imports this process runs stop after their current row when the server closes, recorded as interrupted.
    app.addHook('onClose', async () => stopDealImports());

    app.post(
      '/api/imports/deals/columns',
      {
        bodyLimit: importBodyLimit,
        config: { permission: 'crm.write' },
        schema: {
          tags: ['imports'],
          summary: "A CSV file's columns, the mapping suggested for them (the source's saved one, else the header's) and its first rows (nothing is written)",
          body: ColumnsInput,
          response: { 200: ColumnsPreview, ...errorResponses },
        },
      },
      async (request) => {
        let table;
        try {
          table = parseCsv(request.body.csv);
        } catch (error) {
          if (error instanceof CsvError) throw invalid([{ path: 'body:/csv', message: error.message }], `The file is not CSV: ${error.message}`);
          throw error;
        }
        const source = (request.body.source ?? 'csv').trim() || 'csv';
        const saved = await findSavedMapping(deps.db, callerOf(request).workspaceId, source, 'deals');
        // The saved mapping only when this file has every column it names (another export of the same system).
        const fits = saved && Object.keys(saved).length > 0 && Object.values(saved).every((column) => table.header.includes(column));
        return {
          header: table.header,
          suggested: fits ? (saved as ColumnMapping) : suggestMapping(table.header),
          suggestedFrom: fits ? ('saved' as const) : ('header' as const),
          rows: table.rows.length,
          preview: table.rows.slice(0, 5).map((r) => r.cells),
        };
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
            'Import deals from CSV: matched by the id column (per source) or by account and name, never duplicated; each row all or nothing; a dry run writes nothing; `async` runs it as a job (202)',
          body: DealImportInput,
          response: { 200: DealImportReport, 202: ImportRecord, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const { async: asJob, ...options } = request.body;
        if (asJob) return reply.code(202).send(await startDealImport(deps, caller, options));
        return importDeals(deps, caller, options);
      },
    );

    app.get(
      '/api/imports',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['imports'],
          summary: 'The imports of the workspace run as jobs, newest first',
          querystring: Type.Object(PageQuery),
          response: { 200: page(ImportRecord), ...errorResponses },
        },
      },
      async (request) => {
        await markInterruptedImports(deps.db, staleImportSeconds);
        return listImports(deps.db, callerOf(request).workspaceId, { cursor: request.query.cursor, limit: request.query.limit ?? 50 });
      },
    );

    app.get(
      '/api/imports/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['imports'],
          summary: "An import's progress (done of total), counts and problems",
          params: Type.Object({ id: Uuid }),
          response: { 200: ImportDetail, ...errorResponses },
        },
      },
      async (request) => {
        const { workspaceId } = callerOf(request);
        await markInterruptedImports(deps.db, staleImportSeconds);
        const record = await findImport(deps.db, workspaceId, request.params.id);
        if (!record) throw notFound('import.not_found', 'Import');
        return { ...record, problems: (await findImportProblems(deps.db, workspaceId, record.id)) ?? [] };
      },
    );

    app.get(
      '/api/imports/:id/problems.csv',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['imports'],
          summary: "An import's problems as a CSV file: row, column, value, reason",
          params: Type.Object({ id: Uuid }),
          produces: ['text/csv'],
          response: { 200: Type.String(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const problems = await findImportProblems(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!problems) throw notFound('import.not_found', 'Import');
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${request.params.id}-problems.csv"`)
          .send(problemsCsv(problems));
      },
    );
  };
