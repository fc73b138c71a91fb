// Who is calling: a Bearer API token or a session cookie (with a CSRF header on changes); then the role check.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { can, type Permission, type Role } from '../../domain/roles.ts';
import { findApiToken, findSession, touchApiToken } from '../db/auth.repo.ts';
import type { Db } from '../db/database.ts';

export const sessionCookie = 'baton_session';

export type Caller = {
  workspaceId: string;
  role: Role;
  actor: Actor;
  /** The person behind a session; null for API tokens. */
  userId: string | null;
  sessionId: string | null;
  csrfToken: string | null;
};

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** What the caller needs; routes without it and without `public` are refused. */
    permission?: Permission;
    public?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How stale an API token's last-used time may get before a request writes it again (touchApiToken's own guard too). */
const tokenTouchIntervalMs = 60_000;

export async function identify(db: Db, request: FastifyRequest): Promise<Caller | null> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('auth.required', 'unauthorized', 'The Authorization header must be "Bearer <token>"');
    const token = await findApiToken(db, match[1]!);
    if (!token) throw new AppError('auth.required', 'unauthorized', 'The API token is unknown or revoked');
    // Last used is kept to the minute: a read sends no write while the token's time is less than a minute old.
    if (!token.last_used_at || Date.now() - token.last_used_at.getTime() >= tokenTouchIntervalMs) void touchApiToken(db, token.id).catch(() => undefined);
    return {
      workspaceId: token.workspace_id,
      role: token.role as Role,
      actor: { type: 'token', id: token.id, label: `token ${token.name}` },
      userId: null,
      sessionId: null,
      csrfToken: null,
    };
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return null;
  const session = await findSession(db, cookie);
  if (!session) return null;
  return {
    workspaceId: session.user.workspace_id,
    role: session.user.role as Role,
    actor: { type: 'user', id: session.user.id, label: session.user.name },
    userId: session.user.id,
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
  };
}

export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('caller', null);
  // On request, before the body is parsed and validated: a caller who may not call the route learns nothing of its
  // schema (a 401 or 403, never a 400 naming fields), and a refused request costs no parsing.
  app.addHook('onRequest', async (request) => {
    // Decided by the route matched, not the URL: the web UI's file route must not fall under the API's rules.
    const route = request.routeOptions.url ?? '';
    if (request.is404 || !route.startsWith('/api/') || route.startsWith('/api/docs')) return;
    const config = request.routeOptions.config;
    if (config.public) return;
    const caller = await identify(db, request);
    if (!caller) throw new AppError('auth.required', 'unauthorized', 'Log in or send an API token');
    // A cookie rides along with cross-site requests; a header an attacker's page cannot set proves intent.
    if (caller.sessionId && !safeMethods.has(request.method) && request.headers['x-csrf-token'] !== caller.csrfToken) {
      throw new AppError('auth.csrf', 'forbidden', 'Missing or wrong X-CSRF-Token header');
    }
    request.caller = caller;
    const needed = config.permission;
    if (!needed) throw new Error(`Route ${request.routeOptions.url} declares no permission`);
    if (!can(caller.role, needed)) {
      throw new AppError('auth.forbidden', 'forbidden', `The ${caller.role} role may not do this (needs ${needed})`, {
        details: { role: caller.role, permission: needed },
      });
    }
  });
}

/** The caller of a route that passed the auth hook. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('auth.required', 'unauthorized', 'Log in or send an API token');
  return request.caller;
}

export function personOf(request: FastifyRequest): Caller & { userId: string } {
  const caller = callerOf(request);
  if (!caller.userId) throw new AppError('auth.forbidden', 'forbidden', 'This belongs to a person: log in rather than use an API token');
  return caller as Caller & { userId: string };
}
