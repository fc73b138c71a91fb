// The operations digest: read a day's, send it now (in the app and by e-mail), and the hour it goes out daily.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getDigest, getDigestHour, sendDigest, setDigestHour } from '../../flows/digest.flow.ts';
import { errorResponses } from '../../schemas/common.ts';
import { Digest, DigestQuery, DigestSchedule, DigestSendBody, DigestSent } from '../../schemas/digest.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const digestRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/digest',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['digest'],
          summary:
            'The operations digest of a day (today by default): new wins, handoffs waiting or paused, overdue onboarding tasks by owner, clients without a project or owner, approvals past their SLA, projects that changed health',
          querystring: DigestQuery,
          response: { 200: Digest, ...errorResponses },
        },
      },
      async (request) => getDigest(deps, callerOf(request).workspaceId, request.query.date),
    );

    app.post(
      '/api/digest/send',
      {
        config: { permission: 'team.manage' },
        schema: {
          tags: ['digest'],
          summary: "Send a day's digest (today by default) to operations and the admins, in the app and by e-mail; once per day and person",
          body: DigestSendBody,
          response: { 200: DigestSent, ...errorResponses },
        },
      },
      async (request) => sendDigest(deps, callerOf(request), { date: request.body.date, baseUrl: `${request.protocol}://${request.host}` }),
    );

    app.get(
      '/api/digest/schedule',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['digest'], summary: 'The hour the digest goes out daily', response: { 200: DigestSchedule, ...errorResponses } },
      },
      async (request) => getDigestHour(deps, callerOf(request).workspaceId),
    );

    app.put(
      '/api/digest/schedule',
      {
        config: { permission: 'team.manage' },
        schema: {
          tags: ['digest'],
          summary: "Set the hour of the workspace's day the digest goes out (null: on demand only)",
          body: DigestSchedule,
          response: { 200: DigestSchedule, ...errorResponses },
        },
      },
      async (request) => setDigestHour(deps, callerOf(request), request.body.hour),
    );
  };
