// Activities: notes, calls, e-mails and meetings; the evidence later steps read.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';
import type { NewRow } from './schema.ts';
import { toPage, type Page } from './page.ts';

export type ActivityKind = 'note' | 'call' | 'email' | 'meeting';
export type Activity = {
  id: string;
  kind: ActivityKind;
  subject: string | null;
  body: string;
  occurredAt: string;
  authorId: string | null;
  authorName: string | null;
  accountId: string;
  opportunityId: string | null;
  contactId: string | null;
  createdAt: string;
};

function selectActivities(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId).selectFrom('activities as a').leftJoin('users as u', 'u.id', 'a.author_id').selectAll('a').select('u.name as author_name');
}

type ActivityRow = Awaited<ReturnType<ReturnType<typeof selectActivities>['executeTakeFirstOrThrow']>>;

const toActivity = (r: ActivityRow): Activity => ({
  id: r.id,
  kind: r.kind as ActivityKind,
  subject: r.subject,
  body: r.body,
  occurredAt: r.occurred_at.toISOString(),
  authorId: r.author_id,
  authorName: r.author_name,
  accountId: r.account_id,
  opportunityId: r.opportunity_id,
  contactId: r.contact_id,
  createdAt: r.created_at.toISOString(),
});

export async function findActivity(db: DbOrTx, workspaceId: string, id: string): Promise<Activity | undefined> {
  const row = await selectActivities(db, workspaceId).where('a.id', '=', id).executeTakeFirst();
  return row && toActivity(row);
}

/** Newest first by occurrence. */
export async function listActivities(
  db: DbOrTx,
  workspaceId: string,
  filter: { opportunityId?: string | undefined; accountId?: string | undefined; kind?: ActivityKind | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Activity>> {
  let q = selectActivities(db, workspaceId);
  if (filter.opportunityId) q = q.where('a.opportunity_id', '=', filter.opportunityId);
  if (filter.accountId) q = q.where('a.account_id', '=', filter.accountId);
  if (filter.kind) q = q.where('a.kind', '=', filter.kind);
  // Newest first by when it happened (notes are often logged after the call); the cursor is the last id seen.
  if (filter.cursor) {
    const cursor = filter.cursor;
    const last = scoped(db, workspaceId).selectFrom('activities').select(['occurred_at', 'id']).where('id', '=', cursor);
    q = q.where(sql<boolean>`(a.occurred_at, a.id) < (${last})`);
  }
  const rows = await q
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toActivity);
}

export async function insertActivity(tx: Tx, row: NewRow<'activities'>): Promise<void> {
  await tx.insertInto('activities').values(row).execute();
}

/** Logs an activity that happens now (database time), such as a note written while working the brief. */
export async function insertActivityNow(tx: Tx, row: Omit<NewRow<'activities'>, 'occurred_at'>): Promise<void> {
  await tx
    .insertInto('activities')
    .values({ ...row, occurred_at: sql`now()` })
    .execute();
}

/** The words of every activity logged on the deal. */
export async function listDealActivityBodies(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<{ body: string }[]> {
  return scoped(db, workspaceId).selectFrom('activities').select('body').where('opportunity_id', '=', opportunityId).execute();
}
