// The person's notifications and the workspace's administration: people, API tokens, outbox, audit log, health.
import { Type, type Static } from 'typebox';
import { eventTypes } from '../domain/events.ts';
import { Role, User } from './auth.ts';
import { Actor, Nullable, oneOf, PageQuery, Uuid } from './common.ts';

export const outboxStatuses = ['pending', 'done', 'failed'] as const;
export const OutboxStatus = oneOf(outboxStatuses);
export type OutboxStatus = Static<typeof OutboxStatus>;

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
export type Notification = Static<typeof Notification>;

export const NotificationListQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false });
export type NotificationListQuery = Static<typeof NotificationListQuery>;
export const UnreadCount = Type.Object({ count: Type.Integer() });
export type UnreadCount = Static<typeof UnreadCount>;
export const MarkedRead = Type.Object({ marked: Type.Integer() });
export type MarkedRead = Static<typeof MarkedRead>;

export const UserListQuery = Type.Object({ role: Type.Optional(Role), ...PageQuery }, { additionalProperties: false });
export type UserListQuery = Static<typeof UserListQuery>;
export const NewUser = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    role: Role,
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type NewUser = Static<typeof NewUser>;
export { User };

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  prefix: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});
export type ApiToken = Static<typeof ApiToken>;
export const NewToken = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), role: Role }, { additionalProperties: false });
export type NewToken = Static<typeof NewToken>;
/** The secret is in this answer only: the server keeps a hash. */
export const IssuedToken = Type.Object({ token: ApiToken, secret: Type.String() });
export type IssuedToken = Static<typeof IssuedToken>;

export const OutboxEvent = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  type: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: OutboxStatus,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lockedBy: Nullable(Type.String()),
  lockedUntil: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  processedAt: Nullable(Type.String()),
  stuck: Type.Boolean({ description: 'pending for more than 5 minutes past its due time: no live worker is taking it' }),
  subjectName: Type.Optional(
    Nullable(Type.String({ description: "the subject's name (a deal's, an account's, a project's) or a task's title, when it still exists" })),
  ),
});
export type OutboxEvent = Static<typeof OutboxEvent>;

export const OutboxAttempt = Type.Object({
  attempt: Type.Integer(),
  worker: Type.String(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  error: Nullable(Type.String()),
});
export type OutboxAttempt = Static<typeof OutboxAttempt>;
export const OutboxEventDetail = Type.Object({ ...OutboxEvent.properties, attemptLog: Type.Array(OutboxAttempt) });
export type OutboxEventDetail = Static<typeof OutboxEventDetail>;

export const OutboxListQuery = Type.Object(
  {
    status: Type.Optional(OutboxStatus),
    type: Type.Optional(oneOf(eventTypes, { description: 'one event type, e.g. deal.won' })),
    subjectId: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OutboxListQuery = Static<typeof OutboxListQuery>;

export const AuditReference = Type.Object({
  type: Type.String({
    description:
      'the kind of record: user, opportunity, account, contact, project, task, rule, rule_run, project_template, pipeline, stage, loss_reason, sequence',
  }),
  name: Type.String(),
});
export type AuditReference = Static<typeof AuditReference>;
export const AuditRecord = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Actor,
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  references: Type.Record(Type.String(), AuditReference, {
    description: 'the records the entry names (its entity, and the ids in before and after), by id, with their names',
  }),
});
export type AuditRecord = Static<typeof AuditRecord>;
export const AuditListQuery = Type.Object({ entityId: Type.Optional(Uuid), ...PageQuery }, { additionalProperties: false });
export type AuditListQuery = Static<typeof AuditListQuery>;

/** What anyone may know: whether the service is up. */
export const PublicHealth = Type.Object({ status: oneOf(['up', 'down'] as const) });
export type PublicHealth = Static<typeof PublicHealth>;

/** For an admin: the database, and how far the workspace's outbox and rule runs lag behind. */
export const Health = Type.Object({
  status: oneOf(['up', 'down'] as const),
  database: Type.String({ description: 'pglite or postgres' }),
  outbox: Type.Object({ pending: Type.Integer(), failed: Type.Integer(), oldestPendingSeconds: Type.Number() }),
  runs: Type.Object({ waiting: Type.Integer(), failed: Type.Integer(), stuck: Type.Integer(), timersWaiting: Type.Integer() }),
});
export type Health = Static<typeof Health>;
