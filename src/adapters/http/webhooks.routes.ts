// The webhook allow-list, for the workspace's admins: hosts rule webhooks may call although they are not public.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { setWebhookHosts } from '../../flows/webhook-hosts.flow.ts';
import { findWebhookHosts } from '../db/workspaces.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses } from '../../schemas/common.ts';
import { WebhookSettings } from '../../schemas/webhooks.ts';
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
