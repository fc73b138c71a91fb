// Finance and legal approvals: the policies (who approves what, in which order, within which SLA) and the person's
// inbox of requests with their frozen context, where they approve, reject or delegate.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  approveApproval,
  createApprovalPolicy,
  delegateApproval,
  getApproval,
  getApprovalPolicy,
  listApprovalPolicies,
  rejectApproval,
  setUserManager,
  updateApprovalPolicy,
} from '../../flows/approvals.flow.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import {
  ApprovalDetail,
  ApprovalPolicy,
  ApprovalPolicyInput,
  ApprovalPolicyPatch,
  ApprovalSummary,
  ApproveInput,
  DelegateInput,
  InboxQuery,
  ManagerInput,
  ManagerView,
  PolicyListQuery,
  RejectApprovalInput,
} from '../../schemas/approvals.ts';
import { notFound } from '../../domain/errors.ts';
import { listDealRequestIds, listInbox } from '../db/approvals.repo.ts';
import { findOpportunity } from '../db/opportunities.repo.ts';
import { callerOf, personOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const approvalRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/approval-policies',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['approvals'],
          summary: 'Approval policies: the condition a deal must meet and the chain of steps that approve it',
          querystring: PolicyListQuery,
          response: { 200: list(ApprovalPolicy), ...errorResponses },
        },
      },
      async (request) => ({ items: await listApprovalPolicies(deps.db, callerOf(request).workspaceId, { archived: request.query.archived }) }),
    );

    app.post(
      '/api/approval-policies',
      {
        config: { permission: 'approvals.manage' },
        schema: {
          tags: ['approvals'],
          summary: 'Add an approval policy (finance, legal, admin); a won deal or a change of terms that meets it gets one request',
          body: ApprovalPolicyInput,
          response: { 201: ApprovalPolicy, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createApprovalPolicy(deps, callerOf(request), request.body)),
    );

    app.get(
      '/api/approval-policies/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['approvals'], summary: 'An approval policy', params: IdParams, response: { 200: ApprovalPolicy, ...errorResponses } },
      },
      async (request) => getApprovalPolicy(deps.db, callerOf(request).workspaceId, request.params.id),
    );

    app.patch(
      '/api/approval-policies/:id',
      {
        config: { permission: 'approvals.manage' },
        schema: {
          tags: ['approvals'],
          summary: 'Change an approval policy (a new version; requests already made keep their chain)',
          params: IdParams,
          body: ApprovalPolicyPatch,
          response: { 200: ApprovalPolicy, ...errorResponses },
        },
      },
      async (request) => updateApprovalPolicy(deps, callerOf(request), request.params.id, request.body),
    );

    app.post(
      '/api/approval-policies/:id/archive',
      {
        config: { permission: 'approvals.manage' },
        schema: {
          tags: ['approvals'],
          summary: 'Archive an approval policy: no new requests; those made stay',
          params: IdParams,
          response: { 200: ApprovalPolicy, ...errorResponses },
        },
      },
      async (request) => updateApprovalPolicy(deps, callerOf(request), request.params.id, { archived: true }),
    );

    app.get(
      '/api/approvals',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['approvals'],
          summary:
            "The caller's approvals inbox: pending (waiting on them: their own, delegated to them, escalated to them), decided (the rest they took part in) or all; each with its context",
          querystring: InboxQuery,
          response: { 200: page(ApprovalSummary), ...errorResponses },
        },
      },
      async (request) => {
        const caller = personOf(request);
        return listInbox(deps.db, caller.workspaceId, caller.userId, deps.now(), {
          status: request.query.status ?? 'pending',
          cursor: request.query.cursor,
          limit: request.query.limit ?? 50,
        });
      },
    );

    app.get(
      '/api/approvals/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['approvals'],
          summary: 'An approval request: its context, its chain and every approver with their decision',
          params: IdParams,
          response: { 200: ApprovalDetail, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return getApproval(deps.db, { workspaceId: caller.workspaceId, userId: caller.userId, now: deps.now() }, request.params.id);
      },
    );

    app.get(
      '/api/opportunities/:id/approvals',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['approvals'],
          summary: "A deal's approval requests (every policy it met), each with its chain, approvers and decisions, for the deal page",
          params: IdParams,
          response: { 200: list(ApprovalDetail), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const ctx = { workspaceId: caller.workspaceId, userId: caller.userId, now: deps.now() };
        if (!(await findOpportunity(deps.db, caller.workspaceId, request.params.id))) throw notFound('opportunity.not_found', 'Opportunity');
        const ids = await listDealRequestIds(deps.db, caller.workspaceId, request.params.id);
        return { items: await Promise.all(ids.map((r) => getApproval(deps.db, ctx, r.id))) };
      },
    );

    app.post(
      '/api/approvals/:id/approve',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['approvals'],
          summary: "Approve the caller's part of the current step (403 for someone who is not its approver or standing in for one)",
          params: IdParams,
          body: Type.Optional(ApproveInput),
          response: { 200: ApprovalDetail, ...errorResponses },
        },
      },
      async (request) => approveApproval(deps, { ...personOf(request), now: deps.now() }, request.params.id, request.body?.comment),
    );

    app.post(
      '/api/approvals/:id/reject',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['approvals'],
          summary: "Reject the request, saying why: the deal owner is told and the deal's documents are not sent",
          params: IdParams,
          body: RejectApprovalInput,
          response: { 200: ApprovalDetail, ...errorResponses },
        },
      },
      async (request) => rejectApproval(deps, { ...personOf(request), now: deps.now() }, request.params.id, request.body.comment),
    );

    app.post(
      '/api/approvals/:id/delegate',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['approvals'],
          summary: "Hand the caller's approval to another person, for this request or (with until) for every approval until then",
          params: IdParams,
          body: DelegateInput,
          response: { 200: ApprovalDetail, ...errorResponses },
        },
      },
      async (request) => delegateApproval(deps, { ...personOf(request), now: deps.now() }, request.params.id, request.body),
    );

    app.put(
      '/api/users/:id/manager',
      {
        config: { permission: 'users.manage' },
        schema: {
          tags: ['users'],
          summary: "Set or clear a person's manager (approval steps for the deal owner's manager, and escalations of late approvals)",
          params: IdParams,
          body: ManagerInput,
          response: { 200: ManagerView, ...errorResponses },
        },
      },
      async (request) => setUserManager(deps, callerOf(request), request.params.id, request.body.managerId),
    );
  };
