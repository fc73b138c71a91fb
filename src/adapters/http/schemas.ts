// HTTP schemas, declared once: they validate requests, shape responses and produce the OpenAPI document.
import { Type, type TSchema } from 'typebox';
import { accountStatuses, buyingRoles, complexities, stageCategories } from '../../domain/opportunity.ts';
import { roles } from '../../domain/roles.ts';

export const literals = <T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TSchema;

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Uuid),
};

export const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), next: Nullable(Type.String()) });

export const Role = literals(roles);
export const StageCategory = literals(stageCategories);

export const Actor = Type.Object({ type: Type.String(), id: Nullable(Type.String()), label: Type.String() });

export const Workspace = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String(), timeZone: Type.String() });
export const User = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String(),
});

export const Stage = Type.Object({
  id: Type.String(),
  pipelineId: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  category: Type.String(),
  probability: Type.Integer(),
});
export const Pipeline = Type.Object({
  id: Type.String(),
  name: Type.String(),
  isDefault: Type.Boolean(),
  projectCreation: literals(['automatic', 'manual'] as const),
  stages: Type.Array(Stage),
});

export const Account = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  status: Type.String({ description: accountStatuses.join(' | ') }),
  ownerId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  csmId: Nullable(Type.String()),
  csmName: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const Contact = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  title: Nullable(Type.String()),
  buyingRole: Nullable(Type.String({ description: buyingRoles.join(' | ') })),
  createdAt: Type.String(),
});

export const Opportunity = Type.Object({
  id: Type.String(),
  name: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  accountStatus: Type.String(),
  pipelineId: Type.String(),
  stageId: Type.String(),
  stageName: Type.String(),
  stageCategory: Type.String({ description: stageCategories.join(' | ') }),
  amountMinor: Type.Integer({ description: 'amount in minor units of the currency (cents)' }),
  currency: Type.String(),
  closeDate: Nullable(Type.String()),
  dealType: Type.String(),
  complexity: Type.String({ description: complexities.join(' | ') }),
  paymentTerms: Nullable(Type.String()),
  contractVersion: Nullable(Type.String()),
  nonStandardClauses: Nullable(Type.String()),
  ownerId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  primaryContactId: Nullable(Type.String()),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  stageChangedAt: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const Outcome = Type.Object({
  id: Type.String(),
  opportunityId: Type.String(),
  outcome: Type.String(),
  reason: Nullable(Type.String()),
  stageId: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  closeDate: Type.String(),
  accountStatusBefore: Type.String(),
  accountStatusAfter: Type.String(),
  actor: Actor,
  createdAt: Type.String(),
  reopenedAt: Nullable(Type.String()),
  reopenedBy: Nullable(Type.String()),
});

export const Enrolment = Type.Object({
  id: Type.String(),
  sequenceId: Type.String(),
  sequenceName: Type.String(),
  contactId: Type.String(),
  contactName: Type.String(),
  accountId: Type.String(),
  opportunityId: Nullable(Type.String()),
  status: Type.String(),
  stoppedReason: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
  enrolledAt: Type.String(),
});

export const CloseResult = Type.Object({
  changed: Type.Boolean({ description: 'false when the deal already had this outcome and nothing changed' }),
  opportunity: Opportunity,
  outcome: Nullable(Outcome),
  account: Type.Object({ id: Type.String(), name: Type.String(), statusBefore: Type.String(), statusAfter: Type.String(), activated: Type.Boolean() }),
  stoppedEnrolments: Type.Array(Enrolment),
  events: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), status: Type.String() })),
  notifications: Nullable(Type.Object({ role: Type.String(), recipients: Type.Integer(), delivered: Type.Integer() })),
  runs: Type.Array(Type.Object({ id: Type.String(), rule: Type.String(), status: Type.String(), error: Nullable(Type.String()) })),
  summary: Type.Array(Type.String()),
});

export const TimelineEntry = Type.Object({
  at: Type.String(),
  type: Type.String(),
  title: Type.String(),
  detail: Nullable(Type.String()),
  actor: Nullable(Actor),
});

export const Activity = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  subject: Nullable(Type.String()),
  body: Type.String(),
  occurredAt: Type.String(),
  authorId: Nullable(Type.String()),
  authorName: Nullable(Type.String()),
  accountId: Type.String(),
  opportunityId: Nullable(Type.String()),
  contactId: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  subjectType: Nullable(Type.String()),
  subjectId: Nullable(Type.String()),
  readAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const OutboxEvent = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  type: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lockedBy: Nullable(Type.String()),
  lockedUntil: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  processedAt: Nullable(Type.String()),
  stuck: Type.Boolean({ description: 'pending for more than 5 minutes past its due time: no live worker is taking it' }),
});

export const AuditRecord = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Actor,
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};
