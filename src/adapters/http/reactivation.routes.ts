// Lost deals brought back: the reactivation list, and reopening or starting a reactivation sequence, one or many.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toMinorUnits } from '../../domain/deal-filters.ts';
import { invalid } from '../../domain/errors.ts';
import { reopenLostDeals, startReactivation } from '../../flows/reactivation.flow.ts';
import { errorResponses, page } from '../../schemas/common.ts';
import { LostDeal, LostDealQuery, ReactivationOutcomes, ReopenLostInput, StartReactivationInput } from '../../schemas/reactivation.ts';
import { listLostDeals } from '../db/reactivation.repo.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const reactivationRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/reactivation',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['reactivation'],
          summary: 'Lost deals to bring back, the most recently lost first: by loss reason, value, age, owner, account',
          querystring: LostDealQuery,
          response: { 200: page(LostDeal), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { amountMin, amountMax, limit, ...q } = request.query;
        if (amountMin !== undefined && amountMax !== undefined && amountMax < amountMin)
          throw invalid([{ path: 'querystring:/amountMax', message: 'must be at least amountMin' }]);
        if (q.minAgeDays !== undefined && q.maxAgeDays !== undefined && q.maxAgeDays < q.minAgeDays)
          throw invalid([{ path: 'querystring:/maxAgeDays', message: 'must be at least minAgeDays' }]);
        return listLostDeals(
          deps.db,
          caller.workspaceId,
          {
            ...q,
            amountMinorMin: amountMin === undefined ? undefined : toMinorUnits(amountMin),
            amountMinorMax: amountMax === undefined ? undefined : toMinorUnits(amountMax),
            limit: limit ?? 50,
          },
          deps.now(),
        );
      },
    );

    app.post(
      '/api/reactivation/reopen',
      {
        config: { permission: 'deal.close' },
        schema: {
          tags: ['reactivation'],
          summary: 'Reopen lost deals (one or many), each into the stage it was lost from; the answer says what happened to each',
          body: ReopenLostInput,
          response: { 200: ReactivationOutcomes, ...errorResponses },
        },
      },
      async (request) => ({ items: await reopenLostDeals(deps, callerOf(request), request.body.opportunityIds) }),
    );

    app.post(
      '/api/reactivation/sequence',
      {
        config: { permission: 'sequence.write' },
        schema: {
          tags: ['reactivation'],
          summary: "Start a reactivation sequence for lost deals (one or many): their accounts' contacts with an e-mail are enrolled, once each",
          body: StartReactivationInput,
          response: { 200: ReactivationOutcomes, ...errorResponses },
        },
      },
      async (request) => ({ items: await startReactivation(deps, callerOf(request), request.body.opportunityIds, request.body.sequenceId) }),
    );
  };
