// Sessions (browser login) and API tokens (integrations), stored only as hashes.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import { scoped } from './scope.ts';
import type { DbOrTx } from './database.ts';
import { newId } from './ids.ts';
import type { Row } from './schema.ts';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

export type SessionCaller = { sessionId: string; csrfToken: string; user: Row<'users'> };

export async function createSession(db: DbOrTx, user: { id: string; workspace_id: string }, ttlMs: number) {
  const token = newSecret('bs');
  const csrfToken = randomBytes(24).toString('base64url');
  // Expired sessions of this person go when they log in again, so the table does not only grow.
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', user.id)
    .where('expires_at', '<', sql<Date>`now()`)
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id: newId(),
      workspace_id: user.workspace_id,
      user_id: user.id,
      token_hash: hashSecret(token),
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + ttlMs),
    })
    .execute();
  return { token, csrfToken };
}

export async function findSession(db: DbOrTx, token: string): Promise<SessionCaller | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id as session_id', 'sessions.csrf_token'])
    .where('sessions.token_hash', '=', hashSecret(token))
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, csrf_token, ...user } = row;
  return { sessionId: session_id, csrfToken: csrf_token, user };
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export type ApiToken = { id: string; name: string; role: Role; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const toApiToken = (r: Row<'api_tokens'>): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  prefix: r.token_prefix,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** Stores a token; `secret` is generated unless given (the bootstrap token comes from the environment). */
export async function createApiToken(
  db: DbOrTx,
  input: { workspaceId: string; name: string; role: Role; createdBy: string | null; secret?: string },
): Promise<{ token: ApiToken; secret: string }> {
  const secret = input.secret ?? newSecret('bt');
  const row = await db
    .insertInto('api_tokens')
    .values({
      id: newId(),
      workspace_id: input.workspaceId,
      name: input.name,
      role: input.role,
      token_hash: hashSecret(secret),
      token_prefix: secret.slice(0, 8),
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token: toApiToken(row), secret };
}

export async function findApiToken(db: DbOrTx, secret: string): Promise<Row<'api_tokens'> | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashSecret(secret)).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function touchApiToken(db: DbOrTx, id: string): Promise<void> {
  // At most once a minute: an integration calling many times a second should not rewrite the row each time.
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}

export async function listApiTokens(db: DbOrTx, workspaceId: string): Promise<ApiToken[]> {
  const rows = await scoped(db, workspaceId).selectFrom('api_tokens').selectAll().orderBy('id', 'desc').execute();
  return rows.map(toApiToken);
}

export async function revokeApiToken(db: DbOrTx, workspaceId: string, id: string): Promise<ApiToken | undefined> {
  const row = await scoped(db, workspaceId)
    .updateTable('api_tokens')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toApiToken(row);
}

/** When the token was revoked (null while it works); undefined when the workspace has no such token. */
export async function findApiTokenRevokedAt(db: DbOrTx, workspaceId: string, id: string): Promise<{ revokedAt: Date | null } | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirst();
  return row && { revokedAt: row.revoked_at };
}
