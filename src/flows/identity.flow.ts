// Workspaces, people and their credentials: login, users, API tokens, and the bootstrap token.
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../domain/actor.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import { createApiToken, createSession, findApiToken, findApiTokenRevokedAt, revokeApiToken, type ApiToken } from '../adapters/db/auth.repo.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Db, Tx } from '../adapters/db/database.ts';
import { coreRules, installRules } from './rules.flow.ts';
import { provisionWorkspace } from './workspace-setup.flow.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  countWorkspaces,
  findUserForLogin,
  findWorkspace,
  insertUser,
  insertWorkspace,
  toUser,
  type User,
  type Workspace,
} from '../adapters/db/workspaces.repo.ts';
import { flow, type Flow, type FlowDeps } from './flow.ts';

export const sessionTtlMs = 12 * 60 * 60 * 1000;

// A real hash of a throwaway password: a login for an unknown e-mail costs as much as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Checks e-mail and password; the answer never tells which of the two was wrong. */
export async function logIn(db: Db, email: string, password: string): Promise<{ user: User; workspace: Workspace; token: string; csrfToken: string }> {
  const row = await findUserForLogin(db, email);
  dummyHash ??= hash('not-a-password');
  const ok = row?.password_hash && row.active ? await verify(row.password_hash, password) : (await verify(await dummyHash, password), false);
  if (!row || !ok) throw new AppError('auth.invalid_credentials', 'unauthorized', 'E-mail or password is wrong');
  const workspace = (await findWorkspace(db, row.workspace_id))!;
  const session = await createSession(db, row, sessionTtlMs);
  return { user: toUser(row), workspace, ...session };
}

/** A new workspace with the core rules (a won deal activates the client and notifies Operations). */
export const createWorkspace = flow(async (tx, _deps: FlowDeps, input: { name: string; slug: string; timeZone?: string }): Promise<Workspace> => {
  const id = newId();
  await insertWorkspace(tx, { id, name: input.name, slug: input.slug, timeZone: input.timeZone ?? 'UTC' });
  await installRules(tx, { workspaceId: id, actor: { type: 'system', id: null, label: 'Baton' } }, coreRules);
  return (await findWorkspace(tx, id))!;
});

type UserInput = { email: string; name: string; role: Role; password?: string | undefined };

const insertUserWithHash = flow(
  async (tx, _deps: FlowDeps, ctx: { workspaceId: string; actor: Actor }, input: UserInput, passwordHash: string | null): Promise<User> => {
    const id = newId();
    const row = await insertUser(tx, {
      id,
      workspace_id: ctx.workspaceId,
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      role: input.role,
      password_hash: passwordHash,
    });
    if (!row)
      throw new AppError('user.email_taken', 'conflict', 'A user with this e-mail already exists', {
        fields: [{ path: '/email', message: 'is already taken' }],
      });
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'user.created', entityType: 'user', entityId: id, after: { email: row.email, name: row.name, role: row.role } },
    ]);
    return toUser(row);
  },
);

/**
 * A person of the workspace, with a password or without (API and SSO only). The password is hashed before the
 * transaction opens (argon2 takes tens of milliseconds, and PGlite runs one transaction at a time).
 */
export const createUser: Flow<[ctx: { workspaceId: string; actor: Actor }, input: UserInput], User, FlowDeps> = Object.assign(
  async (deps: FlowDeps, ctx: { workspaceId: string; actor: Actor }, input: UserInput) =>
    insertUserWithHash(deps, ctx, input, input.password ? await hashPassword(input.password) : null),
  {
    in: async (tx: Tx, deps: FlowDeps, ctx: { workspaceId: string; actor: Actor }, input: UserInput) =>
      insertUserWithHash.in(tx, deps, ctx, input, input.password ? await hashPassword(input.password) : null),
  },
);

/** An API token (its secret shown once). */
export const issueApiToken = flow(
  async (
    tx,
    _deps: FlowDeps,
    ctx: { workspaceId: string; actor: Actor },
    input: { name: string; role: Role },
  ): Promise<{ token: ApiToken; secret: string }> => {
    const created = await createApiToken(tx, {
      workspaceId: ctx.workspaceId,
      name: input.name,
      role: input.role,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
    });
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'token.created', entityType: 'api_token', entityId: created.token.id, after: { name: input.name, role: input.role } },
    ]);
    return created;
  },
);

/** Revokes an API token (once: a second revoke changes and audits nothing). */
export const revokeToken = flow(async (tx, _deps: FlowDeps, ctx: { workspaceId: string; actor: Actor }, id: string): Promise<ApiToken> => {
  const before = await findApiTokenRevokedAt(tx, ctx.workspaceId, id);
  const token = await revokeApiToken(tx, ctx.workspaceId, id);
  if (!token || !before) throw notFound('token.not_found', 'API token');
  if (!before.revokedAt) {
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'token.revoked', entityType: 'api_token', entityId: id, before: { revokedAt: null }, after: { revokedAt: token.revokedAt } },
    ]);
  }
  return token;
});

/**
 * BATON_BOOTSTRAP_TOKEN on an empty database: creates a workspace ready for use (the core rules, a sales pipeline,
 * an onboarding template and the rule that builds a won deal's project) and an admin API token with that secret, so
 * an operator can create deals at once and provision everything else through the API. Does nothing once any
 * workspace exists (the demo data and the bootstrap token exclude each other).
 */
export const bootstrap = flow(async (tx, deps, secret: string): Promise<{ workspace: Workspace } | null> => {
  if ((await countWorkspaces(tx)) > 0) return null;
  if (await findApiToken(tx, secret)) return null;
  const workspace = await createWorkspace.in(tx, deps, { name: 'Baton', slug: 'baton' });
  const actor = { type: 'system' as const, id: null, label: 'bootstrap' };
  await createApiToken(tx, { workspaceId: workspace.id, name: 'bootstrap', role: 'admin', createdBy: null, secret });
  await recordAudit(tx, workspace.id, actor, [
    { action: 'workspace.created', entityType: 'workspace', entityId: workspace.id, after: { name: workspace.name } },
  ]);
  await provisionWorkspace(tx, deps, { workspaceId: workspace.id, actor });
  return { workspace };
});
