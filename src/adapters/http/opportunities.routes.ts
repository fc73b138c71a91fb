// Opportunities: list, read, create, edit, move, win, lose, reopen, and the deal's timeline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';
import { hideWebhookResponse } from '../../domain/rules/secrets.ts';
import { complexities, stageCategories, type StageCategory, type Complexity } from '../../domain/opportunity.ts';
import { describeCurrentOutcome, loseDeal, reopenDeal, winDeal } from '../../flows/close-deal.flow.ts';
import { changeStage, createOpportunity, updateOpportunity } from '../../flows/crm.flow.ts';
import { getTimeline } from '../../flows/timeline.flow.ts';
import { findOpportunity, listOpportunities } from '../db/opportunities.repo.ts';
import { callerOf } from './auth.ts';
import { CloseResult, errorResponses, IdParams, IsoDate, literals, Nullable, Opportunity, page, PageQuery, TimelineEntry, Uuid } from './schemas.ts';
import type { HttpDeps } from './server.ts';

const text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const optionalText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

const OpportunityFields = {
  name: text(200),
  amountMinor: Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'amount in minor units (cents)' }),
  currency: Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 code' }),
  closeDate: Nullable(IsoDate),
  dealType: text(60),
  complexity: literals(complexities),
  paymentTerms: optionalText(200),
  contractVersion: optionalText(100),
  nonStandardClauses: optionalText(5000),
  ownerId: Type.Optional(Nullable(Uuid)),
  primaryContactId: Type.Optional(Nullable(Uuid)),
};

const CreateOpportunity = Type.Object(
  {
    name: OpportunityFields.name,
    accountId: Uuid,
    pipelineId: Type.Optional(Uuid),
    stageId: Type.Optional(Uuid),
    amountMinor: Type.Optional(OpportunityFields.amountMinor),
    currency: Type.Optional(OpportunityFields.currency),
    closeDate: Type.Optional(OpportunityFields.closeDate),
    dealType: Type.Optional(OpportunityFields.dealType),
    complexity: Type.Optional(OpportunityFields.complexity),
    paymentTerms: OpportunityFields.paymentTerms,
    contractVersion: OpportunityFields.contractVersion,
    nonStandardClauses: OpportunityFields.nonStandardClauses,
    ownerId: OpportunityFields.ownerId,
    primaryContactId: OpportunityFields.primaryContactId,
  },
  { additionalProperties: false },
);

const UpdateOpportunity = Type.Object(
  {
    name: Type.Optional(OpportunityFields.name),
    amountMinor: Type.Optional(OpportunityFields.amountMinor),
    currency: Type.Optional(OpportunityFields.currency),
    closeDate: Type.Optional(OpportunityFields.closeDate),
    dealType: Type.Optional(OpportunityFields.dealType),
    complexity: Type.Optional(OpportunityFields.complexity),
    paymentTerms: OpportunityFields.paymentTerms,
    contractVersion: OpportunityFields.contractVersion,
    nonStandardClauses: OpportunityFields.nonStandardClauses,
    ownerId: OpportunityFields.ownerId,
    primaryContactId: OpportunityFields.primaryContactId,
    customFields: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' }),
        Nullable(Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()])),
        {
          description: 'custom fields to set (null removes one); rules read them as deal.custom.<key>',
          maxProperties: 50,
          additionalProperties: false,
        },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const opportunityRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/opportunities',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['opportunities'],
          summary: 'List opportunities, filtered and paginated',
          querystring: Type.Object(
            {
              stageId: Type.Optional(Uuid),
              stageCategory: Type.Optional(literals(stageCategories)),
              accountId: Type.Optional(Uuid),
              ownerId: Type.Optional(Uuid),
              pipelineId: Type.Optional(Uuid),
              q: Type.Optional(Type.String({ maxLength: 200 })),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: page(Opportunity), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listOpportunities(deps.db, callerOf(request).workspaceId, {
          ...q,
          stageCategory: q.stageCategory as StageCategory | undefined,
          limit: q.limit ?? 50,
        });
      },
    );

    app.post(
      '/api/opportunities',
      {
        config: { permission: 'crm.write' },
        schema: { tags: ['opportunities'], summary: 'Create an opportunity', body: CreateOpportunity, response: { 201: Opportunity, ...errorResponses } },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const body = request.body;
        const created = await createOpportunity(deps, caller, { ...body, complexity: body.complexity as Complexity | undefined });
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/api/opportunities/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['opportunities'], summary: 'One opportunity', params: IdParams, response: { 200: Opportunity, ...errorResponses } },
      },
      async (request) => {
        const found = await findOpportunity(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!found) throw notFound('opportunity.not_found', 'Opportunity');
        return found;
      },
    );

    app.patch(
      '/api/opportunities/:id',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['opportunities'],
          summary: 'Edit fields of an opportunity (not its stage)',
          params: IdParams,
          body: UpdateOpportunity,
          response: { 200: Opportunity, ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        return updateOpportunity(deps, callerOf(request), request.params.id, {
          ...body,
          complexity: body.complexity as Complexity | undefined,
          customFields: body.customFields as Record<string, string | number | boolean | null> | undefined,
        });
      },
    );

    app.post(
      '/api/opportunities/:id/stage',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['opportunities'],
          summary: 'Move an open opportunity to another open stage',
          params: IdParams,
          body: Type.Object({ stageId: Uuid }, { additionalProperties: false }),
          response: { 200: Opportunity, ...errorResponses },
        },
      },
      async (request) => changeStage(deps, callerOf(request), request.params.id, request.body.stageId),
    );

    app.post(
      '/api/opportunities/:id/win',
      {
        config: { permission: 'deal.close' },
        schema: {
          tags: ['opportunities'],
          summary: 'Mark won: stage, close date, win record, sequences stopped, client activated, Operations notified',
          description: 'Idempotent: winning a won deal returns the same result with changed=false. A lost deal must be reopened first (409).',
          params: IdParams,
          body: Type.Optional(Type.Object({ closeDate: Type.Optional(IsoDate) }, { additionalProperties: false })),
          response: { 200: CloseResult, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return winDeal(deps, { workspaceId: caller.workspaceId, actor: caller.actor, opportunityId: request.params.id, closeDate: request.body?.closeDate });
      },
    );

    app.post(
      '/api/opportunities/:id/lose',
      {
        config: { permission: 'deal.close' },
        schema: {
          tags: ['opportunities'],
          summary: 'Mark lost with a reason: sequences stop, the deal is kept for reactivation',
          params: IdParams,
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }), closeDate: Type.Optional(IsoDate) },
            { additionalProperties: false },
          ),
          response: { 200: CloseResult, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return loseDeal(deps, {
          workspaceId: caller.workspaceId,
          actor: caller.actor,
          opportunityId: request.params.id,
          reason: request.body.reason.trim(),
          closeDate: request.body.closeDate,
        });
      },
    );

    app.post(
      '/api/opportunities/:id/reopen',
      {
        config: { permission: 'deal.close' },
        schema: {
          tags: ['opportunities'],
          summary: 'Reopen a won or lost opportunity into an open stage',
          params: IdParams,
          body: Type.Optional(Type.Object({ stageId: Type.Optional(Uuid) }, { additionalProperties: false })),
          response: { 200: Opportunity, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return reopenDeal(deps, { workspaceId: caller.workspaceId, actor: caller.actor, opportunityId: request.params.id, stageId: request.body?.stageId });
      },
    );

    app.get(
      '/api/opportunities/:id/outcome',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['opportunities'],
          summary: 'What the standing win or loss did (the same answer as the win or lose call, read-only)',
          params: IdParams,
          response: { 200: CloseResult, ...errorResponses },
        },
      },
      async (request) => describeCurrentOutcome(deps.db, callerOf(request).workspaceId, request.params.id),
    );

    app.get(
      '/api/opportunities/:id/timeline',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['opportunities'],
          summary: "The deal's history: stage changes, win or loss, stopped enrolments, notifications, activities; newest first",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(TimelineEntry) }), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const items = await getTimeline(deps.db, caller.workspaceId, request.params.id);
        // A failed webhook's response body is for admins; others see its status.
        return {
          items: can(caller.role, 'webhooks.manage') ? items : items.map((e) => (e.type === 'rule_run' ? { ...e, detail: hideWebhookResponse(e.detail) } : e)),
        };
      },
    );
  };
