// Importing accounts and contacts from CSV exports (HubSpot, Pipedrive, Salesforce, a spreadsheet or Baton's own),
// or a dry run of it, with the per-row report.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importAccounts, importContacts } from '../../flows/contact-import.flow.ts';
import { errorResponses } from '../../schemas/common.ts';
import { AccountImportInput, AccountImportReport, ContactImportInput, ContactImportReport } from '../../schemas/record-imports.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

/** An export of 50,000 contacts fits. */
const importBodyLimit = 20 * 1024 * 1024;

export const recordImportRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/imports/accounts',
      {
        bodyLimit: importBodyLimit,
        config: { permission: 'crm.write' },
        schema: {
          tags: ['imports'],
          summary:
            'Import accounts from CSV: matched by the id column (per source), else by name (and domain), never duplicated; each row all or nothing; a dry run writes nothing',
          body: AccountImportInput,
          response: { 200: AccountImportReport, ...errorResponses },
        },
      },
      async (request) => importAccounts(deps, callerOf(request), request.body),
    );

    app.post(
      '/api/imports/contacts',
      {
        bodyLimit: importBodyLimit,
        config: { permission: 'crm.write' },
        schema: {
          tags: ['imports'],
          summary:
            "Import contacts from CSV: matched by the id column (per source), else by e-mail, never duplicated; a row's account by its id or name (created unless createAccounts is false); each row all or nothing",
          body: ContactImportInput,
          response: { 200: ContactImportReport, ...errorResponses },
        },
      },
      async (request) => importContacts(deps, callerOf(request), request.body),
    );
  };
