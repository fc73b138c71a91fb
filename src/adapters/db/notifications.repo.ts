// In-app notifications: one per event and recipient, however often the event is delivered.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';
import type { Row } from './schema.ts';

export type Notification = {
  id: string;
  kind: string;
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  readAt: string | null;
  createdAt: string;
};

const toNotification = (r: Row<'notifications'>): Notification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  readAt: r.read_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

/** Inserts one notification per user for an event; existing ones are left as they are. Returns the new ones. */
export async function notifyUsers(
  tx: Tx,
  workspaceId: string,
  userIds: string[],
  n: { kind: string; title: string; body: string; subjectType: string; subjectId: string; eventId: string },
): Promise<{ id: string; userId: string }[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        id: newId(),
        workspace_id: workspaceId,
        user_id: userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        subject_type: n.subjectType,
        subject_id: n.subjectId,
        event_id: n.eventId,
      })),
    )
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).where('event_id', 'is not', null).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id }));
}

export async function listNotifications(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  filter: { unread?: boolean | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Notification>> {
  let q = db.selectFrom('notifications').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId);
  if (filter.unread) q = q.where('read_at', 'is', null);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toNotification);
}

export async function countUnread(db: DbOrTx, workspaceId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function markRead(db: DbOrTx, workspaceId: string, userId: string, id?: string): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (id) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function findNotification(db: DbOrTx, workspaceId: string, userId: string, id: string): Promise<Notification | undefined> {
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toNotification(row);
}
