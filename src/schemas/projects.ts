// Delivery: projects, tasks with comments, the "create project" next step on a won deal, and warnings.
import { Type, type Static } from 'typebox';
import { projectHealths, projectStatuses, taskStatuses } from '../domain/project-plan.ts';
import { IsoDate, Nullable, oneOf, PageQuery, Ref, Uuid } from './common.ts';
import { ProjectCreation } from './opportunities.ts';

export const TaskStatus = oneOf(taskStatuses);
export type TaskStatus = Static<typeof TaskStatus>;
export const ProjectStatus = oneOf(projectStatuses);
export type ProjectStatus = Static<typeof ProjectStatus>;
export const ProjectHealth = oneOf(projectHealths);
export type ProjectHealth = Static<typeof ProjectHealth>;

export const Task = Type.Object({
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
  status: TaskStatus,
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
  account: Nullable(Ref),
  lead: Nullable(Ref),
  contact: Nullable(Ref),
  reporter: Nullable(Ref),
  startsAt: Nullable(Type.String({ description: 'when the work starts (UTC)' })),
  priority: Nullable(Type.String()),
  category: Nullable(
    Type.String({
      description: 'lead_handoff for the handoff of a lead to sales (completed with a result); trial for a trial task on a deal (completed with an acceptance)',
    }),
  ),
  result: Nullable(Type.String({ description: 'the result the task was completed with (a lead handoff task; accepted or not_accepted for a trial)' })),
  acceptanceCriteria: Nullable(Type.String({ description: 'a trial task: what it must show to be accepted' })),
  acceptanceNote: Nullable(Type.String({ description: 'a trial task: the note its acceptance was recorded with' })),
  completedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Task = Static<typeof Task>;

export const Comment = Type.Object({ id: Type.String(), author: Type.String(), body: Type.String(), createdAt: Type.String() });
export type Comment = Static<typeof Comment>;

export const ProjectSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: ProjectStatus,
  health: ProjectHealth,
  healthReasons: Type.Array(Type.Object({ code: Type.String(), severity: Type.String(), message: Type.String() }), {
    description: 'why the project has its health, computed from overdue tasks, slipped milestones, first value and blocked tasks',
  }),
  owner: Nullable(Ref),
  account: Ref,
  opportunity: Ref,
  template: Nullable(Type.Object({ id: Type.String(), name: Type.String(), version: Type.Integer() })),
  startDate: Type.String(),
  targetDate: Type.String(),
  taskCounts: Type.Object({ total: Type.Integer(), open: Type.Integer(), done: Type.Integer(), overdue: Type.Integer(), flagged: Type.Integer() }),
  originRunId: Nullable(Type.String()),
  createdAt: Type.String(),
  /** When its won deal was reopened and put it on hold; null once the deal is won again or someone decides. */
  onHoldSinceReopen: Nullable(Type.String()),
});
export type ProjectSummary = Static<typeof ProjectSummary>;

export const Milestone = Type.Object({ id: Type.String(), name: Type.String(), dueDate: Type.String(), reachedAt: Nullable(Type.String()) });
export type Milestone = Static<typeof Milestone>;
export const Phase = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  opportunityId: Type.String(),
  milestones: Type.Array(Milestone),
});
export type Phase = Static<typeof Phase>;
export const ProjectDeal = Type.Object({
  opportunityId: Type.String(),
  name: Type.String(),
  addedAt: Type.String(),
  templateVersion: Nullable(Type.Integer()),
  originRunId: Nullable(Type.String()),
  addedBy: Type.String(),
});
export type ProjectDeal = Static<typeof ProjectDeal>;

export const Project = Type.Intersect([
  ProjectSummary,
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
    deals: Type.Array(ProjectDeal),
    phases: Type.Array(Phase),
    tasks: Type.Array(Task),
  }),
]);
export type Project = Static<typeof Project>;

export const warningKinds = [
  'client_without_project',
  'project_without_owner',
  'task_flagged',
  'run_failed',
  'run_stuck',
  'event_stuck',
  'project_on_hold_reopened',
] as const;
export const warningSubjects = ['account', 'project', 'task', 'run', 'event', 'opportunity'] as const;
export const Warning = Type.Object({
  kind: oneOf(warningKinds),
  severity: oneOf(['warning', 'error'] as const),
  message: Type.String(),
  subject: Type.Object({ type: oneOf(warningSubjects), id: Type.String(), name: Type.String() }),
  since: Type.String(),
  path: Type.String(),
});
export type Warning = Static<typeof Warning>;

export const ProjectListQuery = Type.Object(
  { opportunityId: Type.Optional(Uuid), accountId: Type.Optional(Uuid), ownerId: Type.Optional(Uuid), status: Type.Optional(ProjectStatus), ...PageQuery },
  { additionalProperties: false },
);
export type ProjectListQuery = Static<typeof ProjectListQuery>;

export const ProjectChange = Type.Object(
  {
    ownerId: Type.Optional(Nullable(Uuid)),
    status: Type.Optional(ProjectStatus),
    health: Type.Optional(ProjectHealth),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type ProjectChange = Static<typeof ProjectChange>;

export const NewProjectTask = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    ownerId: Uuid,
    dueDate: IsoDate,
    phaseId: Type.Optional(Uuid),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type NewProjectTask = Static<typeof NewProjectTask>;

export const ProjectStatusAnswer = Type.Object({
  project: Nullable(ProjectSummary),
  creation: ProjectCreation,
  canCreate: Type.Boolean(),
  suggestedTemplate: Nullable(Ref),
  reason: Type.String(),
});
export type ProjectStatusAnswer = Static<typeof ProjectStatusAnswer>;

export const NewProject = Type.Object({ templateId: Type.Optional(Uuid) }, { additionalProperties: false });
export type NewProject = Static<typeof NewProject>;

export const TaskListQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean()),
    ownerId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    opportunityId: Type.Optional(Uuid),
    status: Type.Optional(oneOf(['open', 'done', 'all'] as const)),
    overdue: Type.Optional(Type.Boolean()),
    category: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$', description: 'only tasks of this category (trial, lead_handoff)' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuery>;

export const TaskDetail = Type.Intersect([Task, Type.Object({ comments: Type.Array(Comment) })]);
export type TaskDetail = Static<typeof TaskDetail>;

export const TaskChange = Type.Object(
  {
    status: Type.Optional(TaskStatus),
    ownerId: Type.Optional(Uuid),
    dueDate: Type.Optional(IsoDate),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    override: Type.Optional(
      Type.Boolean({ description: 'complete the task although tasks it depends on are open (recorded in the audit log and as a comment)' }),
    ),
  },
  { additionalProperties: false },
);
export type TaskChange = Static<typeof TaskChange>;

/** The `details` of a 409 task.blocked_by_dependencies: the tasks it depends on that are still open. */
export const TaskBlockedDetails = Type.Object({ openTasks: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), status: TaskStatus })) });
export type TaskBlockedDetails = Static<typeof TaskBlockedDetails>;

export const NewComment = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false });
export type NewComment = Static<typeof NewComment>;
