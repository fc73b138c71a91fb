// Opportunities: list, read, create, edit, move, win, lose, reopen, and the deal's timeline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { dealFilterIssues, dealListFilter } from '../../domain/deal-filters.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';
import { hideWebhookResponse } from '../../domain/rules/secrets.ts';
import { describeCurrentOutcome, loseDeal, reopenDeal, winDeal } from '../../flows/close-deal.flow.ts';
import { changeStage, createOpportunity, updateOpportunity } from '../../flows/crm.flow.ts';
import { getTimeline } from '../../flows/timeline.flow.ts';
import { tractionOf } from '../../flows/traction.flow.ts';
import { findOpportunity, listOpportunities } from '../db/opportunities.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import {
  CloseResult,
  LoseBody,
  NewOpportunity,
  Opportunity,
  OpportunityChange,
  OpportunityListQuery,
  ReopenBody,
  StageMove,
  TimelineEntry,
  TimelineQuery,
  WinBody,
} from '../../schemas/opportunities.ts';
import type { HttpDeps } from './server.ts';

export const opportunityRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/opportunities',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['opportunities'],
          summary: 'List opportunities, filtered, sorted and paginated',
          description:
            'Filters combine (and). amountMin/amountMax are in units of the currency; the cursor is the `next` of the previous page, with the same filters and sort.',
          querystring: OpportunityListQuery,
          response: { 200: page(Opportunity), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        const issues = dealFilterIssues(q, 'querystring:');
        if (issues.length) throw invalid(issues, `Invalid querystring: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
        return listOpportunities(deps.db, callerOf(request).workspaceId, { ...dealListFilter(q), limit: q.limit ?? 50 });
      },
    );

    app.post(
      '/api/opportunities',
      {
        config: { permission: 'crm.write' },
        schema: { tags: ['opportunities'], summary: 'Create an opportunity', body: NewOpportunity, response: { 201: Opportunity, ...errorResponses } },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const created = await createOpportunity(deps, caller, request.body);
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/api/opportunities/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['opportunities'],
          summary: 'One opportunity, with its traction (whether delivery people may join it, and which signals are missing)',
          params: IdParams,
          response: { 200: Opportunity, ...errorResponses },
        },
      },
      async (request) => {
        const workspaceId = callerOf(request).workspaceId;
        const found = await findOpportunity(deps.db, workspaceId, request.params.id);
        if (!found) throw notFound('opportunity.not_found', 'Opportunity');
        const traction = await tractionOf(deps.db, workspaceId, found.id, deps.now());
        return { ...found, ...(traction && { traction: { gated: traction.gated, met: traction.met, missing: traction.missing } }) };
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
          body: OpportunityChange,
          response: { 200: Opportunity, ...errorResponses },
        },
      },
      async (request) => {
        return updateOpportunity(deps, callerOf(request), request.params.id, request.body);
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
          body: StageMove,
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
          body: WinBody,
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
          body: LoseBody,
          response: { 200: CloseResult, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return loseDeal(deps, {
          workspaceId: caller.workspaceId,
          actor: caller.actor,
          opportunityId: request.params.id,
          lossReasonId: request.body.lossReasonId,
          lossNote: request.body.lossNote,
          reason: request.body.reason,
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
          body: ReopenBody,
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
          summary:
            "The deal's history: stage changes, win or loss, stopped enrolments, notifications, activities; newest first; kind=people|automation|communications filters it",
          params: IdParams,
          querystring: TimelineQuery,
          response: { 200: list(TimelineEntry), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const items = await getTimeline(deps.db, caller.workspaceId, request.params.id, request.query.kind);
        // A failed webhook's response body is for admins; others see its status.
        return {
          items: can(caller.role, 'webhooks.manage') ? items : items.map((e) => (e.type === 'rule_run' ? { ...e, detail: hideWebhookResponse(e.detail) } : e)),
        };
      },
    );
  };
