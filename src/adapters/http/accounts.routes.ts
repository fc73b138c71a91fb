// Accounts, contacts, activities and sequence enrolments.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { accountStatuses, buyingRoles, type AccountStatus, type BuyingRole } from '../../domain/opportunity.ts';
import { logActivity } from '../../flows/activities.flow.ts';
import { createAccount, createContact, updateAccount, updateContact } from '../../flows/crm.flow.ts';
import { createSequence, enrolContact, stopEnrolment } from '../../flows/sequences.flow.ts';
import { findAccount, findContact, listAccounts, listContacts } from '../db/accounts.repo.ts';
import { findActivity, listActivities, type ActivityKind } from '../db/activities.repo.ts';
import { listSequences } from '../db/sequences.repo.ts';
import { listEnrolments, type Enrolment } from '../db/opportunities.repo.ts';
import { callerOf } from './auth.ts';
import { Account, Activity, Contact, Enrolment as EnrolmentSchema, errorResponses, IdParams, literals, Nullable, page, PageQuery, Uuid } from './schemas.ts';
import type { HttpDeps } from './server.ts';

const activityKinds = ['note', 'call', 'email', 'meeting'] as const;
const optionalText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

const AccountBody = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  domain: optionalText(253),
  industry: optionalText(100),
  status: Type.Optional(literals(accountStatuses)),
  ownerId: Type.Optional(Nullable(Uuid)),
  csmId: Type.Optional(Nullable(Uuid)),
};

export const accountRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/accounts',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['accounts'],
          summary: 'List accounts',
          querystring: Type.Object(
            { status: Type.Optional(literals(accountStatuses)), ownerId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
            { additionalProperties: false },
          ),
          response: { 200: page(Account), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listAccounts(deps.db, callerOf(request).workspaceId, { ...q, status: q.status as AccountStatus | undefined, limit: q.limit ?? 50 });
      },
    );

    app.post(
      '/api/accounts',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['accounts'],
          summary: 'Create an account',
          body: Type.Object(AccountBody, { additionalProperties: false }),
          response: { 201: Account, ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        return reply.status(201).send(await createAccount(deps, callerOf(request), { ...body, status: body.status as AccountStatus | undefined }));
      },
    );

    app.get(
      '/api/accounts/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['accounts'], summary: 'One account', params: IdParams, response: { 200: Account, ...errorResponses } },
      },
      async (request) => {
        const found = await findAccount(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!found) throw notFound('account.not_found', 'Account');
        return found;
      },
    );

    app.patch(
      '/api/accounts/:id',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['accounts'],
          summary: 'Edit an account',
          params: IdParams,
          body: Type.Object({ ...AccountBody, name: Type.Optional(AccountBody.name) }, { additionalProperties: false, minProperties: 1 }),
          response: { 200: Account, ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        return updateAccount(deps, callerOf(request), request.params.id, { ...body, status: body.status as AccountStatus | undefined });
      },
    );

    app.get(
      '/api/contacts',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['contacts'],
          summary: 'List contacts',
          querystring: Type.Object(
            { accountId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
            { additionalProperties: false },
          ),
          response: { 200: page(Contact), ...errorResponses },
        },
      },
      async (request) => listContacts(deps.db, callerOf(request).workspaceId, { ...request.query, limit: request.query.limit ?? 50 }),
    );

    app.get(
      '/api/contacts/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['contacts'], summary: 'One contact', params: IdParams, response: { 200: Contact, ...errorResponses } },
      },
      async (request) => {
        const found = await findContact(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!found) throw notFound('contact.not_found', 'Contact');
        return found;
      },
    );

    app.post(
      '/api/contacts',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['contacts'],
          summary: 'Create a contact',
          body: Type.Object(
            {
              accountId: Uuid,
              firstName: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
              lastName: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
              email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
              phone: optionalText(50),
              title: optionalText(200),
              buyingRole: Type.Optional(Nullable(literals(buyingRoles))),
            },
            { additionalProperties: false },
          ),
          response: { 201: Contact, ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        return reply.status(201).send(await createContact(deps, callerOf(request), { ...body, buyingRole: body.buyingRole as BuyingRole | null | undefined }));
      },
    );

    app.patch(
      '/api/contacts/:id',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['contacts'],
          summary: 'Edit a contact',
          params: IdParams,
          body: Type.Object(
            {
              firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
              lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
              email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
              phone: optionalText(50),
              title: optionalText(200),
              buyingRole: Type.Optional(Nullable(literals(buyingRoles))),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: Contact, ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        return updateContact(deps, callerOf(request), request.params.id, { ...body, buyingRole: body.buyingRole as BuyingRole | null | undefined });
      },
    );

    app.get(
      '/api/activities',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['activities'],
          summary: 'List activities, newest first',
          querystring: Type.Object(
            { opportunityId: Type.Optional(Uuid), accountId: Type.Optional(Uuid), kind: Type.Optional(literals(activityKinds)), ...PageQuery },
            { additionalProperties: false },
          ),
          response: { 200: page(Activity), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listActivities(deps.db, callerOf(request).workspaceId, { ...q, kind: q.kind as ActivityKind | undefined, limit: q.limit ?? 50 });
      },
    );

    app.get(
      '/api/activities/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['activities'], summary: 'One activity', params: IdParams, response: { 200: Activity, ...errorResponses } },
      },
      async (request) => {
        const found = await findActivity(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!found) throw notFound('not_found', 'Activity');
        return found;
      },
    );

    app.post(
      '/api/activities',
      {
        config: { permission: 'activity.write' },
        schema: {
          tags: ['activities'],
          summary: 'Log a note, call, e-mail or meeting on an opportunity or an account',
          body: Type.Object(
            {
              kind: literals(activityKinds),
              body: Type.String({ minLength: 1, maxLength: 200_000, pattern: '\\S' }),
              subject: optionalText(300),
              occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
              opportunityId: Type.Optional(Uuid),
              accountId: Type.Optional(Uuid),
              contactId: Type.Optional(Nullable(Uuid)),
            },
            { additionalProperties: false },
          ),
          response: { 201: Activity, ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        return reply.status(201).send(await logActivity(deps, callerOf(request), { ...body, kind: body.kind as ActivityKind }));
      },
    );

    app.get(
      '/api/sequences',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['sequences'],
          summary: 'Nurture sequences',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({ id: Type.String(), name: Type.String(), description: Nullable(Type.String()), steps: Type.Integer(), active: Type.Boolean() }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({ items: await listSequences(deps.db, callerOf(request).workspaceId) }),
    );

    app.post(
      '/api/sequences',
      {
        config: { permission: 'sequence.write' },
        schema: {
          tags: ['sequences'],
          summary: 'Create a nurture sequence',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
              description: optionalText(2000),
              steps: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ id: Type.String(), name: Type.String(), description: Nullable(Type.String()), steps: Type.Integer(), active: Type.Boolean() }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => reply.status(201).send(await createSequence(deps, callerOf(request), request.body)),
    );

    app.get(
      '/api/enrolments',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['sequences'],
          summary: 'Sequence enrolments',
          querystring: Type.Object(
            {
              accountId: Type.Optional(Uuid),
              opportunityId: Type.Optional(Uuid),
              contactId: Type.Optional(Uuid),
              status: Type.Optional(literals(['active', 'stopped', 'completed'] as const)),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: page(EnrolmentSchema), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listEnrolments(deps.db, callerOf(request).workspaceId, { ...q, status: q.status as Enrolment['status'] | undefined, limit: q.limit ?? 50 });
      },
    );

    app.post(
      '/api/enrolments',
      {
        config: { permission: 'sequence.write' },
        schema: {
          tags: ['sequences'],
          summary: 'Enrol a contact in a sequence',
          body: Type.Object({ sequenceId: Uuid, contactId: Uuid, opportunityId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false }),
          response: { 201: EnrolmentSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await enrolContact(deps, callerOf(request), request.body)),
    );

    app.post(
      '/api/enrolments/:id/stop',
      {
        config: { permission: 'sequence.write' },
        schema: {
          tags: ['sequences'],
          summary: 'Stop an enrolment by hand',
          params: IdParams,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false }),
          response: { 200: EnrolmentSchema, ...errorResponses },
        },
      },
      async (request) => stopEnrolment(deps, callerOf(request), request.params.id, request.body.reason),
    );
  };
