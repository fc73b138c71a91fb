// What the operations digest of one workspace and day is made of, read as of the end of that day (or now, when
// earlier), and the record of its daily sending.
import { sql } from 'kysely';
import type { DigestFacts } from '../../domain/digest.ts';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';

const openStatusSql = sql.raw(`('todo','in_progress','blocked')`);

/** The facts of the digest of `date` (a day of the workspace's time zone), as of `asOf`. */
export async function loadDigestFacts(db: DbOrTx, workspaceId: string, date: string, asOf: Date): Promise<DigestFacts> {
  const ws = await db.selectFrom('workspaces').select(['name', 'time_zone']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const dayStart = sql<Date>`(${date}::date)::timestamp at time zone ${ws.time_zone}`;
  const dayEnd = sql<Date>`(${date}::date + 1)::timestamp at time zone ${ws.time_zone}`;
  const [wins, handoffs, overdue, withoutProject, withoutOwner, approvals, changes] = await Promise.all([
    scoped(db, workspaceId)
      .selectFrom('deal_outcomes as d')
      .innerJoin('opportunities as o', 'o.id', 'd.opportunity_id')
      .innerJoin('accounts as a', 'a.id', 'o.account_id')
      .select(['d.opportunity_id', 'o.name', 'a.name as account', 'd.amount_minor', 'd.currency'])
      .where('d.outcome', '=', 'won')
      .where('d.reopened_at', 'is', null)
      .where('d.historical', '=', false)
      .where('d.created_at', '>=', dayStart)
      .where('d.created_at', '<', dayEnd)
      .where('d.created_at', '<=', asOf)
      .execute(),
    scoped(db, workspaceId)
      .selectFrom('handoff_briefs as b')
      .innerJoin('opportunities as o', 'o.id', 'b.opportunity_id')
      .select(['b.opportunity_id', 'o.name', 'b.status', sql<string>`((b.created_at at time zone ${ws.time_zone})::date)::text`.as('since')])
      .where('b.status', 'in', ['draft', 'ae_review', 'csm_review', 'returned', 'paused'])
      .where('b.reopened_at', 'is', null)
      .where('b.created_at', '<', dayEnd)
      .execute(),
    scoped(db, workspaceId)
      .selectFrom('tasks as t')
      .leftJoin('users as u', 'u.id', 't.owner_id')
      .select([
        't.owner_id',
        sql<string>`coalesce(min(u.name), 'Nobody')`.as('owner'),
        sql<number>`count(*)::int`.as('count'),
        sql<string>`min(t.due_date)::text`.as('oldest_due'),
      ])
      .where('t.project_id', 'is not', null)
      .where(sql<boolean>`t.status in ${openStatusSql}`)
      .where('t.due_date', '<', date)
      .groupBy('t.owner_id')
      .execute(),
    scoped(db, workspaceId)
      .selectFrom('deal_outcomes as d')
      .innerJoin('opportunities as o', 'o.id', 'd.opportunity_id')
      .innerJoin('accounts as a', 'a.id', 'o.account_id')
      .leftJoin('project_deals as pd', (join) => join.onRef('pd.workspace_id', '=', 'd.workspace_id').onRef('pd.opportunity_id', '=', 'd.opportunity_id'))
      .select(['d.opportunity_id', 'o.name', 'a.name as account'])
      .where('d.outcome', '=', 'won')
      .where('d.reopened_at', 'is', null)
      .where('d.historical', '=', false)
      .where('pd.id', 'is', null)
      .where('d.created_at', '<', dayEnd)
      .execute(),
    scoped(db, workspaceId)
      .selectFrom('projects as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .select(['p.id', 'p.name', 'a.name as account'])
      .where('p.owner_id', 'is', null)
      .where('p.status', 'not in', ['done', 'cancelled'])
      .execute(),
    scoped(db, workspaceId)
      .selectFrom('approval_requests as r')
      .innerJoin('approval_policies as ap', 'ap.id', 'r.policy_id')
      .innerJoin('opportunities as o', 'o.id', 'r.opportunity_id')
      .select(['r.id', 'ap.name as policy', 'o.name as deal', sql<string>`((r.step_started_at at time zone ${ws.time_zone})::date)::text`.as('since')])
      .where('r.status', '=', 'pending')
      .where('r.remind_at', '<=', sql<Date>`least(${asOf}::timestamptz, ${dayEnd})`)
      .execute(),
    scoped(db, workspaceId)
      .selectFrom('audit_log as l')
      .innerJoin('projects as p', 'p.id', 'l.entity_id')
      .select(['p.id', 'p.name', sql<string>`l.before->>'health'`.as('from'), sql<string>`l.after->>'health'`.as('to'), 'l.at'])
      .where('l.action', '=', 'project.health_changed')
      .where('l.at', '>=', dayStart)
      .where('l.at', '<', dayEnd)
      .orderBy('l.at')
      .orderBy('l.id')
      .execute(),
  ]);
  // A project that changed health more than once that day: from its first state to its last.
  const health = new Map<string, { projectId: string; name: string; from: string; to: string }>();
  for (const c of changes) {
    const seen = health.get(c.id);
    health.set(c.id, { projectId: c.id, name: c.name, from: seen?.from ?? c.from, to: c.to });
  }
  return {
    workspaceName: ws.name,
    date,
    wins: wins.map((w) => ({ opportunityId: w.opportunity_id, name: w.name, account: w.account, amountMinor: Number(w.amount_minor), currency: w.currency })),
    handoffs: handoffs.map((h) => ({ opportunityId: h.opportunity_id, name: h.name, status: h.status, since: h.since })),
    overdueTasks: overdue.map((t) => ({ ownerId: t.owner_id, owner: t.owner, count: t.count, oldestDue: t.oldest_due })),
    withoutProject: withoutProject.map((c) => ({ opportunityId: c.opportunity_id, name: c.name, account: c.account })),
    withoutOwner: withoutOwner.map((p) => ({ projectId: p.id, name: p.name, account: p.account })),
    approvalsPastSla: approvals.map((a) => ({ requestId: a.id, policy: a.policy, deal: a.deal, since: a.since })),
    healthChanges: [...health.values()].filter((c) => c.from !== c.to),
  };
}

/** Records that the digest of a day went out; false when it had already (the daily send happens once). */
export async function recordDigestSent(tx: Tx, workspaceId: string, date: string, by: string, recipients: number): Promise<boolean> {
  const rows = await tx
    .insertInto('digests')
    .values({ workspace_id: workspaceId, on_date: date, sent_by_label: by, recipients })
    .onConflict((oc) => oc.columns(['workspace_id', 'on_date']).doNothing())
    .returning('on_date')
    .execute();
  return rows.length > 0;
}

/** Workspaces whose digest hour has come today (in their time zone) and whose digest of today has not gone out. */
export async function findDigestsDue(db: DbOrTx, now: Date): Promise<{ workspaceId: string; date: string }[]> {
  const rows = await db
    .selectFrom('workspaces as w')
    .select(['w.id', sql<string>`((${now}::timestamptz at time zone w.time_zone)::date)::text`.as('today')])
    .where('w.digest_hour', 'is not', null)
    .where(sql<boolean>`extract(hour from (${now}::timestamptz at time zone w.time_zone)) >= w.digest_hour`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('digests as g')
            .select('g.on_date')
            .whereRef('g.workspace_id', '=', 'w.id')
            .where(sql<boolean>`g.on_date = (${now}::timestamptz at time zone w.time_zone)::date`),
        ),
      ),
    )
    .execute();
  return rows.map((r) => ({ workspaceId: r.id, date: r.today }));
}

/** Who receives the digest: the workspace's active people of these roles. */
export async function findDigestRecipients(db: DbOrTx, workspaceId: string, roles: readonly string[]) {
  return scoped(db, workspaceId)
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('active', '=', true)
    .where('role', 'in', [...roles])
    .orderBy('id')
    .execute();
}

export async function findDigestHour(db: DbOrTx, workspaceId: string): Promise<number | null> {
  const row = await db.selectFrom('workspaces').select('digest_hour').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return row.digest_hour;
}

export async function setDigestHourRow(tx: Tx, workspaceId: string, hour: number | null): Promise<void> {
  await tx.updateTable('workspaces').set({ digest_hour: hour }).where('id', '=', workspaceId).execute();
}
