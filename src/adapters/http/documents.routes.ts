// Client documents and what they are made from: a deal's terms for finance and legal.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getDealTerms, updateDealTerms } from '../../flows/deal-terms.flow.ts';
import { errorResponses, IdParams } from '../../schemas/common.ts';
import { DealTerms, DealTermsPatch } from '../../schemas/terms.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const documentRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/opportunities/:id/terms',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: "The deal's terms: billing schedule (with its invoices and total), payment terms, discount, contract version, non-standard clauses",
          params: IdParams,
          response: { 200: DealTerms, ...errorResponses },
        },
      },
      async (request) => getDealTerms(deps.db, callerOf(request).workspaceId, request.params.id),
    );

    app.patch(
      '/api/opportunities/:id/terms',
      {
        config: { permission: 'terms.write' },
        schema: {
          tags: ['documents'],
          summary: "Change the deal's terms: a billing schedule must add up to the deal's amount, a discount is 0-100 %",
          params: IdParams,
          body: DealTermsPatch,
          response: { 200: DealTerms, ...errorResponses },
        },
      },
      async (request) => updateDealTerms(deps, callerOf(request), request.params.id, request.body),
    );
  };
