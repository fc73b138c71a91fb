// Storage of handoff briefs: the brief, its items (the extractor's version and the person's edit kept apart),
// its conflicts, the handoff's measurement events, and the metrics read from them.
import { sql } from 'kysely';
import type { BriefConflict, BriefItem, BriefStatus, UnpausedStatus } from '../../domain/brief/review.ts';
import type { Scores } from '../../domain/brief/scores.ts';
import type { ConflictKind, Evidence, ItemKind, PromiseKind, QuestionField, StakeholderFacts } from '../../domain/brief/types.ts';
import type { HandoffEventType } from '../../domain/events.ts';
import type { Actor } from '../../domain/actor.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';
import type { Row } from './schema.ts';

export type StoredBrief = {
  id: string;
  opportunityId: string;
  accountId: string;
  status: BriefStatus;
  pausedFrom: UnpausedStatus | null;
  aeId: string | null;
  csmId: string | null;
  extractor: string;
  extractorNote: string | null;
  sourcesDigest: string;
  revision: number;
  dropped: { kind: string; text: string; reason: string }[];
  scores: Scores | null;
  returns: number;
  kickoffOn: string | null;
  kickoffFirstOn: string | null;
  kickoffHeldOn: string | null;
  firstValueDue: string | null;
  firstValueReachedOn: string | null;
  firstValueMissedAt: string | null;
  wonAt: string | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
  originRunId: string | null;
  preparedAt: string;
  createdAt: string;
  updatedAt: string;
};

export function toBrief(r: Row<'handoff_briefs'>): StoredBrief {
  const scores = r.scores as Record<string, unknown>;
  return {
    id: r.id,
    opportunityId: r.opportunity_id,
    accountId: r.account_id,
    status: r.status as BriefStatus,
    pausedFrom: r.paused_from as UnpausedStatus | null,
    aeId: r.ae_id,
    csmId: r.csm_id,
    extractor: r.extractor,
    extractorNote: r.extractor_note,
    sourcesDigest: r.sources_digest,
    revision: r.revision,
    dropped: (r.dropped ?? []) as StoredBrief['dropped'],
    scores: scores && 'overall' in scores ? (scores as unknown as Scores) : null,
    returns: r.returns,
    kickoffOn: r.kickoff_on,
    kickoffFirstOn: r.kickoff_first_on,
    kickoffHeldOn: r.kickoff_held_on,
    firstValueDue: r.first_value_due,
    firstValueReachedOn: r.first_value_reached_on,
    firstValueMissedAt: r.first_value_missed_at?.toISOString() ?? null,
    wonAt: r.won_at?.toISOString() ?? null,
    acceptedAt: r.accepted_at?.toISOString() ?? null,
    acceptedBy: r.accepted_by_label,
    originRunId: r.origin_run_id,
    preparedAt: r.prepared_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** What the extractor stored for an item (and what a person's edit may override). */
export type ItemFields = { text: string; promiseKind?: PromiseKind | null; stakeholder?: StakeholderFacts | null; field?: QuestionField | null };

export type StoredItem = BriefItem & {
  key: string;
  position: number;
  extracted: ItemFields | null;
  edit: Partial<ItemFields> | null;
  createdBy: string;
  createdAt: string;
  reviewNote: string | null;
};

export function toItem(r: Row<'brief_items'> & { signed?: boolean | null }): StoredItem {
  const extracted = r.extracted as ItemFields | null;
  const edit = r.edit as Partial<ItemFields> | null;
  const current: ItemFields = { ...(extracted ?? { text: '' }), ...(edit ?? {}) };
  const stakeholder = current.stakeholder ? { ...(extracted?.stakeholder ?? {}), ...current.stakeholder } : null;
  return {
    id: r.id,
    key: r.item_key,
    position: r.position,
    kind: r.kind as ItemKind,
    origin: r.origin as 'extracted' | 'person',
    text: current.text,
    evidence: (r.evidence ?? []) as Evidence[],
    promiseKind: current.promiseKind ?? null,
    stakeholder: stakeholder as StakeholderFacts | null,
    field: current.field ?? null,
    ownerId: r.owner_id,
    review:
      r.reviewed_at && r.reviewed_by
        ? {
            decision: (r.review_decision ?? 'confirmed') as 'confirmed' | 'corrected',
            byId: r.reviewed_by,
            at: r.reviewed_at.toISOString(),
            note: r.review_note,
          }
        : null,
    reviewNote: r.review_note,
    answer:
      r.answer && r.answered_at ? { text: r.answer, by: r.answered_by_label ?? '', at: r.answered_at.toISOString(), activityId: r.answer_activity_id } : null,
    raisedBy: r.raised_by_label,
    dismissed: r.dismissed_at ? { by: r.dismissed_by_label ?? '', at: r.dismissed_at.toISOString(), reason: r.dismiss_reason } : null,
    withdrawn: r.withdrawn_at !== null,
    edited: r.edited_at ? { by: r.edited_by_label ?? '', at: r.edited_at.toISOString() } : null,
    signed: r.kind === 'promise' && r.signed === true,
    extracted,
    edit,
    createdBy: r.created_by_label,
    createdAt: r.created_at.toISOString(),
  };
}

export type StoredConflict = BriefConflict & { key: string; withdrawn: boolean; resolvedBy: string | null; resolvedAt: string | null };

export function toConflict(r: Row<'brief_conflicts'>): StoredConflict {
  return {
    id: r.id,
    key: r.conflict_key,
    kind: r.kind as ConflictKind,
    summary: r.summary,
    notes: r.notes_evidence as unknown as Evidence,
    scope: r.scope_evidence as unknown as Evidence,
    status: r.status as 'open' | 'resolved',
    resolution: r.resolution as BriefConflict['resolution'],
    note: r.resolution_note,
    withdrawn: r.withdrawn_at !== null,
    resolvedBy: r.resolved_by_label,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
  };
}

export async function findBriefRow(db: DbOrTx, workspaceId: string, where: { opportunityId: string } | { id: string }, lock = false) {
  let q = db.selectFrom('handoff_briefs').selectAll().where('workspace_id', '=', workspaceId);
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('opportunity_id', '=', where.opportunityId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listItems(db: DbOrTx, briefId: string): Promise<StoredItem[]> {
  const rows = await db
    .selectFrom('brief_items as i')
    .selectAll('i')
    // Quoted only from the deal's signed scope documents (the evidence is a JSON list of {sourceId, quote}).
    .select(
      sql<boolean>`jsonb_array_length(i.evidence) > 0 and not exists (
        select 1 from jsonb_array_elements(i.evidence) e
        where not exists (select 1 from scope_documents d where d.workspace_id = i.workspace_id and d.id::text = e->>'sourceId'))`.as('signed'),
    )
    .where('i.brief_id', '=', briefId)
    .orderBy('i.kind')
    .orderBy('i.position')
    .orderBy('i.id')
    .execute();
  return rows.map(toItem);
}

export async function listConflicts(db: DbOrTx, briefId: string): Promise<StoredConflict[]> {
  const rows = await db.selectFrom('brief_conflicts').selectAll().where('brief_id', '=', briefId).orderBy('id').execute();
  return rows.map(toConflict);
}

export type { HandoffEventType };

export type HandoffEvent = { id: string; type: HandoffEventType; data: Record<string, unknown>; actor: Actor; at: string };

/** Appends a measurement event to the brief's history (the caller also puts it in the outbox, in the same transaction). */
export async function insertHandoffEvent(
  tx: Tx,
  workspaceId: string,
  brief: { id: string; opportunityId: string },
  type: HandoffEventType,
  actor: Actor,
  data: Record<string, unknown>,
  at?: Date,
): Promise<string> {
  const id = newId();
  await tx
    .insertInto('handoff_events')
    .values({
      id,
      workspace_id: workspaceId,
      brief_id: brief.id,
      opportunity_id: brief.opportunityId,
      type,
      data: JSON.stringify(data),
      actor_type: actor.type,
      actor_id: actor.type === 'user' ? actor.id : null,
      actor_label: actor.label,
      ...(at && { at }),
    })
    .execute();
  return id;
}

export async function listHandoffEvents(db: DbOrTx, workspaceId: string, briefId: string): Promise<HandoffEvent[]> {
  const rows = await db
    .selectFrom('handoff_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('brief_id', '=', briefId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type as HandoffEventType,
    data: r.data,
    actor: { type: r.actor_type as Actor['type'], id: r.actor_id, label: r.actor_label },
    at: r.at.toISOString(),
  }));
}

export type BriefSummary = {
  id: string;
  opportunityId: string;
  opportunityName: string;
  accountId: string;
  accountName: string;
  status: BriefStatus;
  aeName: string | null;
  csmName: string | null;
  overall: number | null;
  returns: number;
  openConflicts: number;
  wonAt: string | null;
  acceptedAt: string | null;
  kickoffOn: string | null;
  kickoffHeldOn: string | null;
  updatedAt: string;
};

/** Handoffs, most recently changed first (the cursor is the last id seen; ids are time-ordered, updates are not, so order by id). */
export async function listBriefs(
  db: DbOrTx,
  workspaceId: string,
  filter: { status?: BriefStatus | undefined; mine?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<BriefSummary>> {
  let q = db
    .selectFrom('handoff_briefs as b')
    .innerJoin('opportunities as o', 'o.id', 'b.opportunity_id')
    .innerJoin('accounts as a', 'a.id', 'b.account_id')
    .leftJoin('users as ae', 'ae.id', 'b.ae_id')
    .leftJoin('users as csm', 'csm.id', 'b.csm_id')
    .select([
      'b.id',
      'b.opportunity_id',
      'o.name as opportunity_name',
      'a.id as account_id',
      'a.name as account_name',
      'b.status',
      'ae.name as ae_name',
      'csm.name as csm_name',
      'b.scores',
      'b.returns',
      'b.won_at',
      'b.accepted_at',
      'b.kickoff_on',
      'b.kickoff_held_on',
      'b.updated_at',
      (eb) =>
        eb
          .selectFrom('brief_conflicts as c')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('c.brief_id', '=', 'b.id')
          .where('c.status', '=', 'open')
          .where('c.withdrawn_at', 'is', null)
          .as('open_conflicts'),
    ])
    .where('b.workspace_id', '=', workspaceId);
  if (filter.status) q = q.where('b.status', '=', filter.status);
  if (filter.mine) q = q.where((eb) => eb.or([eb('b.ae_id', '=', filter.mine!), eb('b.csm_id', '=', filter.mine!)]));
  if (filter.cursor) q = q.where('b.id', '<', filter.cursor);
  const rows = await q
    .orderBy('b.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => ({
    id: r.id,
    opportunityId: r.opportunity_id,
    opportunityName: r.opportunity_name,
    accountId: r.account_id,
    accountName: r.account_name,
    status: r.status as BriefStatus,
    aeName: r.ae_name,
    csmName: r.csm_name,
    overall:
      typeof (r.scores as { overall?: { score?: unknown } })?.overall?.score === 'number' ? (r.scores as { overall: { score: number } }).overall.score : null,
    returns: r.returns,
    openConflicts: Number(r.open_conflicts ?? 0),
    wonAt: r.won_at?.toISOString() ?? null,
    acceptedAt: r.accepted_at?.toISOString() ?? null,
    kickoffOn: r.kickoff_on,
    kickoffHeldOn: r.kickoff_held_on,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export type HandoffMetrics = {
  from: string;
  to: string;
  handoffs: number;
  accepted: number;
  acceptedFirstPass: number;
  /** Accepted without a missing-context return, over every handoff created in the period. */
  acceptanceRate: number | null;
  returns: number;
  returnsByField: { field: string; count: number }[];
  wonToAcceptedHours: { median: number | null; p90: number | null; n: number };
  kickoff: { scheduled: number; held: number; delayed: number; medianDelayDays: number | null; meanDelayDays: number | null };
  firstValue: { reached: number; missed: number; overdue: number; medianDaysFromWon: number | null };
  paused: number;
};

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

type MetricsRow = {
  handoffs: number;
  accepted: number;
  accepted_first_pass: number;
  returns: number;
  returns_by_field: { field: string; count: number }[] | null;
  hours_median: number | null;
  hours_p90: number | null;
  hours_n: number;
  kickoff_scheduled: number;
  kickoff_held: number;
  kickoff_delayed: number;
  delay_median: number | null;
  delay_mean: number | null;
  first_value_reached: number;
  first_value_missed: number;
  first_value_overdue: number;
  first_value_median: number | null;
  paused: number;
};

/**
 * The handoff measured over the briefs created in [from, to): acceptance, returns by missing field, time to accept,
 * kickoff delay, first value. One statement whatever the number of briefs (no parameter per brief): medians and
 * the 90th percentile are percentile_cont, the same linear interpolation between neighbours as before.
 */
export async function handoffMetrics(db: DbOrTx, workspaceId: string, range: { from: Date; to: Date }, today: string): Promise<HandoffMetrics> {
  const result = await sql<MetricsRow>`
    with b as (
      select id, returns, won_at, accepted_at, kickoff_first_on, kickoff_held_on, first_value_due, first_value_reached_on, first_value_missed_at
      from handoff_briefs
      where workspace_id = ${workspaceId} and created_at >= ${range.from} and created_at < ${range.to}
    ), e as (
      -- Each brief's events through handoff_events_brief_idx (offset 0 keeps it a lookup per brief of the period,
      -- not a pass over every event of the workspace's history).
      select b.id as brief_id, x.type, x.data
      from b cross join lateral (
        select e.type, e.data from handoff_events e
        where e.brief_id = b.id and e.workspace_id = ${workspaceId}
          and e.type in ('handoff.returned', 'handoff.paused', 'kickoff.scheduled', 'kickoff.delayed', 'kickoff.held')
        offset 0
      ) x
    ), fields as (
      -- A return names the fields it missed; one that names none counts as "other".
      select f.field, count(*)::int as n
      from e cross join lateral jsonb_array_elements_text(
        case when jsonb_typeof(e.data->'missing') = 'array' and jsonb_array_length(e.data->'missing') > 0 then e.data->'missing' else '["other"]'::jsonb end
      ) f(field)
      where e.type = 'handoff.returned'
      group by f.field
    ), accepted as (
      select extract(epoch from accepted_at - won_at) / 3600 as hours from b where accepted_at is not null and won_at is not null
    ), held as (
      select id, kickoff_held_on - kickoff_first_on as days from b where kickoff_held_on is not null and kickoff_first_on is not null
    )
    select
      (select count(*) from b)::int as handoffs,
      (select count(*) from b where accepted_at is not null)::int as accepted,
      (select count(*) from b where accepted_at is not null and returns = 0)::int as accepted_first_pass,
      (select count(*) from e where type = 'handoff.returned')::int as returns,
      (select jsonb_agg(jsonb_build_object('field', field, 'count', n)) from fields) as returns_by_field,
      (select percentile_cont(0.5) within group (order by hours) from accepted)::float8 as hours_median,
      (select percentile_cont(0.9) within group (order by hours) from accepted)::float8 as hours_p90,
      (select count(*) from accepted)::int as hours_n,
      (select count(distinct brief_id) from e where type = 'kickoff.scheduled')::int as kickoff_scheduled,
      (select count(*) from b where kickoff_held_on is not null)::int as kickoff_held,
      (select count(*) from (select brief_id from e where type = 'kickoff.delayed' union select id from held where days > 0) d)::int as kickoff_delayed,
      (select percentile_cont(0.5) within group (order by greatest(0, days)) from held)::float8 as delay_median,
      (select avg(greatest(0, days)) from held)::float8 as delay_mean,
      (select count(*) from b where first_value_reached_on is not null)::int as first_value_reached,
      (select count(*) from b where first_value_missed_at is not null)::int as first_value_missed,
      (select count(*) from b
        where first_value_due is not null and first_value_reached_on is null and first_value_missed_at is null and first_value_due < ${today}::date)::int
        as first_value_overdue,
      (select percentile_cont(0.5) within group (order by first_value_reached_on - (won_at at time zone 'UTC')::date)
        from b where first_value_reached_on is not null and won_at is not null)::float8 as first_value_median,
      (select count(distinct brief_id) from e where type = 'handoff.paused')::int as paused`.execute(db);
  const r = result.rows[0]!;
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    handoffs: r.handoffs,
    accepted: r.accepted,
    acceptedFirstPass: r.accepted_first_pass,
    acceptanceRate: r.handoffs ? Math.round((r.accepted_first_pass / r.handoffs) * 1000) / 1000 : null,
    returns: r.returns,
    returnsByField: (r.returns_by_field ?? []).sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)),
    wonToAcceptedHours: { median: round1(r.hours_median), p90: round1(r.hours_p90), n: r.hours_n },
    kickoff: {
      scheduled: r.kickoff_scheduled,
      held: r.kickoff_held,
      delayed: r.kickoff_delayed,
      medianDelayDays: round1(r.delay_median),
      meanDelayDays: round1(r.delay_mean),
    },
    firstValue: {
      reached: r.first_value_reached,
      missed: r.first_value_missed,
      overdue: r.first_value_overdue,
      medianDaysFromWon: round1(r.first_value_median),
    },
    paused: r.paused,
  };
}

/**
 * Locks a brief for a change, its deal first: every change of a deal holds the deal's row before its brief and its
 * project (the lock order, STYLE.md), so that two changes of one deal queue instead of deadlocking.
 */
export async function lockBriefRow(tx: Tx, workspaceId: string, briefId: string) {
  const deal = await tx
    .selectFrom('opportunities')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', (eb) => eb.selectFrom('handoff_briefs').select('opportunity_id').where('workspace_id', '=', workspaceId).where('id', '=', briefId))
    .forUpdate()
    .executeTakeFirst();
  if (!deal) return undefined;
  return findBriefRow(tx, workspaceId, { id: briefId }, true);
}
