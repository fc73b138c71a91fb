// In-app notifications: one per event and recipient, however often the event is delivered.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';
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

/** A notification a rule sends: its origin key (run action + person) makes a repeated delivery a no-op. */
export type NewNotification = {
  userId: string;
  kind: string;
  title: string;
  body: string;
  subjectType: string;
  subjectId: string;
  eventId: string | null;
  originRunId: string | null;
  originKey: string;
};

/** Inserts notifications in one statement; returns the new ones (those whose origin key was not used). */
export async function insertNotifications(tx: Tx, workspaceId: string, rows: readonly NewNotification[]): Promise<{ id: string; userId: string }[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insertInto('notifications')
    .values(
      rows.map((n) => ({
        id: newId(),
        workspace_id: workspaceId,
        user_id: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        subject_type: n.subjectType,
        subject_id: n.subjectId,
        event_id: n.eventId,
        origin_run_id: n.originRunId,
        origin_key: n.originKey,
      })),
    )
    .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  return inserted.map((r) => ({ id: r.id, userId: r.user_id }));
}

/** An e-mail a rule queues; the mailer sends it when its mail.requested event is delivered. */
export type NewMail = {
  toUserId: string;
  toAddress: string;
  subject: string;
  body: string;
  /** An HTML version of the body, sent beside it. */
  html?: string | undefined;
  originRunId: string | null;
  originKey: string;
};

/** Queues e-mails in one statement; returns the new ones (those whose origin key was not used). */
export async function insertMailMessages(
  tx: Tx,
  workspaceId: string,
  rows: readonly NewMail[],
): Promise<{ id: string; toUserId: string; toAddress: string }[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insertInto('mail_messages')
    .values(
      rows.map((m) => ({
        id: newId(),
        workspace_id: workspaceId,
        to_user_id: m.toUserId,
        to_address: m.toAddress,
        subject: m.subject,
        body: m.body,
        ...(m.html !== undefined && { html_body: m.html }),
        origin_run_id: m.originRunId,
        origin_key: m.originKey,
      })),
    )
    .onConflict((oc) => oc.columns(['workspace_id', 'origin_key']).where('origin_key', 'is not', null).doNothing())
    .returning(['id', 'to_user_id', 'to_address'])
    .execute();
  return inserted.map((r) => ({ id: r.id, toUserId: r.to_user_id!, toAddress: r.to_address }));
}

export async function listNotifications(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  filter: { unread?: boolean | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Notification>> {
  let q = scoped(db, workspaceId).selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (filter.unread) q = q.where('read_at', 'is', null);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toNotification);
}

export async function countUnread(db: DbOrTx, workspaceId: string, userId: string): Promise<number> {
  const row = await scoped(db, workspaceId)
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function markRead(db: DbOrTx, workspaceId: string, userId: string, id?: string): Promise<number> {
  let q = scoped(db, workspaceId)
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (id) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function findNotification(db: DbOrTx, workspaceId: string, userId: string, id: string): Promise<Notification | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('notifications').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return row && toNotification(row);
}
