// Storage of the transactional outbox: events enter with the state change, workers claim them with SKIP LOCKED.
import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';
import type { NewEvent } from '../../domain/events.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';
import type { Row } from './schema.ts';

/** An event to enqueue, typed per event type (domain/events.ts); the same idempotency key twice enqueues one event. */
export type OutboxEventInput = NewEvent;

export type OutboxEvent = {
  id: string;
  workspaceId: string;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  processedAt: string | null;
  /** Waiting (or leased) for more than five minutes past when it was due: no live worker is taking it. */
  stuck: boolean;
};

/** A claimed event, with the version of its workspace's set-up when it was claimed (workspace-config.repo.ts). */
export type ClaimedEvent = OutboxEvent & { configVersion: number };

/** An event or run not taken this long after it was due is shown as stuck. */
export const stuckAfterMs = 5 * 60 * 1000;

export function toOutboxEvent(r: Row<'outbox_events'>): OutboxEvent {
  const due = Math.max(r.next_attempt_at.getTime(), r.locked_until?.getTime() ?? 0);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    type: r.type,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: r.payload,
    status: r.status as OutboxEvent['status'],
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    lockedBy: r.locked_by,
    lockedUntil: r.locked_until?.toISOString() ?? null,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    processedAt: r.processed_at?.toISOString() ?? null,
    stuck: r.status === 'pending' && due < Date.now() - stuckAfterMs,
  };
}

/** Enqueues inside the caller's transaction; returns the event id, or null when the key was already used. */
export async function enqueueEvent(tx: Tx, workspaceId: string, event: OutboxEventInput): Promise<string | null> {
  const [id] = await enqueueEvents(tx, workspaceId, [event]);
  return id ?? null;
}

/** Enqueues several events in one statement; returns the ids of those whose key was new. */
export async function enqueueEvents(tx: Tx, workspaceId: string, events: readonly OutboxEventInput[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = await tx
    .insertInto('outbox_events')
    .values(
      events.map((event) => ({
        id: newId(),
        workspace_id: workspaceId,
        type: event.type,
        subject_type: event.subjectType,
        subject_id: event.subjectId,
        payload: JSON.stringify(event.payload),
        idempotency_key: event.idempotencyKey,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims up to `limit` due events for `leaseMs`: pending, due, and not leased by a live worker.
 * An event whose worker died is claimed again once its lease runs out.
 */
export async function claimDueEvents(db: DbOrTx, worker: string, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  const rows = await sql<Row<'outbox_events'> & { config_version: number }>`
    update outbox_events set
      locked_by = ${worker},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
      attempts = attempts + 1
    where id in (
      select id from outbox_events
      where status = 'pending' and next_attempt_at <= now()
        and (locked_until is null or locked_until < now())
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    returning *, (select w.config_version from workspaces w where w.id = outbox_events.workspace_id) as config_version`.execute(db);
  return rows.rows.map((r) => ({ ...toOutboxEvent(r), configVersion: Number(r.config_version) })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** An attempt as the attempt log keeps it; written with the outcome, in the same transaction. */
export type Attempt = { event: OutboxEvent; worker: string; startedAt: Date };

async function logAttempt(db: DbOrTx, attempt: Attempt, error: string | null): Promise<void> {
  await db
    .insertInto('outbox_attempts')
    .values({
      id: newId(),
      workspace_id: attempt.event.workspaceId,
      event_id: attempt.event.id,
      attempt: attempt.event.attempts,
      worker: attempt.worker,
      started_at: attempt.startedAt,
      finished_at: sql`now()`,
      error,
    })
    .execute();
}

/** Marks the event done and logs the attempt (one statement), but only while this worker still holds it. */
export async function completeEvent(tx: DbOrTx, attempt: Attempt): Promise<boolean> {
  const logged = await sql<{ id: string }>`
    with done as (
      update outbox_events set status = 'done', processed_at = now(), locked_by = null, locked_until = null, last_error = null
      where id = ${attempt.event.id} and locked_by = ${attempt.worker} and status = 'pending'
      returning id, workspace_id
    )
    insert into outbox_attempts (id, workspace_id, event_id, attempt, worker, started_at, finished_at, error)
    select ${newId()}, done.workspace_id, done.id, ${attempt.event.attempts}, ${attempt.worker}, ${attempt.startedAt}, now(), null from done
    returning id`.execute(tx);
  return logged.rows.length === 1;
}

/**
 * Marks events nobody listens to delivered, all in one statement with their attempt rows; the ids it completed (an
 * event whose lease this worker lost is left to its new holder).
 */
export async function completeIdleEvents(db: DbOrTx, attempts: readonly Attempt[]): Promise<Set<string>> {
  if (attempts.length === 0) return new Set();
  const worker = attempts[0]!.worker;
  const logged = await sql<{ event_id: string }>`
    with done as (
      update outbox_events set status = 'done', processed_at = now(), locked_by = null, locked_until = null, last_error = null
      where id = any(${attempts.map((a) => a.event.id)}::uuid[]) and locked_by = ${worker} and status = 'pending'
      returning id, workspace_id
    )
    insert into outbox_attempts (id, workspace_id, event_id, attempt, worker, started_at, finished_at, error)
    select a.id, done.workspace_id, done.id, a.attempt, ${worker}, a.started_at, now(), null
    from done
    join unnest(
      ${attempts.map((a) => a.event.id)}::uuid[], ${attempts.map(() => newId())}::uuid[],
      ${attempts.map((a) => a.event.attempts)}::int[], ${attempts.map((a) => a.startedAt.toISOString())}::timestamptz[]
    ) as a(event_id, id, attempt, started_at) on a.event_id = done.id
    returning event_id`.execute(db);
  return new Set(logged.rows.map((r) => r.event_id));
}

/** Extends the lease of every event this worker holds (it is alive); the number held. */
export async function renewEventLeases(db: DbOrTx, worker: string, leaseMs: number): Promise<number> {
  const result = await db
    .updateTable('outbox_events')
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where('locked_by', '=', worker)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Records a failed attempt: the event waits `retryInMs` or, out of attempts, stays failed and visible. */
export async function failEvent(db: Db, attempt: Attempt, error: string, retryInMs: number): Promise<'retrying' | 'failed'> {
  const outOfAttempts = attempt.event.attempts >= attempt.event.maxAttempts;
  await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('outbox_events')
      .set({
        status: outOfAttempts ? 'failed' : 'pending',
        last_error: error,
        locked_by: null,
        locked_until: null,
        next_attempt_at: sql`now() + make_interval(secs => ${retryInMs / 1000})`,
      })
      .where('id', '=', attempt.event.id)
      .where('locked_by', '=', attempt.worker)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) await logAttempt(tx, attempt, error);
  });
  return outOfAttempts ? 'failed' : 'retrying';
}

/** Puts a failed (or stuck) event back in line now, with a fresh set of attempts. */
export async function retryEvent(db: DbOrTx, workspaceId: string, eventId: string): Promise<OutboxEvent | undefined> {
  const row = await scoped(db, workspaceId)
    .updateTable('outbox_events')
    .set({ status: 'pending', attempts: 0, next_attempt_at: sql`now()`, locked_by: null, locked_until: null })
    .where('id', '=', eventId)
    .where('status', '!=', 'done')
    .returningAll()
    .executeTakeFirst();
  return row ? toOutboxEvent(row) : undefined;
}

/** The names of events' subjects, by subject id: deals, accounts and projects by name, tasks and leads by title. */
async function subjectNames(db: DbOrTx, workspaceId: string, rows: readonly Pick<Row<'outbox_events'>, 'subject_type' | 'subject_id'>[]) {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.subject_type === type).map((r) => r.subject_id))];
  const [deals, accounts, projects, tasks, leads] = [idsOf('opportunity'), idsOf('account'), idsOf('project'), idsOf('task'), idsOf('lead')];
  const q = scoped(db, workspaceId);
  const found = await Promise.all([
    deals.length ? q.selectFrom('opportunities').select(['id', 'name']).where('id', 'in', deals).execute() : [],
    accounts.length ? q.selectFrom('accounts').select(['id', 'name']).where('id', 'in', accounts).execute() : [],
    projects.length ? q.selectFrom('projects').select(['id', 'name']).where('id', 'in', projects).execute() : [],
    tasks.length ? q.selectFrom('tasks').select(['id', 'title as name']).where('id', 'in', tasks).execute() : [],
    leads.length ? q.selectFrom('leads').select(['id', 'title as name']).where('id', 'in', leads).execute() : [],
  ]);
  return new Map(found.flat().map((r) => [r.id, r.name]));
}

export async function findEvent(db: DbOrTx, workspaceId: string, eventId: string) {
  const row = await scoped(db, workspaceId).selectFrom('outbox_events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!row) return undefined;
  const [attempts, names] = await Promise.all([
    db.selectFrom('outbox_attempts').selectAll().where('event_id', '=', eventId).orderBy('attempt').execute(),
    subjectNames(db, workspaceId, [row]),
  ]);
  return {
    ...toOutboxEvent(row),
    subjectName: names.get(row.subject_id) ?? null,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      worker: a.worker,
      startedAt: a.started_at.toISOString(),
      finishedAt: a.finished_at?.toISOString() ?? null,
      error: a.error,
    })),
  };
}

export async function listEvents(
  db: DbOrTx,
  workspaceId: string,
  filter: { status?: OutboxEvent['status'] | undefined; type?: string | undefined; subjectId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<OutboxEvent>> {
  let q = scoped(db, workspaceId).selectFrom('outbox_events').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const names = await subjectNames(db, workspaceId, rows);
  return toPage(rows, filter.limit, (row) => ({ ...toOutboxEvent(row), subjectName: names.get(row.subject_id) ?? null }));
}

/** How far behind the workspace's delivery is: pending and failed events and the age of the oldest pending one. */
export async function outboxLag(db: DbOrTx, workspaceId: string): Promise<{ pending: number; failed: number; oldestPendingSeconds: number }> {
  const r = await scoped(db, workspaceId)
    .selectFrom('outbox_events')
    .select([
      sql<number>`count(*) filter (where status = 'pending')::int`.as('pending'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
      sql<number | null>`extract(epoch from now() - min(created_at) filter (where status = 'pending'))::float8`.as('oldest'),
    ])
    .where('status', '<>', 'done')
    .executeTakeFirst();
  return { pending: r?.pending ?? 0, failed: r?.failed ?? 0, oldestPendingSeconds: Math.max(0, Math.round((r?.oldest ?? 0) * 10) / 10) };
}

/** Whether the database answers: the public health check, which tells nothing more. */
export async function databaseAnswers(db: DbOrTx): Promise<void> {
  await sql`select 1`.execute(db);
}
