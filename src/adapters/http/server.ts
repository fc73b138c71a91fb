// The HTTP server: the API under /api, its OpenAPI document and docs page, /healthz, and the web UI.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { databaseAnswers, outboxLag } from '../db/outbox.repo.ts';
import { Health, PublicHealth } from '../../schemas/admin.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { Deps } from '../../flows/deps.ts';
import { accountRoutes } from './accounts.routes.ts';
import { adminRoutes } from './admin.routes.ts';
import { callerOf, registerAuth } from './auth.ts';
import { authRoutes } from './auth.routes.ts';
import { runLag } from '../db/rules.repo.ts';
import { handleError } from './errors.ts';
import { pipelineRoutes } from './pipelines.routes.ts';
import { lossReasonRoutes } from './loss-reasons.routes.ts';
import { inputIssues } from './input-guard.ts';
import { invalid } from '../../domain/errors.ts';
import { opportunityRoutes } from './opportunities.routes.ts';
import { projectRoutes } from './projects.routes.ts';
import { automationRoutes } from './automation.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { tractionRoutes } from './traction.routes.ts';
import { briefRoutes } from './brief.routes.ts';
import { webhookRoutes, webhookSubscriptionRoutes } from './webhooks.routes.ts';
import { viewRoutes } from './views.routes.ts';
import { approvalRoutes } from './approvals.routes.ts';
import { meetingRoutes } from './meetings.routes.ts';
import { documentRoutes } from './documents.routes.ts';
import { mailRoutes } from './mail.routes.ts';
import { inboundRoutes } from './inbound.routes.ts';
import { importRoutes } from './imports.routes.ts';
import { exportRoutes } from './exports.routes.ts';
import { recordImportRoutes } from './record-imports.routes.ts';
import { leadRoutes } from './leads.routes.ts';
import { reactivationRoutes } from './reactivation.routes.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { digestRoutes } from './digest.routes.ts';

export type HttpDeps = Deps & { config: Pick<Config, 'cookieSecure'>; database: Pick<Database, 'kind'> };

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

export async function buildServer(deps: HttpDeps, options: { logger?: Logger | false } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (options.logger === false ? undefined : (options.logger ?? deps.log)) as FastifyBaseLogger | undefined,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // A path the router cannot decode (a lone surrogate's bytes, a stray %) is answered like any bad input.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      void reply
        .status(400)
        .send({ error: { code: 'validation', message: error.message, fields: [{ path: 'url', message: 'is not valid percent-encoded UTF-8' }] } });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(handleError);
  await app.register(cookie);
  // Only routes that ask for it (login) are limited; see auth.routes.ts.
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Baton API',
        version: '0.1.0',
        description:
          'The operational CRM: a won deal becomes delivered work. Authenticate with `Authorization: Bearer <token>` or the session cookie (with `X-CSRF-Token` on changes).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'baton_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerAuth(app, deps.db);
  // A POST without a body is an empty object, so actions like win need no `{}` and missing fields are named.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
    const issues = [...inputIssues(request.params, 'params'), ...inputIssues(request.query, 'querystring'), ...inputIssues(request.body, 'body')];
    if (issues.length > 0) throw invalid(issues);
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  // Anyone may learn whether the service is up; what it holds and how far behind it is are for admins (GET /api/health).
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'Whether the service and its database are up', response: { 200: PublicHealth, 503: PublicHealth } },
    },
    async (_request, reply) => {
      try {
        await databaseAnswers(deps.db);
        return { status: 'up' as const };
      } catch (error) {
        deps.log.error({ err: error }, 'health check failed');
        return reply.status(503).send({ status: 'down' });
      }
    },
  );
  app.get(
    '/api/health',
    {
      config: { permission: 'health.read' },
      schema: {
        tags: ['health'],
        summary: "The database, and the workspace's outbox and rule-run backlog (admins only)",
        response: { 200: Health, ...errorResponses },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const [outbox, runs] = await Promise.all([outboxLag(deps.db, workspaceId), runLag(deps.db, workspaceId, deps.now())]);
      return { status: 'up' as const, database: deps.database.kind, outbox, runs };
    },
  );

  await app.register(authRoutes(deps));
  await app.register(opportunityRoutes(deps));
  await app.register(pipelineRoutes(deps));
  await app.register(accountRoutes(deps));
  await app.register(adminRoutes(deps));
  await app.register(projectRoutes(deps));
  await app.register(automationRoutes(deps));
  await app.register(settingsRoutes(deps));
  await app.register(tractionRoutes(deps));
  await app.register(briefRoutes(deps));
  await app.register(webhookRoutes(deps));
  await app.register(webhookSubscriptionRoutes(deps));
  await app.register(lossReasonRoutes(deps));
  await app.register(viewRoutes(deps));
  await app.register(documentRoutes(deps));
  await app.register(mailRoutes(deps));
  await app.register(approvalRoutes(deps));
  await app.register(inboundRoutes(deps));
  await app.register(importRoutes(deps));
  await app.register(recordImportRoutes(deps));
  await app.register(exportRoutes(deps));
  await app.register(leadRoutes(deps));
  await app.register(reactivationRoutes(deps));
  await app.register(dashboardRoutes(deps));
  await app.register(digestRoutes(deps));
  await app.register(meetingRoutes(deps));

  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  // Files are looked up per request (not listed at start), so a rebuild is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (pathname.startsWith('/api/') || request.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
    }
    if (!hasWeb) return reply.status(404).type('text/plain').send('The web UI is not built: run `npm run build`.');
    // A missing file (an old asset name, a typo) is a 404, not the app.
    if (/\.[a-z0-9]+$/i.test(pathname)) return reply.status(404).type('text/plain').send('Not found');
    // Client-side routes (/opportunities/...) all load the single-page app.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
