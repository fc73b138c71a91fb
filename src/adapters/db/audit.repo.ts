// The audit log: every change with its actor and the record before and after.
import type { Actor } from '../../domain/actor.ts';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

export type AuditRecord = {
  id: string;
  at: string;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

export async function recordAudit(tx: Tx, workspaceId: string, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        id: newId(),
        workspace_id: workspaceId,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_label: actor.label,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
      })),
    )
    .execute();
}

export async function listAudit(
  db: DbOrTx,
  workspaceId: string,
  filter: { entityId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<AuditRecord>> {
  let q = scoped(db, workspaceId).selectFrom('audit_log').selectAll();
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: { type: r.actor_type as Actor['type'], id: r.actor_id, label: r.actor_label },
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
  }));
}
