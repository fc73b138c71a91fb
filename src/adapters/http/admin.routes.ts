// Notifications for the person logged in, and the workspace's administration: users, API tokens, outbox, audit log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, notFound } from '../../domain/errors.ts';
import { createUser, issueApiToken, revokeToken } from '../../flows/identity.flow.ts';
import { listAudit } from '../db/audit.repo.ts';
import { listApiTokens } from '../db/auth.repo.ts';
import { countUnread, findNotification, listNotifications, markRead } from '../db/notifications.repo.ts';
import { findEvent, listEvents, retryEvent } from '../db/outbox.repo.ts';
import { listUsers } from '../db/workspaces.repo.ts';
import { callerOf, personOf } from './auth.ts';
import {
  ApiToken,
  AuditListQuery,
  AuditRecord,
  IssuedToken,
  MarkedRead,
  NewToken,
  NewUser,
  Notification,
  NotificationListQuery,
  OutboxEvent,
  OutboxEventDetail,
  OutboxListQuery,
  UnreadCount,
  User,
  UserListQuery,
} from '../../schemas/admin.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
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
          querystring: NotificationListQuery,
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
          response: { 200: UnreadCount, ...errorResponses },
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
          response: { 200: MarkedRead, ...errorResponses },
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
          querystring: UserListQuery,
          response: { 200: page(User), ...errorResponses },
        },
      },
      async (request) => listUsers(deps.db, callerOf(request).workspaceId, { ...request.query, limit: request.query.limit ?? 50 }),
    );

    app.post(
      '/api/users',
      {
        config: { permission: 'users.manage' },
        schema: {
          tags: ['users'],
          summary: 'Add a person to the workspace',
          body: NewUser,
          response: { 201: User, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createUser(deps, callerOf(request), request.body)),
    );

    app.get(
      '/api/tokens',
      {
        config: { permission: 'tokens.manage' },
        schema: {
          tags: ['tokens'],
          summary: 'API tokens (secrets are never shown again)',
          response: { 200: list(ApiToken), ...errorResponses },
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
          body: NewToken,
          response: { 201: IssuedToken, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await issueApiToken(deps, callerOf(request), request.body)),
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
          querystring: OutboxListQuery,
          response: { 200: page(OutboxEvent), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listEvents(deps.db, callerOf(request).workspaceId, { ...q, limit: q.limit ?? 50 });
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
          response: { 200: OutboxEventDetail, ...errorResponses },
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
          querystring: AuditListQuery,
          response: { 200: page(AuditRecord), ...errorResponses },
        },
      },
      async (request) => listAudit(deps.db, callerOf(request).workspaceId, { ...request.query, limit: request.query.limit ?? 50 }),
    );
  };
