// Downloading accounts, contacts or deals as CSV (with the filters of their lists): streamed a page at a time, in the
// shape the importers read back.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { exportRecords, type Export } from '../../flows/export.flow.ts';
import { errorResponses } from '../../schemas/common.ts';
import { AccountExportQuery, ContactExportQuery, CsvFile, DealExportQuery } from '../../schemas/exports.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

function sendCsv(reply: FastifyReply, file: Export) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(file.chunks));
}

export const exportRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/exports/deals.csv',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['exports'],
          summary: 'Every deal the deal list shows with these filters, as CSV (importable with POST /api/imports/deals)',
          description:
            'Columns: Id, Deal Name, Account, Account Id, Stage, Amount, Currency, Close Date, Owner (e-mail), Product, Sales Team, Won/Lost date, ' +
            'Loss reason, Created, Updated. A cell starting with = + - @, a tab or a carriage return starts with a single quote (never run as a formula).',
          produces: ['text/csv'],
          querystring: DealExportQuery,
          response: { 200: CsvFile, ...errorResponses },
        },
      },
      async (request, reply) => sendCsv(reply, exportRecords(deps, callerOf(request), { kind: 'deals', filter: request.query })),
    );

    app.get(
      '/api/exports/accounts.csv',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['exports'],
          summary: 'Every account the accounts list shows with these filters, as CSV (importable with POST /api/imports/accounts)',
          produces: ['text/csv'],
          querystring: AccountExportQuery,
          response: { 200: CsvFile, ...errorResponses },
        },
      },
      async (request, reply) => sendCsv(reply, exportRecords(deps, callerOf(request), { kind: 'accounts', filter: request.query })),
    );

    app.get(
      '/api/exports/contacts.csv',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['exports'],
          summary: 'Every contact (of one account, or matching a search), as CSV (importable with POST /api/imports/contacts)',
          produces: ['text/csv'],
          querystring: ContactExportQuery,
          response: { 200: CsvFile, ...errorResponses },
        },
      },
      async (request, reply) => sendCsv(reply, exportRecords(deps, callerOf(request), { kind: 'contacts', filter: request.query })),
    );
  };
