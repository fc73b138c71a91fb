// The webhook allow-list, for the workspace's admins: hosts rule webhooks may call although they are not public.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { setWebhookHosts } from '../../flows/webhook-hosts.flow.ts';
import { findWebhookHosts } from '../db/workspaces.repo.ts';
import { callerOf } from './auth.ts';
import { Type } from 'typebox';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  redeliver,
  updateSubscription,
} from '../../flows/webhook-subscriptions.flow.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import {
  DeliveryListQuery,
  WebhookDelivery,
  WebhookSettings,
  WebhookSubscription,
  WebhookSubscriptionInput,
  WebhookSubscriptionPatch,
} from '../../schemas/webhooks.ts';
import type { HttpDeps } from './server.ts';

export const webhookRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/settings/webhooks',
      {
        config: { permission: 'webhooks.manage' },
        schema: {
          tags: ['settings'],
          summary: 'The hosts rule webhooks may call although they are not public (admins only)',
          response: { 200: WebhookSettings, ...errorResponses },
        },
      },
      async (request) => ({ allowedHosts: await findWebhookHosts(deps.db, callerOf(request).workspaceId) }),
    );

    app.put(
      '/api/settings/webhooks',
      {
        config: { permission: 'webhooks.manage' },
        schema: {
          tags: ['settings'],
          summary: 'Replace the hosts rule webhooks may call although they are not public, e.g. an internal n8n (admins only)',
          body: WebhookSettings,
          response: { 200: WebhookSettings, ...errorResponses },
        },
      },
      async (request) => ({ allowedHosts: await setWebhookHosts(deps, callerOf(request), request.body.allowedHosts) }),
    );
  };

/** Outbound webhook subscriptions and their delivery log (admins only). */
export const webhookSubscriptionRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const config = { permission: 'webhooks.manage' as const };
    const tags = ['webhooks'];

    app.get(
      '/api/webhook-subscriptions',
      {
        config,
        schema: {
          tags,
          summary: 'The outbound webhook subscriptions, with their delivery counts',
          response: { 200: list(WebhookSubscription), ...errorResponses },
        },
      },
      async (request) => ({ items: await listSubscriptions(deps.db, callerOf(request).workspaceId) }),
    );

    app.post(
      '/api/webhook-subscriptions',
      {
        config,
        schema: {
          tags,
          summary:
            'Subscribe a URL to event types: each event is POSTed as JSON signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature)',
          body: WebhookSubscriptionInput,
          response: { 201: WebhookSubscription, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        return reply.status(201).send(await createSubscription(deps, { ...caller, userId: caller.userId }, request.body));
      },
    );

    app.get(
      '/api/webhook-subscriptions/:id',
      { config, schema: { tags, summary: 'One subscription', params: IdParams, response: { 200: WebhookSubscription, ...errorResponses } } },
      async (request) => getSubscription(deps.db, callerOf(request).workspaceId, request.params.id),
    );

    app.patch(
      '/api/webhook-subscriptions/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Change the URL or the event types, pause or enable it again, or rotate its secret',
          params: IdParams,
          body: WebhookSubscriptionPatch,
          response: { 200: WebhookSubscription, ...errorResponses },
        },
      },
      async (request) => updateSubscription(deps, callerOf(request), request.params.id, request.body),
    );

    app.delete(
      '/api/webhook-subscriptions/:id',
      {
        config,
        schema: { tags, summary: 'Remove the subscription (its delivery log stays)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
      },
      async (request, reply) => {
        await deleteSubscription(deps, callerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/webhook-subscriptions/:id/deliveries',
      {
        config,
        schema: {
          tags,
          summary: "The subscription's deliveries, newest first: each with its attempts, status and last error",
          params: IdParams,
          querystring: DeliveryListQuery,
          response: { 200: page(WebhookDelivery), ...errorResponses },
        },
      },
      async (request) =>
        listDeliveries(deps.db, callerOf(request).workspaceId, request.params.id, {
          status: request.query.status,
          limit: request.query.limit ?? 50,
          cursor: request.query.cursor,
        }),
    );

    app.post(
      '/api/webhook-deliveries/:id/redeliver',
      {
        config,
        schema: {
          tags,
          summary: 'Send a delivery again now (same webhook-id, so the receiver can tell it is a repeat)',
          params: IdParams,
          response: { 200: WebhookDelivery, ...errorResponses },
        },
      },
      // The flow's commit wakes the automation, the delivery worker with it.
      async (request) => redeliver(deps, { ...callerOf(request), now: deps.now() }, request.params.id),
    );
  };
