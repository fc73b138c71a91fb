// Workspace settings for delivery: project templates (versioned, with a preview on a deal), the team roster, the calendar,
// and whether each pipeline creates projects automatically or by hand.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { assignmentStrategies } from '../../domain/assignment.ts';
import type { TemplateDefinition } from '../../domain/project-plan.ts';
import { createTemplate, getTemplate, previewTemplate, updateTemplate, type TemplateInput } from '../../flows/templates.flow.ts';
import { createTeamRole, listTeamRoles, updateCalendar, updateTeamRole, type TeamRoleInput } from '../../flows/team.flow.ts';
import { getCalendarSettings } from '../db/team.repo.ts';
import { listTemplates, listTemplateVersions } from '../db/templates.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, IsoDate, literals, Nullable, Uuid } from './schemas.ts';
import type { HttpDeps } from './server.ts';

const key = Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9_-]+$' });
const Due = Type.Union([
  Type.Object({ from: Type.Literal('close_date'), days: Type.Integer({ minimum: -365, maximum: 730 }) }, { additionalProperties: false }),
  Type.Object({ from: Type.Literal('task'), task: key, days: Type.Integer({ minimum: -365, maximum: 730 }) }, { additionalProperties: false }),
]);
const TaskTemplate = Type.Object(
  {
    key,
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    role: Type.String({ minLength: 1, maxLength: 63 }),
    due: Due,
    estimateHours: Type.Optional(Type.Number({ minimum: 0, maximum: 10000 })),
    dependsOn: Type.Optional(Type.Array(key, { maxItems: 50 })),
    condition: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'only plan the task when the deal matches' })),
    assignment: Type.Optional(literals(assignmentStrategies)),
  },
  { additionalProperties: false },
);
export const TemplateDefinitionSchema = Type.Object(
  {
    ownerRole: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'the team role that owns the project (the PM)' })),
    phases: Type.Array(
      Type.Object(
        {
          key,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          milestones: Type.Optional(
            Type.Array(Type.Object({ key, name: Type.String({ minLength: 1, maxLength: 200 }), due: Due }, { additionalProperties: false }), { maxItems: 50 }),
          ),
          groups: Type.Array(
            Type.Object(
              { name: Type.String({ minLength: 1, maxLength: 200 }), tasks: Type.Array(TaskTemplate, { maxItems: 200 }) },
              { additionalProperties: false },
            ),
            { maxItems: 50 },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

const TemplateBody = Type.Object(
  {
    key: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    dealType: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
    upsellMode: Type.Optional(literals(['new_project', 'add_to_existing'] as const)),
    definition: TemplateDefinitionSchema,
  },
  { additionalProperties: false },
);

const TemplateSummary = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  dealType: Nullable(Type.String()),
  upsellMode: Type.String(),
  currentVersion: Type.Integer(),
  taskCount: Type.Integer(),
  phaseCount: Type.Integer(),
  updatedAt: Type.String(),
});
const TemplateSchema = Type.Intersect([
  TemplateSummary,
  Type.Object({
    version: Type.Integer(),
    definition: TemplateDefinitionSchema,
    versions: Type.Array(Type.Object({ version: Type.Integer(), createdAt: Type.String(), createdBy: Type.String() })),
  }),
]);

const UserRef = Type.Object({ id: Type.String(), name: Type.String() });
const TeamRoleSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  strategy: literals(assignmentStrategies),
  fixedUser: Nullable(UserRef),
  members: Type.Array(
    Type.Object({ user: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), active: Type.Boolean() }), isLead: Type.Boolean() }),
  ),
});
const TeamRoleBody = Type.Object(
  {
    key: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    strategy: literals(assignmentStrategies),
    fixedUserId: Type.Optional(Nullable(Uuid)),
    members: Type.Array(Type.Object({ userId: Uuid, isLead: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);
const CalendarSchema = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 100 }),
    businessDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, description: '1 = Monday ... 7 = Sunday' }),
    holidays: Type.Array(Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), {
      maxItems: 1000,
    }),
  },
  { additionalProperties: false },
);

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
          response: { 200: Type.Object({ items: Type.Array(TemplateSummary) }), ...errorResponses },
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
          querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
          response: { 200: TemplateSchema, ...errorResponses },
        },
      },
      async (request) => withVersions(callerOf(request).workspaceId, request.params.id, (request.query as { version?: number }).version),
    );

    app.post(
      '/api/templates',
      {
        config: { permission: 'templates.manage' },
        schema: { tags: ['templates'], summary: 'Create a project template', body: TemplateBody, response: { 201: TemplateSchema, ...errorResponses } },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const t = await createTemplate(deps, caller, request.body as TemplateInput);
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
          body: Type.Omit(TemplateBody, ['key']),
          response: { 200: TemplateSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        await updateTemplate(deps, caller, request.params.id, request.body as TemplateInput);
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
          body: Type.Object({ opportunityId: Uuid, definition: Type.Optional(TemplateDefinitionSchema) }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              tasks: Type.Array(
                Type.Object({
                  key: Type.String(),
                  title: Type.String(),
                  phase: Type.String(),
                  group: Type.String(),
                  role: Type.String(),
                  dueDate: Type.String(),
                  owner: Nullable(UserRef),
                  flagged: Type.Boolean(),
                  reason: Type.String(),
                }),
              ),
              milestones: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), dueDate: Type.String() })),
              skipped: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), condition: Type.String() })),
              owner: Nullable(UserRef),
              startDate: Type.String(),
              endDate: Type.String(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const body = request.body as { opportunityId: string; definition?: TemplateDefinition };
        return previewTemplate(deps, callerOf(request).workspaceId, request.params.id, body);
      },
    );

    app.get(
      '/api/team/roles',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['team'],
          summary: 'The delivery roles of the team roster, their people and how work is shared',
          response: { 200: Type.Object({ items: Type.Array(TeamRoleSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listTeamRoles(deps.db, callerOf(request).workspaceId) }),
    );

    app.post(
      '/api/team/roles',
      {
        config: { permission: 'team.manage' },
        schema: { tags: ['team'], summary: 'Add a delivery role', body: TeamRoleBody, response: { 201: TeamRoleSchema, ...errorResponses } },
      },
      async (request, reply) => reply.status(201).send(await createTeamRole(deps, callerOf(request), request.body as TeamRoleInput)),
    );

    app.put(
      '/api/team/roles/:id',
      {
        config: { permission: 'team.manage' },
        schema: {
          tags: ['team'],
          summary: 'Change a delivery role: its name, strategy, fixed person and people',
          params: IdParams,
          body: Type.Omit(TeamRoleBody, ['key']),
          response: { 200: TeamRoleSchema, ...errorResponses },
        },
      },
      async (request) => updateTeamRole(deps, callerOf(request), request.params.id, request.body as TeamRoleInput),
    );

    app.get(
      '/api/calendar',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['team'], summary: 'The workspace calendar: time zone, working days, holidays', response: { 200: CalendarSchema, ...errorResponses } },
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
          body: CalendarSchema,
          response: { 200: CalendarSchema, ...errorResponses },
        },
      },
      async (request) => updateCalendar(deps, callerOf(request), request.body),
    );
  };
