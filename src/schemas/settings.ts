// Workspace settings for delivery: project templates, the team roster, the calendar, and how pipelines create projects.
import { Type, type Static } from 'typebox';
import { assignmentStrategies, teamRoleKinds } from '../domain/assignment.ts';
import type { Condition } from '../domain/rules/conditions.ts';
import { IsoDate, Nullable, oneOf, Ref, Uuid } from './common.ts';
import { ProjectCreation } from './opportunities.ts';

export const upsellModes = ['new_project', 'add_to_existing'] as const;
export const UpsellMode = oneOf(upsellModes);
export type UpsellMode = Static<typeof UpsellMode>;
export const AssignmentStrategy = oneOf(assignmentStrategies);
export type AssignmentStrategy = Static<typeof AssignmentStrategy>;
export const TeamRoleKind = oneOf(teamRoleKinds, {
  description: 'delivery: no sales people, project templates use it; sales: its people may be sales people (rule tasks for the sales team)',
});
export type TeamRoleKind = Static<typeof TeamRoleKind>;

const key = Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9_-]+$' });
export const DueRule = Type.Union([
  Type.Object({ from: Type.Literal('close_date'), days: Type.Integer({ minimum: -365, maximum: 730 }) }, { additionalProperties: false }),
  Type.Object({ from: Type.Literal('task'), task: key, days: Type.Integer({ minimum: -365, maximum: 730 }) }, { additionalProperties: false }),
]);
export type DueRule = Static<typeof DueRule>;
export const TaskTemplate = Type.Object(
  {
    key,
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    role: Type.String({ minLength: 1, maxLength: 63 }),
    due: DueRule,
    estimateHours: Type.Optional(Type.Number({ minimum: 0, maximum: 10000 })),
    dependsOn: Type.Optional(Type.Array(key, { maxItems: 50 })),
    // Its shape (all / any / not / field, op, value) is checked with the template, naming the path of each problem.
    condition: Type.Optional(Type.Unsafe<Condition>(Type.Record(Type.String(), Type.Unknown(), { description: 'only plan the task when the deal matches' }))),
    assignment: Type.Optional(AssignmentStrategy),
  },
  { additionalProperties: false },
);
export type TaskTemplate = Static<typeof TaskTemplate>;
export const TemplateDefinition = Type.Object(
  {
    ownerRole: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'the team role that owns the project (the PM)' })),
    phases: Type.Array(
      Type.Object(
        {
          key,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          milestones: Type.Optional(
            Type.Array(Type.Object({ key, name: Type.String({ minLength: 1, maxLength: 200 }), due: DueRule }, { additionalProperties: false }), {
              maxItems: 50,
            }),
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
export type TemplateDefinition = Static<typeof TemplateDefinition>;

export const TemplateBody = Type.Object(
  {
    key: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    dealType: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
    upsellMode: Type.Optional(UpsellMode),
    definition: TemplateDefinition,
  },
  { additionalProperties: false },
);
export type TemplateBody = Static<typeof TemplateBody>;

export const TemplateSummary = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  dealType: Nullable(Type.String()),
  upsellMode: UpsellMode,
  currentVersion: Type.Integer(),
  taskCount: Type.Integer(),
  phaseCount: Type.Integer(),
  updatedAt: Type.String(),
});
export type TemplateSummary = Static<typeof TemplateSummary>;
export const Template = Type.Intersect([
  TemplateSummary,
  Type.Object({
    version: Type.Integer(),
    definition: TemplateDefinition,
    versions: Type.Array(Type.Object({ version: Type.Integer(), createdAt: Type.String(), createdBy: Type.String() })),
  }),
]);
export type Template = Static<typeof Template>;

export const TeamRole = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  kind: TeamRoleKind,
  strategy: AssignmentStrategy,
  fixedUser: Nullable(Ref),
  members: Type.Array(
    Type.Object({ user: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), active: Type.Boolean() }), isLead: Type.Boolean() }),
  ),
});
export type TeamRole = Static<typeof TeamRole>;
export const TeamRoleBody = Type.Object(
  {
    key: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Optional(TeamRoleKind),
    strategy: AssignmentStrategy,
    fixedUserId: Type.Optional(Nullable(Uuid)),
    members: Type.Array(Type.Object({ userId: Uuid, isLead: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type TeamRoleBody = Static<typeof TeamRoleBody>;
export const Calendar = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 100 }),
    businessDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, description: '1 = Monday ... 7 = Sunday' }),
    holidays: Type.Array(Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), {
      maxItems: 1000,
    }),
  },
  { additionalProperties: false },
);
export type Calendar = Static<typeof Calendar>;

export const TemplateChange = Type.Omit(TemplateBody, ['key']);
export type TemplateChange = Static<typeof TemplateChange>;
export const TemplateQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export type TemplateQuery = Static<typeof TemplateQuery>;
export const TemplateVersion = Type.Object({ version: Type.Integer(), createdAt: Type.String(), createdBy: Type.String() });
export type TemplateVersion = Static<typeof TemplateVersion>;

export const PreviewBody = Type.Object({ opportunityId: Uuid, definition: Type.Optional(TemplateDefinition) }, { additionalProperties: false });
export type PreviewBody = Static<typeof PreviewBody>;
export const TemplatePreview = Type.Object({
  tasks: Type.Array(
    Type.Object({
      key: Type.String(),
      title: Type.String(),
      phase: Type.String(),
      group: Type.String(),
      role: Type.String(),
      dueDate: Type.String(),
      owner: Nullable(Ref),
      flagged: Type.Boolean(),
      reason: Type.String(),
    }),
  ),
  milestones: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), dueDate: Type.String() })),
  skipped: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), condition: Type.String() })),
  owner: Nullable(Ref),
  startDate: Type.String(),
  endDate: Type.String(),
});
export type TemplatePreview = Static<typeof TemplatePreview>;

export const TeamRoleChange = Type.Omit(TeamRoleBody, ['key']);
export type TeamRoleChange = Static<typeof TeamRoleChange>;

export const ProjectCreationChange = Type.Object({ projectCreation: ProjectCreation }, { additionalProperties: false });
export type ProjectCreationChange = Static<typeof ProjectCreationChange>;
