// Delivery: projects, tasks with comments, the "create project" next step on a won deal, and warnings.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { can } from '../../domain/roles.ts';
import { notFound } from '../../domain/errors.ts';
import { loadDealFacts } from '../db/deal-facts.repo.ts';
import { chooseTemplate, createProjectByHand } from '../../flows/projects.flow.ts';
import { addComment, addProjectTask, getProject, getTask, listComments, updateProject, updateTask, workspaceToday } from '../../flows/tasks.flow.ts';
import { listWarnings } from '../../flows/warnings.flow.ts';
import { listProjects, listTasks, projectHealths, projectStatuses, taskStatuses } from '../db/projects.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, IsoDate, literals, Nullable, page, PageQuery, Uuid } from './schemas.ts';
import type { HttpDeps } from './server.ts';

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const TaskSchema = Type.Object({
  id: Type.String(),
  projectId: Nullable(Type.String()),
  phaseId: Nullable(Type.String()),
  title: Type.String(),
  description: Nullable(Type.String()),
  group: Nullable(Type.String()),
  role: Nullable(Type.String()),
  owner: Nullable(Ref),
  dueDate: Nullable(Type.String()),
  estimateHours: Nullable(Type.Number()),
  status: literals(taskStatuses),
  overdue: Type.Boolean(),
  flagged: Type.Boolean(),
  flagReason: Nullable(Type.String()),
  assignment: Nullable(Type.String()),
  dependsOn: Type.Array(Type.String()),
  origin: Nullable(
    Type.Object(
      { runId: Type.String(), ruleId: Type.String(), ruleName: Type.String(), ruleVersion: Type.Integer() },
      { description: 'the rule run that created the task' },
    ),
  ),
  project: Nullable(Ref),
  opportunity: Nullable(Ref),
  account: Ref,
  completedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

const Comment = Type.Object({ id: Type.String(), author: Type.String(), body: Type.String(), createdAt: Type.String() });

const ProjectSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.String(),
  health: Type.String(),
  owner: Nullable(Ref),
  account: Ref,
  opportunity: Ref,
  template: Nullable(Type.Object({ id: Type.String(), name: Type.String(), version: Type.Integer() })),
  startDate: Type.String(),
  targetDate: Type.String(),
  taskCounts: Type.Object({ total: Type.Integer(), open: Type.Integer(), done: Type.Integer(), overdue: Type.Integer(), flagged: Type.Integer() }),
  originRunId: Nullable(Type.String()),
  createdAt: Type.String(),
});

const ProjectSchema = Type.Intersect([
  ProjectSummarySchema,
  Type.Object({
    deal: Type.Object(
      {
        amountMinor: Type.Integer(),
        currency: Type.String(),
        closeDate: Nullable(Type.String()),
        dealType: Type.String(),
        complexity: Type.String(),
        stage: Type.String(),
      },
      { description: 'read live from the deal, never copied' },
    ),
    deals: Type.Array(
      Type.Object({
        opportunityId: Type.String(),
        name: Type.String(),
        addedAt: Type.String(),
        templateVersion: Nullable(Type.Integer()),
        originRunId: Nullable(Type.String()),
        addedBy: Type.String(),
      }),
    ),
    phases: Type.Array(
      Type.Object({
        id: Type.String(),
        key: Type.String(),
        name: Type.String(),
        position: Type.Integer(),
        opportunityId: Type.String(),
        milestones: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), dueDate: Type.String(), reachedAt: Nullable(Type.String()) })),
      }),
    ),
    tasks: Type.Array(TaskSchema),
  }),
]);

const WarningSchema = Type.Object({
  kind: Type.String(),
  severity: literals(['warning', 'error'] as const),
  message: Type.String(),
  subject: Type.Object({ type: Type.String(), id: Type.String(), name: Type.String() }),
  since: Type.String(),
  path: Type.String(),
});

export const projectRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/projects',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['projects'],
          summary: 'Delivery projects, newest first; filter by deal, account, owner or status',
          querystring: Type.Object(
            {
              opportunityId: Type.Optional(Uuid),
              accountId: Type.Optional(Uuid),
              ownerId: Type.Optional(Uuid),
              status: Type.Optional(literals(projectStatuses)),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: page(ProjectSummarySchema), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query as { opportunityId?: string; accountId?: string; ownerId?: string; status?: string; cursor?: string; limit?: number };
        return listProjects(deps.db, caller.workspaceId, { ...q, limit: q.limit ?? 50 }, await workspaceToday(deps, caller.workspaceId));
      },
    );

    app.get(
      '/api/projects/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['projects'],
          summary: 'A project with its deal facts, phases, milestones and tasks (owner, due date, origin run)',
          params: IdParams,
          response: { 200: ProjectSchema, ...errorResponses },
        },
      },
      async (request) => getProject(deps, callerOf(request).workspaceId, request.params.id),
    );

    app.patch(
      '/api/projects/:id',
      {
        config: { permission: 'project.write' },
        schema: {
          tags: ['projects'],
          summary: 'Change the project owner (PM), status, health or name',
          params: IdParams,
          body: Type.Object(
            {
              ownerId: Type.Optional(Nullable(Uuid)),
              status: Type.Optional(literals(projectStatuses)),
              health: Type.Optional(literals(projectHealths)),
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ProjectSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return updateProject(deps, caller, request.params.id, request.body as { ownerId?: string | null; status?: string; health?: string; name?: string });
      },
    );

    app.post(
      '/api/projects/:id/tasks',
      {
        config: { permission: 'project.write' },
        schema: {
          tags: ['projects'],
          summary: 'Add a task to a project by hand (owner and due date required)',
          params: IdParams,
          body: Type.Object(
            {
              title: Type.String({ minLength: 1, maxLength: 300 }),
              ownerId: Uuid,
              dueDate: IsoDate,
              phaseId: Type.Optional(Uuid),
              description: Type.Optional(Type.String({ maxLength: 5000 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: TaskSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const task = await addProjectTask(deps, callerOf(request), request.params.id, request.body);
        return reply.status(201).send(task);
      },
    );

    app.get(
      '/api/opportunities/:id/project-status',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['projects'],
          summary: "The deal's delivery project, or whether one can be created now and from which template",
          params: IdParams,
          response: {
            200: Type.Object({
              project: Nullable(ProjectSummarySchema),
              creation: literals(['automatic', 'manual'] as const),
              canCreate: Type.Boolean(),
              suggestedTemplate: Nullable(Ref),
              reason: Type.String(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const facts = await loadDealFacts(deps.db, caller.workspaceId, request.params.id);
        if (!facts) throw notFound('opportunity.not_found', 'Opportunity');
        const projects = await listProjects(
          deps.db,
          caller.workspaceId,
          { opportunityId: facts.deal.id, limit: 1 },
          await workspaceToday(deps, caller.workspaceId),
        );
        const project = projects.items[0] ?? null;
        const template = await chooseTemplate(deps.db, caller.workspaceId, facts, { forDealType: true }).catch(() => null);
        const won = facts.deal.stageCategory === 'won';
        const allowed = can(caller.role, 'project.write');
        const canCreate = !project && won && allowed && !!template;
        const reason = project
          ? 'The deal has its project'
          : !won
            ? 'A project is created once the deal is won'
            : !template
              ? `No project template for deal type "${facts.deal.dealType}": add one in Settings, Templates`
              : !allowed
                ? 'Project managers, CS and Operations create projects'
                : facts.deal.projectCreation === 'manual'
                  ? 'This pipeline leaves project creation to a person: create it when the deal is ready for delivery'
                  : 'The rule did not create a project for this deal: create it by hand';
        return {
          project,
          creation: facts.deal.projectCreation,
          canCreate,
          suggestedTemplate: template ? { id: template.id, name: template.name } : null,
          reason,
        };
      },
    );

    app.post(
      '/api/opportunities/:id/project',
      {
        config: { permission: 'project.write' },
        schema: {
          tags: ['projects'],
          summary: 'Create the delivery project of a won deal by hand (the deliberate next step)',
          params: IdParams,
          body: Type.Object({ templateId: Type.Optional(Uuid) }, { additionalProperties: false }),
          response: { 201: ProjectSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const id = await createProjectByHand(deps, {
          workspaceId: caller.workspaceId,
          opportunityId: request.params.id,
          templateId: request.body.templateId,
          actor: caller.actor,
        });
        return reply.status(201).send(await getProject(deps, caller.workspaceId, id));
      },
    );

    app.get(
      '/api/tasks',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['tasks'],
          summary: "Tasks by due date: mine, a project's, a deal's or a person's; open by default",
          querystring: Type.Object(
            {
              mine: Type.Optional(Type.Boolean()),
              ownerId: Type.Optional(Uuid),
              projectId: Type.Optional(Uuid),
              opportunityId: Type.Optional(Uuid),
              status: Type.Optional(literals(['open', 'done', 'all'] as const)),
              overdue: Type.Optional(Type.Boolean()),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: page(TaskSchema), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query as {
          mine?: boolean;
          ownerId?: string;
          projectId?: string;
          opportunityId?: string;
          status?: 'open' | 'done' | 'all';
          overdue?: boolean;
          cursor?: string;
          limit?: number;
        };
        const ownerId = q.mine ? (caller.userId ?? '00000000-0000-0000-0000-000000000000') : q.ownerId;
        return listTasks(deps.db, caller.workspaceId, { ...q, ownerId, limit: q.limit ?? 50 }, await workspaceToday(deps, caller.workspaceId));
      },
    );

    app.get(
      '/api/tasks/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['tasks'],
          summary: 'A task with its comments',
          params: IdParams,
          response: { 200: Type.Intersect([TaskSchema, Type.Object({ comments: Type.Array(Comment) })]), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const task = await getTask(deps, caller.workspaceId, request.params.id);
        return { ...task, comments: await listComments(deps, caller.workspaceId, task.id) };
      },
    );

    app.patch(
      '/api/tasks/:id',
      {
        config: { permission: 'task.write' },
        schema: {
          tags: ['tasks'],
          summary: 'Change a task: status (done emits task.completed), owner, due date, title, description',
          params: IdParams,
          body: Type.Object(
            {
              status: Type.Optional(literals(taskStatuses)),
              ownerId: Type.Optional(Uuid),
              dueDate: Type.Optional(IsoDate),
              title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
              description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
            },
            { additionalProperties: false },
          ),
          response: { 200: TaskSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return updateTask(
          deps,
          { ...caller, mayEditAny: can(caller.role, 'project.write') },
          request.params.id,
          request.body as Parameters<typeof updateTask>[3],
        );
      },
    );

    app.post(
      '/api/tasks/:id/comments',
      {
        config: { permission: 'task.write' },
        schema: {
          tags: ['tasks'],
          summary: 'Comment on a task',
          params: IdParams,
          body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false }),
          response: { 201: Comment, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await addComment(deps, callerOf(request), request.params.id, request.body.body)),
    );

    app.get(
      '/api/warnings',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['projects'],
          summary: 'What needs attention: clients without a project, projects without an owner, flagged tasks, failed or stuck automation',
          response: { 200: Type.Object({ items: Type.Array(WarningSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return { items: await listWarnings(deps.db, caller.workspaceId, { userId: caller.userId, role: caller.role }, deps.now()) };
      },
    );
  };
