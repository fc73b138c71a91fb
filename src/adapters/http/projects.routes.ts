// Delivery: projects, tasks with comments, the "create project" next step on a won deal, and warnings.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { can } from '../../domain/roles.ts';
import { notFound } from '../../domain/errors.ts';
import { loadDealFacts } from '../db/deal-facts.repo.ts';
import { chooseTemplate, createProjectByHand } from '../../flows/projects.flow.ts';
import { addComment, addProjectTask, getProject, getTask, listComments, updateProject, updateTask, workspaceToday } from '../../flows/tasks.flow.ts';
import { listWarnings } from '../../flows/warnings.flow.ts';
import { listProjects, listTasks } from '../db/projects.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import {
  NewComment,
  NewProject,
  NewProjectTask,
  Project,
  ProjectChange,
  ProjectListQuery,
  ProjectStatusAnswer,
  ProjectSummary,
  Task,
  TaskChange,
  TaskDetail,
  TaskListQuery,
  Comment,
  Warning,
} from '../../schemas/projects.ts';
import type { HttpDeps } from './server.ts';

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
          querystring: ProjectListQuery,
          response: { 200: page(ProjectSummary), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query;
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
          response: { 200: Project, ...errorResponses },
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
          body: ProjectChange,
          response: { 200: Project, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return updateProject(deps, caller, request.params.id, request.body);
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
          body: NewProjectTask,
          response: { 201: Task, ...errorResponses },
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
          response: { 200: ProjectStatusAnswer, ...errorResponses },
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
          body: NewProject,
          response: { 201: Project, ...errorResponses },
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
          querystring: TaskListQuery,
          response: { 200: page(Task), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query;
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
          response: { 200: TaskDetail, ...errorResponses },
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
          summary:
            'Change a task: status (done emits task.completed; 409 task.blocked_by_dependencies while a task it depends on is open, unless override is true), owner, due date, title, description',
          params: IdParams,
          body: TaskChange,
          response: { 200: Task, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return updateTask(deps, { ...caller, mayEditAny: can(caller.role, 'project.write') }, request.params.id, request.body);
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
          body: NewComment,
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
          response: { 200: list(Warning), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return { items: await listWarnings(deps.db, caller.workspaceId, { userId: caller.userId, role: caller.role }, deps.now()) };
      },
    );
  };
