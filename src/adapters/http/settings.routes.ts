// Workspace settings for delivery: project templates (versioned, with a preview on a deal), the team roster, the calendar,
// and whether each pipeline creates projects automatically or by hand.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createTemplate, getTemplate, previewTemplate, updateTemplate } from '../../flows/templates.flow.ts';
import { createTeamRole, listTeamRoles, updateCalendar, updateTeamRole } from '../../flows/team.flow.ts';
import { getCalendarSettings } from '../db/team.repo.ts';
import { listTemplates, listTemplateVersions } from '../db/templates.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, list } from '../../schemas/common.ts';
import {
  Calendar,
  PreviewBody,
  TeamRole,
  TeamRoleBody,
  TeamRoleChange,
  Template,
  TemplateBody,
  TemplateChange,
  TemplatePreview,
  TemplateQuery,
  TemplateSummary,
} from '../../schemas/settings.ts';
import type { HttpDeps } from './server.ts';

export const settingsRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const withVersions = async (workspaceId: string, id: string, version?: number) => ({
      ...(await getTemplate(deps.db, workspaceId, id, version)),
      versions: await listTemplateVersions(deps.db, workspaceId, id),
    });

    app.get(
      '/api/templates',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['templates'],
          summary: 'Project templates',
          response: { 200: list(TemplateSummary), ...errorResponses },
        },
      },
      async (request) => ({
        items: (await listTemplates(deps.db, callerOf(request).workspaceId)).map(({ definition: _d, version: _v, ...summary }) => summary),
      }),
    );

    app.get(
      '/api/templates/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['templates'],
          summary: 'A template at its current version (or ?version=N), with its version list',
          params: IdParams,
          querystring: TemplateQuery,
          response: { 200: Template, ...errorResponses },
        },
      },
      async (request) => withVersions(callerOf(request).workspaceId, request.params.id, request.query.version),
    );

    app.post(
      '/api/templates',
      {
        config: { permission: 'templates.manage' },
        schema: { tags: ['templates'], summary: 'Create a project template', body: TemplateBody, response: { 201: Template, ...errorResponses } },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const t = await createTemplate(deps, caller, request.body);
        return reply.status(201).send(await withVersions(caller.workspaceId, t.id));
      },
    );

    app.put(
      '/api/templates/:id',
      {
        config: { permission: 'templates.manage' },
        schema: {
          tags: ['templates'],
          summary: 'Save a template: a changed definition becomes a new version (existing projects keep theirs)',
          params: IdParams,
          body: TemplateChange,
          response: { 200: Template, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        await updateTemplate(deps, caller, request.params.id, request.body);
        return withVersions(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/templates/:id/preview',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['templates'],
          summary: 'The tasks, owners and due dates this template (or an unsaved definition) would give a deal; nothing is written',
          params: IdParams,
          body: PreviewBody,
          response: { 200: TemplatePreview, ...errorResponses },
        },
      },
      async (request) => {
        return previewTemplate(deps, callerOf(request).workspaceId, request.params.id, request.body);
      },
    );

    app.get(
      '/api/team/roles',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['team'],
          summary: 'The roles of the team roster (delivery and sales), their people and how work is shared',
          response: { 200: list(TeamRole), ...errorResponses },
        },
      },
      async (request) => ({ items: await listTeamRoles(deps.db, callerOf(request).workspaceId) }),
    );

    app.post(
      '/api/team/roles',
      {
        config: { permission: 'team.manage' },
        schema: {
          tags: ['team'],
          summary: 'Add a team role (a delivery role unless kind says sales)',
          body: TeamRoleBody,
          response: { 201: TeamRole, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createTeamRole(deps, callerOf(request), request.body)),
    );

    app.put(
      '/api/team/roles/:id',
      {
        config: { permission: 'team.manage' },
        schema: {
          tags: ['team'],
          summary: 'Change a team role: its name, kind (kept when left out), strategy, fixed person and people',
          params: IdParams,
          body: TeamRoleChange,
          response: { 200: TeamRole, ...errorResponses },
        },
      },
      async (request) => updateTeamRole(deps, callerOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/calendar',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['team'], summary: 'The workspace calendar: time zone, working days, holidays', response: { 200: Calendar, ...errorResponses } },
      },
      async (request) => getCalendarSettings(deps.db, callerOf(request).workspaceId),
    );

    app.put(
      '/api/calendar',
      {
        config: { permission: 'team.manage' },
        schema: {
          tags: ['team'],
          summary: 'Replace the workspace calendar (due dates of new tasks follow it)',
          body: Calendar,
          response: { 200: Calendar, ...errorResponses },
        },
      },
      async (request) => updateCalendar(deps, callerOf(request), request.body),
    );
  };
