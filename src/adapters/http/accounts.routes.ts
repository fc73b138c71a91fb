// Accounts, contacts, activities and sequence enrolments.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../domain/errors.ts';
import { logActivity } from '../../flows/activities.flow.ts';
import { createAccount, createContact, updateAccount, updateContact } from '../../flows/crm.flow.ts';
import { createSequence, enrolContact, stopEnrolment } from '../../flows/sequences.flow.ts';
import { findAccount, findContact, listAccounts, listContacts } from '../db/accounts.repo.ts';
import { findActivity, listActivities } from '../db/activities.repo.ts';
import { listSequences } from '../db/sequences.repo.ts';
import { listEnrolments } from '../db/opportunities.repo.ts';
import {
  Account,
  AccountChange,
  AccountListQuery,
  Activity,
  ActivityListQuery,
  Contact,
  ContactChange,
  ContactListQuery,
  Enrolment,
  EnrolmentListQuery,
  NewAccount,
  NewActivity,
  NewContact,
  NewEnrolment,
  NewSequence,
  Sequence,
  StopEnrolment,
} from '../../schemas/accounts.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

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
          querystring: AccountListQuery,
          response: { 200: page(Account), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listAccounts(deps.db, callerOf(request).workspaceId, { ...q, limit: q.limit ?? 50 });
      },
    );

    app.post(
      '/api/accounts',
      {
        config: { permission: 'crm.write' },
        schema: {
          tags: ['accounts'],
          summary: 'Create an account',
          body: NewAccount,
          response: { 201: Account, ...errorResponses },
        },
      },
      async (request, reply) => {
        return reply.status(201).send(await createAccount(deps, callerOf(request), request.body));
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
          body: AccountChange,
          response: { 200: Account, ...errorResponses },
        },
      },
      async (request) => {
        return updateAccount(deps, callerOf(request), request.params.id, request.body);
      },
    );

    app.get(
      '/api/contacts',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['contacts'],
          summary: 'List contacts',
          querystring: ContactListQuery,
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
          body: NewContact,
          response: { 201: Contact, ...errorResponses },
        },
      },
      async (request, reply) => {
        return reply.status(201).send(await createContact(deps, callerOf(request), request.body));
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
          body: ContactChange,
          response: { 200: Contact, ...errorResponses },
        },
      },
      async (request) => updateContact(deps, callerOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/activities',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['activities'],
          summary: 'List activities, newest first',
          querystring: ActivityListQuery,
          response: { 200: page(Activity), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listActivities(deps.db, callerOf(request).workspaceId, { ...q, limit: q.limit ?? 50 });
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
          body: NewActivity,
          response: { 201: Activity, ...errorResponses },
        },
      },
      async (request, reply) => {
        return reply.status(201).send(await logActivity(deps, callerOf(request), request.body));
      },
    );

    app.get(
      '/api/sequences',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['sequences'],
          summary: 'Nurture sequences',
          response: { 200: list(Sequence), ...errorResponses },
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
          body: NewSequence,
          response: { 201: Sequence, ...errorResponses },
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
          querystring: EnrolmentListQuery,
          response: { 200: page(Enrolment), ...errorResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return listEnrolments(deps.db, callerOf(request).workspaceId, { ...q, limit: q.limit ?? 50 });
      },
    );

    app.post(
      '/api/enrolments',
      {
        config: { permission: 'sequence.write' },
        schema: {
          tags: ['sequences'],
          summary: 'Enrol a contact in a sequence',
          body: NewEnrolment,
          response: { 201: Enrolment, ...errorResponses },
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
          body: StopEnrolment,
          response: { 200: Enrolment, ...errorResponses },
        },
      },
      async (request) => stopEnrolment(deps, callerOf(request), request.params.id, request.body.reason),
    );
  };
