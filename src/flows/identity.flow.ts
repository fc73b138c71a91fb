// Workspaces, people and their credentials: login, users, API tokens, and the bootstrap token.
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../domain/actor.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import { createApiToken, createSession, findApiToken, findApiTokenRevokedAt, revokeApiToken, type ApiToken } from '../adapters/db/auth.repo.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Db, DbOrTx, Tx } from '../adapters/db/database.ts';
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
import type { Deps } from './deps.ts';

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
export async function createWorkspace(db: DbOrTx, input: { name: string; slug: string; timeZone?: string }): Promise<Workspace> {
  const id = newId();
  const create = async (tx: Tx) => {
    await insertWorkspace(tx, { id, name: input.name, slug: input.slug, timeZone: input.timeZone ?? 'UTC' });
    await installRules(tx, { workspaceId: id, actor: { type: 'system', id: null, label: 'Baton' } }, coreRules);
    return (await findWorkspace(tx, id))!;
  };
  return db.isTransaction ? create(db as Tx) : (db as Db).transaction().execute(create);
}

export async function createUser(
  deps: Pick<Deps, 'db'>,
  ctx: { workspaceId: string; actor: Actor },
  input: { email: string; name: string; role: Role; password?: string | undefined },
): Promise<User> {
  const id = newId();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return deps.db.transaction().execute(async (tx) => {
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
  });
}

export async function issueApiToken(
  deps: Pick<Deps, 'db'>,
  ctx: { workspaceId: string; actor: Actor },
  input: { name: string; role: Role },
): Promise<{ token: ApiToken; secret: string }> {
  return deps.db.transaction().execute(async (tx) => {
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
  });
}

export async function revokeToken(deps: Pick<Deps, 'db'>, ctx: { workspaceId: string; actor: Actor }, id: string): Promise<ApiToken> {
  return deps.db.transaction().execute(async (tx) => {
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
}

/**
 * BATON_BOOTSTRAP_TOKEN on an empty database: creates a workspace ready for use (the core rules, a sales pipeline,
 * an onboarding template and the rule that builds a won deal's project) and an admin API token with that secret, so
 * an operator can create deals at once and provision everything else through the API. Does nothing once any
 * workspace exists (the demo data and the bootstrap token exclude each other).
 */
export async function bootstrap(deps: Deps, secret: string): Promise<{ workspace: Workspace } | null> {
  return deps.db.transaction().execute(async (tx) => {
    if ((await countWorkspaces(tx)) > 0) return null;
    if (await findApiToken(tx, secret)) return null;
    const workspace = await createWorkspace(tx, { name: 'Baton', slug: 'baton' });
    const actor = { type: 'system' as const, id: null, label: 'bootstrap' };
    await createApiToken(tx, { workspaceId: workspace.id, name: 'bootstrap', role: 'admin', createdBy: null, secret });
    await recordAudit(tx, workspace.id, actor, [
      { action: 'workspace.created', entityType: 'workspace', entityId: workspace.id, after: { name: workspace.name } },
    ]);
    await provisionWorkspace(tx, deps, { workspaceId: workspace.id, actor });
    return { workspace };
  });
}
