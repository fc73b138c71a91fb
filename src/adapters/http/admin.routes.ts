// Notifications for the person logged in, and the workspace's administration: users, API tokens, outbox, audit log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError, notFound } from '../../domain/errors.ts';
import type { Role as RoleName } from '../../domain/roles.ts';
import { createUser, issueApiToken, revokeToken } from '../../flows/identity.flow.ts';
import { listAudit } from '../db/audit.repo.ts';
import { listApiTokens } from '../db/auth.repo.ts';
import { countUnread, findNotification, listNotifications, markRead } from '../db/notifications.repo.ts';
import { findEvent, listEvents, retryEvent, type OutboxEvent as OutboxEventType } from '../db/outbox.repo.ts';
import { listUsers } from '../db/workspaces.repo.ts';
import { callerOf, personOf } from './auth.ts';
import { ApiToken, AuditRecord, errorResponses, IdParams, literals, Notification, OutboxEvent, page, PageQuery, Role, User, Uuid } from './schemas.ts';
import type { HttpDeps } from './server.ts';

export const adminRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/notifications',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['notifications'],
          summary: 'My notifications, newest first',
          querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false }),
          response: { 200: page(Notification), ...errorResponses },
        },
      },
      async (request) => {
        const caller = personOf(request);
        return listNotifications(deps.db, caller.workspaceId, caller.userId, { ...request.query, limit: request.query.limit ?? 50 });
      },
    );

    app.get(
      '/api/notifications/unread-count',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['notifications'],
          summary: 'How many of my notifications are unread',
          response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses },
        },
      },
      async (request) => {
        const caller = personOf(request);
        return { count: await countUnread(deps.db, caller.workspaceId, caller.userId) };
      },
    );

    app.post(
      '/api/notifications/:id/read',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['notifications'], summary: 'Mark one notification read', params: IdParams, response: { 200: Notification, ...errorResponses } },
      },
      async (request) => {
        const caller = personOf(request);
        await markRead(deps.db, caller.workspaceId, caller.userId, request.params.id);
        const found = await findNotification(deps.db, caller.workspaceId, caller.userId, request.params.id);
        if (!found) throw notFound('notification.not_found', 'Notification');
        return found;
      },
    );

    app.post(
      '/api/notifications/read-all',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark all my notifications read',
          response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses },
        },
      },
      async (request) => {
        const caller = personOf(request);
        return { marked: await markRead(deps.db, caller.workspaceId, caller.userId) };
      },
    );

    app.get(
      '/api/users',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['users'],
          summary: 'People of the workspace',
          querystring: Type.Object({ role: Type.Optional(Role), ...PageQuery }, { additionalProperties: false }),
          response: { 200: page(User), ...errorResponses },
        },
      },
      async (request) =>
        listUsers(deps.db, callerOf(request).workspaceId, {
          ...request.query,
          role: request.query.role as RoleName | undefined,
          limit: request.query.limit ?? 50,
        }),
    );

    app.post(
      '/api/users',
      {
        config: { permission: 'users.manage' },
        schema: {
          tags: ['users'],
          summary: 'Add a person to the workspace',
          body: Type.Object(
            {
              email: Type.String({ format: 'email', maxLength: 320 }),
              name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
              role: Role,
              password: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: User, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createUser(deps, callerOf(request), { ...request.body, role: request.body.role as RoleName })),
    );

    app.get(
      '/api/tokens',
      {
        config: { permission: 'tokens.manage' },
        schema: {
          tags: ['tokens'],
          summary: 'API tokens (secrets are never shown again)',
          response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listApiTokens(deps.db, callerOf(request).workspaceId) }),
    );

    app.post(
      '/api/tokens',
      {
        config: { permission: 'tokens.manage' },
        schema: {
          tags: ['tokens'],
          summary: 'Create an API token; the secret is in this response only',
          body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), role: Role }, { additionalProperties: false }),
          response: { 201: Type.Object({ token: ApiToken, secret: Type.String() }), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await issueApiToken(deps, callerOf(request), { name: request.body.name, role: request.body.role as RoleName })),
    );

    app.post(
      '/api/tokens/:id/revoke',
      {
        config: { permission: 'tokens.manage' },
        schema: { tags: ['tokens'], summary: 'Revoke an API token', params: IdParams, response: { 200: ApiToken, ...errorResponses } },
      },
      async (request) => revokeToken(deps, callerOf(request), request.params.id),
    );

    app.get(
      '/api/outbox',
      {
        config: { permission: 'outbox.read' },
        schema: {
          tags: ['outbox'],
          summary: 'Events waiting, delivered or failed, newest first',
          querystring: Type.Object(
            {
              status: Type.Optional(literals(['pending', 'done', 'failed'] as const)),
              type: Type.Optional(Type.String({ pattern: '^[a-z_]+\\.[a-z_.]+$', maxLength: 100, description: 'one event type, e.g. deal.won' })),
              subjectId: Type.Optional(Uuid),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: page(OutboxEvent), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listEvents(deps.db, callerOf(request).workspaceId, { ...q, status: q.status as OutboxEventType['status'] | undefined, limit: q.limit ?? 50 });
      },
    );

    app.get(
      '/api/outbox/:id',
      {
        config: { permission: 'outbox.read' },
        schema: {
          tags: ['outbox'],
          summary: 'One event with every delivery attempt and its error',
          params: IdParams,
          response: {
            200: Type.Object({
              ...OutboxEvent.properties,
              attemptLog: Type.Array(
                Type.Object({
                  attempt: Type.Integer(),
                  worker: Type.String(),
                  startedAt: Type.String(),
                  finishedAt: Type.Union([Type.String(), Type.Null()]),
                  error: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const found = await findEvent(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!found) throw notFound('outbox.not_found', 'Event');
        return found;
      },
    );

    app.post(
      '/api/outbox/:id/retry',
      {
        config: { permission: 'outbox.retry' },
        schema: { tags: ['outbox'], summary: 'Deliver a failed event again now', params: IdParams, response: { 200: OutboxEvent, ...errorResponses } },
      },
      async (request) => {
        const retried = await retryEvent(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!retried) {
          const existing = await findEvent(deps.db, callerOf(request).workspaceId, request.params.id);
          if (!existing) throw notFound('outbox.not_found', 'Event');
          throw new AppError('outbox.already_delivered', 'conflict', 'The event was already delivered');
        }
        deps.wakeOutbox();
        return retried;
      },
    );

    app.get(
      '/api/audit',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first',
          querystring: Type.Object({ entityId: Type.Optional(Uuid), ...PageQuery }, { additionalProperties: false }),
          response: { 200: page(AuditRecord), ...errorResponses },
        },
      },
      async (request) => listAudit(deps.db, callerOf(request).workspaceId, { ...request.query, limit: request.query.limit ?? 50 }),
    );
  };
