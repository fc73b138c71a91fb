// Leads and their handoff to sales: list, read, create, edit, move through stages, edit the handoff details,
// convert into a deal; and completing a task with a result (a lead's handoff task needs one).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { can } from '../../domain/roles.ts';
import { convertLead, createLead, getLead, moveLeadStage, updateHandoffDetails, updateLead } from '../../flows/leads.flow.ts';
import { completeTask, workspaceToday } from '../../flows/tasks.flow.ts';
import { errorResponses, IdParams, page } from '../../schemas/common.ts';
import {
  HandoffDetailsChange,
  Lead,
  LeadChange,
  LeadConversion,
  LeadDetail,
  LeadListQuery,
  LeadStageMove,
  NewLead,
  TaskCompletion,
} from '../../schemas/leads.ts';
import { Task } from '../../schemas/projects.ts';
import { findBaseCurrency, listLeadEvents, listLeads } from '../db/leads.repo.ts';
import { listTasks } from '../db/projects.repo.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

const nobody = '00000000-0000-0000-0000-000000000000';

export const leadRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/leads',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['leads'],
          summary: 'Leads, newest first: by stage, need maturity, owner, distributor, source, deal, or words in the title, company, contact or e-mail',
          querystring: LeadListQuery,
          response: { 200: page(Lead), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { mine, limit, ...q } = request.query;
        return listLeads(deps.db, caller.workspaceId, { ...q, ...(mine && { involvedId: caller.userId ?? nobody }), limit: limit ?? 50 });
      },
    );

    app.get(
      '/api/leads/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['leads'],
          summary: 'A lead with its history (stage moves, handoff results and details, conversion) and its tasks',
          params: IdParams,
          response: { 200: LeadDetail, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const lead = await getLead(deps, caller.workspaceId, request.params.id);
        const [history, tasks, baseCurrency] = await Promise.all([
          listLeadEvents(deps.db, caller.workspaceId, lead.id),
          listTasks(deps.db, caller.workspaceId, { leadId: lead.id, status: 'all', limit: 100 }, await workspaceToday(deps, caller.workspaceId)),
          findBaseCurrency(deps.db, caller.workspaceId),
        ]);
        return { ...lead, history, tasks: tasks.items, baseCurrency };
      },
    );

    app.post(
      '/api/leads',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['leads'],
          summary: 'Add a lead (in "new" unless a stage is given; "handoff_to_sales" needs an expected sale date and gives out the handoff task)',
          body: NewLead,
          response: { 201: Lead, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createLead(deps, callerOf(request), request.body)),
    );

    app.patch(
      '/api/leads/:id',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['leads'],
          summary: "Change a lead's details, need maturity, distributor, owner or expected sale date (the stage moves by POST .../stage)",
          params: IdParams,
          body: LeadChange,
          response: { 200: Lead, ...errorResponses },
        },
      },
      async (request) => updateLead(deps, callerOf(request), request.params.id, request.body),
    );

    app.post(
      '/api/leads/:id/stage',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['leads'],
          summary:
            'Move a lead into a stage. Entering handoff_to_sales creates the handoff task (owner the distributor, or the author; due the expected sale date), never a second open one; leaving it cancels the open one',
          params: IdParams,
          body: LeadStageMove,
          response: { 200: Lead, ...errorResponses },
        },
      },
      async (request) => moveLeadStage(deps, callerOf(request), request.params.id, request.body),
    );

    app.patch(
      '/api/leads/:id/handoff',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['leads'],
          summary: 'Edit the handoff details given with "proceed to handoff" (kept in the lead\'s history)',
          params: IdParams,
          body: HandoffDetailsChange,
          response: { 200: Lead, ...errorResponses },
        },
      },
      async (request) => updateHandoffDetails(deps, callerOf(request), request.params.id, request.body),
    );

    app.post(
      '/api/leads/:id/convert',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['leads'],
          summary:
            'Convert a lead: link or create its account (matched by e-mail domain) and contact (matched by e-mail) and create its deal with the handoff details; converting again answers the same deal',
          params: IdParams,
          response: { 200: LeadConversion, 201: LeadConversion, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await convertLead(deps, callerOf(request), request.params.id);
        return reply.status(result.created ? 201 : 200).send({ ...result, opportunityId: result.lead.opportunity!.id });
      },
    );

    app.post(
      '/api/tasks/:id/complete',
      {
        config: { permission: 'task.write' },
        schema: {
          tags: ['tasks'],
          summary:
            "Complete a task. A lead's handoff task needs a result (and details for proceed_to_handoff, dueDate for rescheduled); any other task takes none",
          params: IdParams,
          body: TaskCompletion,
          response: { 200: Task, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return completeTask(deps, { ...caller, mayEditAny: can(caller.role, 'project.write') }, request.params.id, request.body);
      },
    );
  };
