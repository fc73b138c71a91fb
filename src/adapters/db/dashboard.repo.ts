// The delivery dashboard: every standing win with where its delivery stands, a page at a time, and the figures of
// its charts. A page reads its wins from deal_outcomes_won_id_idx (newest first, the id is the cursor) and, per
// win, one index lookup each: brief, project, task counts (tasks_project_status_idx, index only), next milestone,
// pending approvals and documents. Nothing grows with the history beyond the page's own rows.
import { sql } from 'kysely';
import { businessDaysBetween, type WorkCalendar } from '../../domain/calendar.ts';
import type { ProjectHealth } from '../../domain/delivery.ts';
import type { DbOrTx } from './database.ts';
import { toPage, type Page } from './page.ts';
import { scoped, scopedIn } from './scope.ts';

export type DashboardFilter = {
  ownerId?: string | undefined;
  projectOwnerId?: string | undefined;
  /** A delivery team (a team role): wins whose project one of its members owns. */
  teamId?: string | undefined;
  health?: string | undefined;
  pipelineId?: string | undefined;
  /** Won on or after this day, and before the day after `wonTo` (days of the workspace's time zone). */
  wonFrom?: string | undefined;
  wonTo?: string | undefined;
};

export type DashboardRow = {
  id: string;
  opportunity: { id: string; name: string };
  account: { id: string; name: string };
  owner: { id: string; name: string } | null;
  pipelineId: string;
  amountMinor: number;
  currency: string;
  wonAt: string;
  brief: { id: string; status: string; acceptedAt: string | null } | null;
  approvalsPending: number;
  documentsPending: number;
  project: {
    id: string;
    name: string;
    status: string;
    owner: { id: string; name: string } | null;
    health: ProjectHealth;
    healthReasons: { code: string; severity: string; message: string }[];
  } | null;
  tasks: { done: number; open: number; overdue: number };
  nextMilestone: { name: string; dueDate: string } | null;
  kickoff: { on: string | null; heldOn: string | null };
  firstValue: { due: string | null; reachedOn: string | null; missed: boolean };
};

const openStatusSql = sql.raw(`('todo','in_progress','blocked')`);

/** The standing wins a filter keeps, as a query on deal_outcomes `d` joined to its deal `o` (and project `p`). */
function filtered(db: DbOrTx, workspaceId: string, filter: DashboardFilter, timeZone: string) {
  let q = scoped(db, workspaceId)
    .selectFrom('deal_outcomes as d')
    .innerJoin('opportunities as o', 'o.id', 'd.opportunity_id')
    .leftJoin('project_deals as pd', (join) => join.onRef('pd.workspace_id', '=', 'd.workspace_id').onRef('pd.opportunity_id', '=', 'd.opportunity_id'))
    .leftJoin('projects as p', 'p.id', 'pd.project_id')
    .where('d.outcome', '=', 'won')
    .where('d.reopened_at', 'is', null)
    // A win imported as history was delivered elsewhere, before Baton: it has no delivery to show here.
    .where('d.historical', '=', false);
  if (filter.ownerId) q = q.where('o.owner_id', '=', filter.ownerId);
  if (filter.projectOwnerId) q = q.where('p.owner_id', '=', filter.projectOwnerId);
  if (filter.pipelineId) q = q.where('o.pipeline_id', '=', filter.pipelineId);
  if (filter.health) q = q.where('p.health', '=', filter.health);
  if (filter.teamId)
    q = q.where('p.owner_id', 'in', (eb) => scopedIn(eb, workspaceId).selectFrom('team_members').select('user_id').where('team_role_id', '=', filter.teamId!));
  if (filter.wonFrom) q = q.where('d.created_at', '>=', sql<Date>`(${filter.wonFrom}::date)::timestamp at time zone ${timeZone}`);
  if (filter.wonTo) q = q.where('d.created_at', '<', sql<Date>`(${filter.wonTo}::date + 1)::timestamp at time zone ${timeZone}`);
  return q;
}

/**
 * The same wins for the charts, from win_summaries (migration 0096): one narrow row per standing win, kept by
 * triggers, with the deal's owner and pipeline, the project's owner and health and the brief's funnel dates. The
 * charts count every win the filter keeps; at 100,000 wins joining each to its deal, project and brief took 522 ms
 * (p50) where this reads one index. Keep its filters those of `filtered`.
 */
function filteredWins(db: DbOrTx, workspaceId: string, filter: DashboardFilter, timeZone: string) {
  let q = scoped(db, workspaceId).selectFrom('win_summaries as s');
  if (filter.ownerId) q = q.where('s.owner_id', '=', filter.ownerId);
  if (filter.pipelineId) q = q.where('s.pipeline_id', '=', filter.pipelineId);
  if (filter.projectOwnerId) q = q.where('s.project_owner_id', '=', filter.projectOwnerId);
  if (filter.health) q = q.where('s.health', '=', filter.health);
  if (filter.teamId)
    q = q.where('s.project_owner_id', 'in', (eb) =>
      scopedIn(eb, workspaceId).selectFrom('team_members').select('user_id').where('team_role_id', '=', filter.teamId!),
    );
  if (filter.wonFrom) q = q.where('s.won_at', '>=', sql<Date>`(${filter.wonFrom}::date)::timestamp at time zone ${timeZone}`);
  if (filter.wonTo) q = q.where('s.won_at', '<', sql<Date>`(${filter.wonTo}::date + 1)::timestamp at time zone ${timeZone}`);
  return q;
}

export async function listDashboard(
  db: DbOrTx,
  workspaceId: string,
  filter: DashboardFilter & { cursor?: string | undefined; limit: number },
  context: { today: string; timeZone: string },
): Promise<Page<DashboardRow>> {
  let q = filtered(db, workspaceId, filter, context.timeZone);
  if (filter.cursor) q = q.where('d.id', '<', filter.cursor);
  const rows = await q
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('users as ou', 'ou.id', 'o.owner_id')
    .leftJoin('users as pu', 'pu.id', 'p.owner_id')
    .leftJoin('handoff_briefs as b', (join) => join.onRef('b.workspace_id', '=', 'd.workspace_id').onRef('b.opportunity_id', '=', 'd.opportunity_id'))
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('tasks')
          .select([
            sql<number>`(count(*) filter (where status = 'done'))::int`.as('done'),
            sql<number>`(count(*) filter (where status in ${openStatusSql}))::int`.as('open'),
            sql<number>`(count(*) filter (where status in ${openStatusSql} and due_date < ${context.today}::date))::int`.as('overdue'),
          ])
          .whereRef('tasks.project_id', '=', 'p.id')
          .as('c'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('milestones')
          .select(['milestones.name', 'milestones.due_date'])
          .whereRef('milestones.project_id', '=', 'p.id')
          .where('milestones.reached_at', 'is', null)
          .orderBy('milestones.due_date')
          .limit(1)
          .as('m'),
      (join) => join.onTrue(),
    )
    .select([
      'd.id',
      'd.opportunity_id',
      'd.amount_minor',
      'd.currency',
      'd.created_at as won_at',
      'o.name as opportunity_name',
      'o.owner_id',
      'o.pipeline_id',
      'ou.name as owner_name',
      'a.id as account_id',
      'a.name as account_name',
      'b.id as brief_id',
      'b.status as brief_status',
      'b.accepted_at',
      'b.kickoff_on',
      'b.kickoff_held_on',
      'b.first_value_due',
      'b.first_value_reached_on',
      'b.first_value_missed_at',
      'p.id as project_id',
      'p.name as project_name',
      'p.status as project_status',
      'p.owner_id as project_owner_id',
      'pu.name as project_owner_name',
      'p.health',
      'p.health_reasons',
      'c.done',
      'c.open',
      'c.overdue',
      'm.name as milestone_name',
      'm.due_date as milestone_due',
      (eb) =>
        scopedIn(eb, workspaceId)
          .selectFrom('approval_requests as ar')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('ar.opportunity_id', '=', 'd.opportunity_id')
          .where('ar.status', '=', 'pending')
          .as('approvals_pending'),
      (eb) =>
        scopedIn(eb, workspaceId)
          .selectFrom('documents as doc')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('doc.opportunity_id', '=', 'd.opportunity_id')
          .where('doc.status', 'in', ['draft', 'in_review'])
          .as('documents_pending'),
    ])
    .orderBy('d.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => ({
    id: r.id,
    opportunity: { id: r.opportunity_id, name: r.opportunity_name },
    account: { id: r.account_id, name: r.account_name },
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    pipelineId: r.pipeline_id,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    wonAt: r.won_at.toISOString(),
    brief: r.brief_id ? { id: r.brief_id, status: r.brief_status ?? '', acceptedAt: r.accepted_at?.toISOString() ?? null } : null,
    approvalsPending: r.approvals_pending ?? 0,
    documentsPending: r.documents_pending ?? 0,
    project: r.project_id
      ? {
          id: r.project_id,
          name: r.project_name ?? '',
          status: r.project_status ?? '',
          owner: r.project_owner_id ? { id: r.project_owner_id, name: r.project_owner_name ?? '' } : null,
          // The table's check constraint holds health to the domain's list.
          health: (r.health ?? 'on_track') as ProjectHealth,
          healthReasons: (r.health_reasons ?? []) as { code: string; severity: string; message: string }[],
        }
      : null,
    tasks: { done: r.done ?? 0, open: r.open ?? 0, overdue: r.overdue ?? 0 },
    nextMilestone: r.milestone_name && r.milestone_due ? { name: r.milestone_name, dueDate: r.milestone_due } : null,
    kickoff: { on: r.kickoff_on ?? null, heldOn: r.kickoff_held_on ?? null },
    firstValue: { due: r.first_value_due ?? null, reachedOn: r.first_value_reached_on ?? null, missed: !!r.first_value_missed_at },
  }));
}

export type DashboardSummary = {
  funnel: { won: number; briefAccepted: number; kickoffHeld: number; firstValue: number };
  health: { on_track: number; at_risk: number; off_track: number; noProject: number };
  /** Per month of handoff (brief created), over decided handoffs only: accepted without a return / decided. */
  acceptance: { month: string; decided: number; acceptedFirstPass: number; rate: number | null }[];
  /** The fields the CSM named when returning a brief to the AE, over the filter's wins: most returned first. */
  returnsByField: { field: string; returns: number; briefs: number }[];
  /** Per month of the win: the wins, those whose kickoff was held, and business days from won to kickoff held. */
  wonToKickoff: { month: string; won: number; held: number; medianDays: number | null; p90Days: number | null }[];
};

/**
 * The charts' figures over every win the filter keeps (not one page): the funnel, health, acceptance by month, the
 * returned briefs' missing fields, and won to kickoff by month of the win.
 */
export async function dashboardSummary(
  db: DbOrTx,
  workspaceId: string,
  filter: DashboardFilter,
  context: { timeZone: string; months: number; today: string; calendar: WorkCalendar },
): Promise<DashboardSummary> {
  if (db.isTransaction) return summaryIn(db, workspaceId, filter, context);
  // One read-only transaction: the charts read one snapshot (a win landing between two statements cannot count in
  // one chart and not the next), and its statements run without parallel workers. At 100,000 wins, on the 2 cores
  // the server shares with the API, the parallel hash joins doubled the time (every win: 946 -> 545 ms p50, won in
  // 90 days: 419 -> 162 ms, measured on a busy machine); serial, the planner merges the index-only scans instead.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
      return summaryIn(tx, workspaceId, filter, context);
    });
}

async function summaryIn(
  db: DbOrTx,
  workspaceId: string,
  filter: DashboardFilter,
  context: { timeZone: string; months: number; today: string; calendar: WorkCalendar },
): Promise<DashboardSummary> {
  const totals = await filteredWins(db, workspaceId, filter, context.timeZone)
    .select([
      sql<number>`count(*)::int`.as('won'),
      sql<number>`(count(*) filter (where s.brief_accepted_at is not null))::int`.as('brief_accepted'),
      sql<number>`(count(*) filter (where s.kickoff_held_on is not null))::int`.as('kickoff_held'),
      sql<number>`(count(*) filter (where s.first_value_reached_on is not null))::int`.as('first_value'),
      sql<number>`(count(*) filter (where s.health = 'on_track'))::int`.as('on_track'),
      sql<number>`(count(*) filter (where s.health = 'at_risk'))::int`.as('at_risk'),
      sql<number>`(count(*) filter (where s.health = 'off_track'))::int`.as('off_track'),
      sql<number>`(count(*) filter (where s.project_id is null))::int`.as('no_project'),
    ])
    .executeTakeFirstOrThrow();
  // Acceptance by month of the handoff (handoff_briefs_created_idx), decided handoffs only: a brief still in review
  // is neither accepted nor turned down.
  const since = sql<Date>`(date_trunc('month', ${context.today}::date) - make_interval(months => ${context.months - 1}))::timestamp at time zone ${context.timeZone}`;
  const months = await scoped(db, workspaceId)
    .selectFrom('handoff_briefs as hb')
    .select([
      sql<string>`to_char(date_trunc('month', hb.created_at at time zone ${context.timeZone}), 'YYYY-MM')`.as('month'),
      sql<number>`(count(*) filter (where hb.accepted_at is not null or hb.returns > 0))::int`.as('decided'),
      sql<number>`(count(*) filter (where hb.accepted_at is not null and hb.returns = 0))::int`.as('first_pass'),
    ])
    .where('hb.created_at', '>=', since)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  // Returns by missing field: each return names its fields (the brief's measured_return_fields, copied to the win's
  // summary row: a field twice when the brief came back twice for it); the wins whose brief was never returned are
  // skipped by the predicate of win_summaries_returned_idx.
  const returnedFields = filteredWins(db, workspaceId, filter, context.timeZone)
    .where(sql<boolean>`cardinality(s.return_fields) > 0`)
    .select(['s.outcome_id as win_id', sql<string>`unnest(s.return_fields)`.as('field')]);
  const returned = await db
    .selectFrom(returnedFields.as('r'))
    .select(['r.field', sql<number>`count(*)::int`.as('returns'), sql<number>`count(distinct r.win_id)::int`.as('briefs')])
    .groupBy('r.field')
    .orderBy(sql`2`, 'desc')
    .orderBy('r.field')
    .execute();
  // Won to kickoff held, by month of the win, over the chart's months (and the filter's period where it is narrower),
  // in business days of the workspace's calendar (its working week and holidays) from the win's day in its time zone
  // to the day the kickoff was held. The query gives each (won day, held day) pair once with its count; the days
  // between are counted here, where the calendar is.
  const wonSince = sql<Date>`(date_trunc('month', ${context.today}::date) - make_interval(months => ${context.months - 1}))::timestamp at time zone ${context.timeZone}`;
  const pairs = await filteredWins(db, workspaceId, filter, context.timeZone)
    .where('s.won_at', '>=', wonSince)
    .select([
      sql<string>`to_char(s.won_at at time zone ${context.timeZone}, 'YYYY-MM-DD')`.as('won_on'),
      sql<string | null>`to_char(s.kickoff_held_on, 'YYYY-MM-DD')`.as('held_on'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy([sql`1`, sql`2`])
    .execute();
  const kickoffByMonth = new Map<string, { won: number; held: number; days: [number, number][] }>();
  for (const pair of pairs) {
    const month = pair.won_on.slice(0, 7);
    const k = kickoffByMonth.get(month) ?? { won: 0, held: 0, days: [] };
    k.won += pair.n;
    if (pair.held_on) {
      k.held += pair.n;
      k.days.push([businessDaysBetween(pair.won_on, pair.held_on, context.calendar), pair.n]);
    }
    kickoffByMonth.set(month, k);
  }
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const acceptance: DashboardSummary['acceptance'] = [];
  const wonToKickoff: DashboardSummary['wonToKickoff'] = [];
  const days = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 10) / 10);
  const [year, month] = context.today.split('-').map(Number) as [number, number];
  for (let i = context.months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    const key = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const m = byMonth.get(key);
    const decided = m?.decided ?? 0;
    const acceptedFirstPass = m?.first_pass ?? 0;
    acceptance.push({ month: key, decided, acceptedFirstPass, rate: decided ? Math.round((acceptedFirstPass / decided) * 1000) / 1000 : null });
    const k = kickoffByMonth.get(key);
    wonToKickoff.push({
      month: key,
      won: k?.won ?? 0,
      held: k?.held ?? 0,
      medianDays: days(percentileOf(k?.days, 0.5)),
      p90Days: days(percentileOf(k?.days, 0.9)),
    });
  }
  return {
    funnel: { won: totals.won, briefAccepted: totals.brief_accepted, kickoffHeld: totals.kickoff_held, firstValue: totals.first_value },
    health: { on_track: totals.on_track, at_risk: totals.at_risk, off_track: totals.off_track, noProject: totals.no_project },
    acceptance,
    returnsByField: returned.map((r) => ({ field: r.field, returns: r.returns, briefs: r.briefs })),
    wonToKickoff,
  };
}

/** The percentile (0-1) of values given with their counts, interpolated between neighbours as percentile_cont. */
function percentileOf(counted: [number, number][] | undefined, p: number): number | null {
  if (!counted?.length) return null;
  const sorted = [...counted].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, count]) => n + count, 0);
  const position = p * (total - 1);
  const at = (index: number) => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (index < seen) return value;
    }
    return sorted.at(-1)![0];
  };
  const low = Math.floor(position);
  return at(low) + (position - low) * (at(Math.ceil(position)) - at(low));
}
