// Login, logout and "who am I" for the web UI.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { logIn, sessionTtlMs } from '../../flows/identity.flow.ts';
import { deleteSession, findSession } from '../db/auth.repo.ts';
import { findUser, findWorkspace } from '../db/workspaces.repo.ts';
import { identify, personOf, sessionCookie } from './auth.ts';
import { CurrentSession, LoginBody, Session } from '../../schemas/auth.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { HttpDeps } from './server.ts';

/** The e-mail a login body names, if any, before the body is validated. */
const emailOf = (body: unknown): string => (body !== null && typeof body === 'object' && 'email' in body ? String(body.email) : '');

export const authRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: {
          public: true,
          // Guessing passwords: 10 tries a minute per address and e-mail.
          rateLimit: {
            max: 10,
            timeWindow: '1 minute',
            keyGenerator: (request) => `${request.ip}:${emailOf(request.body).toLowerCase()}`,
            errorResponseBuilder: (_request, context) =>
              new AppError('auth.too_many_attempts', 'rate_limited', `Too many login attempts: try again in ${Math.ceil(context.ttl / 1000)} s`),
          },
        },
        schema: {
          tags: ['auth'],
          summary: 'Log in with e-mail and password; sets the session cookie',
          body: LoginBody,
          response: { 200: Session, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await logIn(deps.db, request.body.email, request.body.password);
        reply.setCookie(sessionCookie, result.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.cookieSecure,
          maxAge: Math.floor(sessionTtlMs / 1000),
        });
        return { user: result.user, workspace: result.workspace, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'End the session', response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        const token = request.cookies[sessionCookie];
        if (token) {
          const session = await findSession(deps.db, token);
          if (session) await deleteSession(deps.db, session.sessionId);
        }
        reply.clearCookie(sessionCookie, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/session',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'The session of this browser, or null when signed out (never 401: the web asks it on every load)',
          response: { 200: CurrentSession },
        },
      },
      async (request) => {
        const caller = await identify(deps.db, request);
        if (!caller?.userId || !caller.sessionId) return { session: null };
        const [workspace, user] = await Promise.all([findWorkspace(deps.db, caller.workspaceId), findUser(deps.db, caller.workspaceId, caller.userId)]);
        if (!workspace || !user) return { session: null };
        return { session: { user, workspace, csrfToken: caller.csrfToken } };
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['auth'], summary: 'The logged-in user, the workspace and the CSRF token', response: { 200: Session, ...errorResponses } },
      },
      async (request) => {
        const caller = personOf(request);
        const [workspace, user] = await Promise.all([findWorkspace(deps.db, caller.workspaceId), findUser(deps.db, caller.workspaceId, caller.userId)]);
        return { user: user!, workspace: workspace!, csrfToken: caller.csrfToken };
      },
    );
  };
