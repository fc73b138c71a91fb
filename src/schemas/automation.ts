// Automation: rules (their body, catalog, versions, timers, dry run) and their runs.
import { Type, type Static } from 'typebox';
import { actionTypes } from '../domain/rules/actions.ts';
import { eventTypes } from '../domain/events.ts';
import type { Condition } from '../domain/rules/conditions.ts';
import { fieldTypes } from '../domain/rules/fields.ts';
import { repeats, type Trigger as RuleTrigger } from '../domain/rules/rules.ts';
import { Nullable, oneOf, PageQuery, Uuid } from './common.ts';

export const runStatuses = ['pending', 'running', 'retrying', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export const stepStatuses = ['pending', 'retrying', 'succeeded', 'failed', 'skipped'] as const;
export const timerStatuses = ['waiting', 'fired', 'skipped'] as const;
export const paramKinds = [
  'text',
  'longtext',
  'number',
  'select',
  'user',
  'role',
  'team_role',
  'template',
  'sequence',
  'json',
  'document_template',
  'approval_policy',
] as const;

export const RunStatus = oneOf(runStatuses);
export type RunStatus = Static<typeof RunStatus>;
export const Repeat = oneOf(repeats);
export type Repeat = Static<typeof Repeat>;
export const ActionType = oneOf(actionTypes);
export type ActionType = Static<typeof ActionType>;
export const EventType = oneOf(eventTypes);
export type EventType = Static<typeof EventType>;

export const TriggerSchema = Type.Object(
  {
    type: oneOf(['event', 'timer'] as const),
    event: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z_]+\\.[a-z_.]+$' }),
    toStage: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    toCategory: Type.Optional(oneOf(['open', 'won', 'lost'] as const)),
    field: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    to: Type.Optional(Type.Unknown()),
    businessDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    hour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
  },
  { additionalProperties: false },
);
export type Trigger = Static<typeof TriggerSchema>;

export const ActionSpecSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9_-]+$' }),
    type: Type.String({ minLength: 1, maxLength: 60, description: `one of ${actionTypes.join(', ')}` }),
    params: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type ActionSpec = Static<typeof ActionSpecSchema>;

export const RuleBodySchema = Type.Object(
  {
    key: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    enabled: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    trigger: TriggerSchema,
    condition: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
    actions: Type.Array(ActionSpecSchema, { maxItems: 50 }),
    repeat: Type.Optional(Repeat),
  },
  { additionalProperties: false },
);
export type RuleInput = Static<typeof RuleBodySchema>;
export const RuleChange = Type.Omit(RuleBodySchema, ['key']);
export type RuleChange = Static<typeof RuleChange>;

export const Rule = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  enabled: Type.Boolean(),
  position: Type.Integer(),
  version: Type.Integer(),
  // The same document as the body's trigger and condition, typed as the domain's (an event or a timer trigger; a condition tree).
  trigger: Type.Unsafe<RuleTrigger>(TriggerSchema),
  condition: Nullable(Type.Unsafe<Condition>(Type.Unknown({ description: 'all / any / not / {field, op, value} / {some, where}' }))),
  actions: Type.Array(ActionSpecSchema),
  repeat: Repeat,
  triggerText: Type.String(),
  lastRun: Nullable(Type.Object({ id: Type.String(), status: Type.String(), createdAt: Type.String() })),
  updatedAt: Type.String(),
});
export type Rule = Static<typeof Rule>;

export const RuleTimer = Type.Object({
  id: Type.String(),
  subject: Type.Object({ type: Type.String(), id: Type.String(), name: Type.String(), path: Nullable(Type.String()) }),
  dueAt: Type.String(),
  status: Type.String({ description: timerStatuses.join(' | ') }),
  reason: Nullable(Type.String()),
  runId: Nullable(Type.String()),
  ruleVersion: Type.Integer(),
});
export type RuleTimer = Static<typeof RuleTimer>;

export const RuleVersion = Type.Object({ version: Type.Integer(), createdAt: Type.String(), createdBy: Type.String() });
export type RuleVersion = Static<typeof RuleVersion>;

export const RuleDetail = Type.Intersect([Rule, Type.Object({ versions: Type.Array(RuleVersion), timers: Type.Array(RuleTimer) })]);
export type RuleDetail = Static<typeof RuleDetail>;

export const ParamSpec = Type.Object({
  name: Type.String(),
  label: Type.String(),
  kind: oneOf(paramKinds),
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Type.String())),
});
export type ParamSpec = Static<typeof ParamSpec>;

export const CatalogTrigger = Type.Object({ event: EventType, label: Type.String(), fields: Type.Array(Type.String()) });
export type CatalogTrigger = Static<typeof CatalogTrigger>;
export const CatalogAction = Type.Object({ type: ActionType, label: Type.String(), description: Type.String(), params: Type.Array(ParamSpec) });
export type CatalogAction = Static<typeof CatalogAction>;
export const FieldOption = Type.Object({ value: Type.String(), label: Type.String() });
export type FieldOption = Static<typeof FieldOption>;
export const FieldType = oneOf(fieldTypes);
export type FieldType = Static<typeof FieldType>;
export const CatalogField = Type.Object({
  path: Type.String({ description: 'what a condition names, e.g. deal.amountMinor or deal.custom.region' }),
  label: Type.String(),
  type: FieldType,
  options: Type.Optional(Type.Array(FieldOption)),
});
export type CatalogField = Static<typeof CatalogField>;
export const CatalogList = Type.Object({ path: Type.String(), label: Type.String(), fields: Type.Array(CatalogField) });
export type CatalogList = Static<typeof CatalogList>;
export const Catalog = Type.Object({
  triggers: Type.Array(CatalogTrigger),
  actions: Type.Array(CatalogAction),
  /** The fields a condition may read in this workspace (custom deal fields included), and the related lists of `some`. */
  fields: Type.Array(CatalogField),
  lists: Type.Array(CatalogList),
  /** Words for the keys rules store. */
  names: Type.Object({
    roles: Type.Array(FieldOption),
    recipientTypes: Type.Array(FieldOption),
    channels: Type.Array(FieldOption),
    teamRoles: Type.Array(FieldOption),
    templates: Type.Array(FieldOption),
    /** The client document templates (generate_document). */
    documentTemplates: Type.Optional(Type.Array(FieldOption)),
    approvalPolicies: Type.Optional(Type.Array(FieldOption)),
  }),
});
export type Catalog = Static<typeof Catalog>;

export const RulesImport = Type.Object({ yaml: Type.String({ minLength: 1, maxLength: 1_000_000 }) }, { additionalProperties: false });
export type RulesImport = Static<typeof RulesImport>;
export const RulesImported = Type.Object({ created: Type.Integer(), updated: Type.Integer(), rules: Type.Array(Rule) });
export type RulesImported = Static<typeof RulesImported>;

export const Run = Type.Object({
  id: Type.String(),
  rule: Type.Object({ id: Type.String(), name: Type.String(), version: Type.Integer() }),
  status: RunStatus,
  stuck: Type.Boolean(),
  trigger: Type.Object({ eventId: Nullable(Type.String()), type: Type.String(), label: Type.String() }),
  subject: Type.Object({ type: Type.String(), id: Type.String(), name: Type.String(), path: Nullable(Type.String()) }),
  depth: Type.Integer(),
  attempts: Type.Integer(),
  error: Nullable(Type.String({ description: 'the last failure; for a waiting run, what it waits for and why' })),
  waitingFor: Nullable(Type.String({ description: 'the approval request a waiting run waits for' })),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});
export type Run = Static<typeof Run>;

export const TraceEntry = Type.Object({ path: Type.String(), test: Type.String(), actual: Type.Optional(Type.Unknown()), result: Type.Boolean() });
export type TraceEntry = Static<typeof TraceEntry>;
export const Trace = Type.Array(TraceEntry);

export const RunStep = Type.Object({
  id: Type.String(),
  key: Type.String(),
  type: Type.String(),
  status: oneOf(stepStatuses),
  attempts: Type.Integer(),
  summary: Nullable(Type.String()),
  output: Type.Unknown(),
  error: Nullable(Type.String()),
  log: Type.Array(Type.Object({ attempt: Type.Integer(), at: Type.String(), error: Nullable(Type.String()) })),
});
export type RunStep = Static<typeof RunStep>;

export const RunDetail = Type.Intersect([
  Run,
  Type.Object({
    conditions: Trace,
    steps: Type.Array(RunStep),
    created: Type.Array(Type.Object({ type: Type.String(), id: Type.String(), label: Type.String(), path: Nullable(Type.String()) })),
  }),
]);
export type RunDetail = Static<typeof RunDetail>;

export const RunListQuery = Type.Object(
  { ruleId: Type.Optional(Uuid), subjectId: Type.Optional(Uuid), status: Type.Optional(RunStatus), stuck: Type.Optional(Type.Boolean()), ...PageQuery },
  { additionalProperties: false },
);
export type RunListQuery = Static<typeof RunListQuery>;

export const DryRunBody = Type.Object(
  {
    opportunityId: Uuid,
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    toStage: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ruleIds: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
    rules: Type.Optional(Type.Array(RuleBodySchema, { maxItems: 50, description: 'unsaved drafts to try instead of the saved rules' })),
  },
  { additionalProperties: false },
);
export type DryRunBody = Static<typeof DryRunBody>;

export const DryRunResult = Type.Object({
  event: Type.Object({ type: Type.String(), label: Type.String() }),
  results: Type.Array(
    Type.Object({
      ruleId: Nullable(Type.String()),
      name: Type.String(),
      matched: Type.Boolean(),
      triggerMatched: Type.Boolean(),
      conditionMet: Type.Boolean(),
      enabled: Type.Boolean(),
      conditionTrace: Trace,
      timer: Nullable(Type.Object({ dueAt: Type.String() })),
      actions: Type.Array(Type.Object({ key: Type.String(), type: Type.String(), summary: Type.String(), details: Type.Array(Type.String()) })),
    }),
  ),
});
export type DryRunResult = Static<typeof DryRunResult>;
