// Deal settings: the workspace's loss reasons (list, add, rename, archive, reorder) and the deal fields a pipeline may require to win.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { dealFieldOf, requirableDealFields } from '../../domain/opportunity.ts';
import { createLossReason, updateLossReason } from '../../flows/loss-reasons.flow.ts';
import { errorResponses, IdParams, list } from '../../schemas/common.ts';
import { DealField, LossReason, LossReasonInput, LossReasonPatch } from '../../schemas/loss-reasons.ts';
import { listLossReasons } from '../db/loss-reasons.repo.ts';
import { listCustomFieldKeys } from '../db/opportunities.repo.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const lossReasonRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/loss-reasons',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['pipeline'],
          summary: "The workspace's loss reasons in their order (at most 100, archived ones marked)",
          response: { 200: list(LossReason), ...errorResponses },
        },
      },
      async (request) => ({ items: await listLossReasons(deps.db, callerOf(request).workspaceId) }),
    );

    app.post(
      '/api/loss-reasons',
      {
        config: { permission: 'pipelines.manage' },
        schema: {
          tags: ['pipeline'],
          summary: 'Add a loss reason at the end of the list',
          body: LossReasonInput,
          response: { 201: LossReason, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createLossReason(deps, callerOf(request), request.body)),
    );

    app.patch(
      '/api/loss-reasons/:id',
      {
        config: { permission: 'pipelines.manage' },
        schema: {
          tags: ['pipeline'],
          summary: 'Rename a loss reason, archive or restore it, or move it in the list',
          params: IdParams,
          body: LossReasonPatch,
          response: { 200: LossReason, ...errorResponses },
        },
      },
      async (request) => updateLossReason(deps, callerOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/deal-fields',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['pipeline'],
          summary: "The deal fields a pipeline may require before a win: the standard ones and the custom fields the workspace's deals use",
          response: { 200: list(DealField), ...errorResponses },
        },
      },
      async (request) => {
        const custom = await listCustomFieldKeys(deps.db, callerOf(request).workspaceId);
        return { items: [...requirableDealFields, ...custom.flatMap(({ key }) => dealFieldOf(`custom.${key}`) ?? [])] };
      },
    );
  };
