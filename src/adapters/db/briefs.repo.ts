// Storage of handoff briefs: the brief, its items (the extractor's version and the person's edit kept apart),
// its conflicts, the handoff's measurement events, and the metrics read from them.
import { sql } from 'kysely';
import type { BriefConflict, BriefItem, BriefStatus, UnpausedStatus } from '../../domain/brief/review.ts';
import type { Scores } from '../../domain/brief/scores.ts';
import {
  confirmBelow,
  type ConflictKind,
  type Evidence,
  type ItemKind,
  type PromiseKind,
  type QuestionField,
  type StakeholderFacts,
} from '../../domain/brief/types.ts';
import type { HandoffEventType } from '../../domain/events.ts';
import { measureOf } from '../../domain/brief/measures.ts';
import { assertNever } from '../../domain/errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';
import type { NewRow, Row } from './schema.ts';
import { scoped, scopedIn } from './scope.ts';

export type StoredBrief = {
  id: string;
  opportunityId: string;
  accountId: string;
  status: BriefStatus;
  pausedFrom: UnpausedStatus | null;
  /** The won deal was reopened (until it is won again). */
  reopenedAt: string | null;
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
    reopenedAt: r.reopened_at?.toISOString() ?? null,
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
export type ItemFields = {
  text: string;
  promiseKind?: PromiseKind | null;
  stakeholder?: StakeholderFacts | null;
  field?: QuestionField | null;
  /** The extractor's confidence in the item and its basis (kept with what was extracted). */
  confidence?: number | null;
  basis?: string | null;
  /** A person confirmed a low-confidence item (kept with the edit, so it outlives a refresh). */
  confirmed?: { by: string; at: string } | null;
};

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
    confidence: extracted?.confidence ?? null,
    basis: extracted?.basis ?? null,
    confirmed: edit?.confirmed ?? null,
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
    confidence: r.confidence,
    basis: r.basis,
    confirmed: r.confirmed_at ? { by: r.confirmed_by_label ?? '', at: r.confirmed_at.toISOString() } : null,
  };
}

export async function findBriefRow(db: DbOrTx, workspaceId: string, where: { opportunityId: string } | { id: string }, lock = false) {
  let q = scoped(db, workspaceId).selectFrom('handoff_briefs').selectAll();
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
  const event = {
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
  };
  await tx.insertInto('handoff_events').values(event).execute();
  const measure = measureOf(type, data);
  if (!measure) return id;
  // What the metrics count of it, kept on the brief in the same transaction.
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set((eb) => {
      switch (measure.kind) {
        case 'returned':
          return {
            measured_returns: eb('measured_returns', '+', 1),
            measured_return_fields: sql<string[]>`measured_return_fields || ${sql.val(measure.fields)}::text[]`,
          };
        case 'paused':
          return { measured_paused: true };
        case 'kickoff_scheduled':
          return { measured_kickoff_scheduled: true };
        case 'kickoff_delayed':
          return { measured_kickoff_delayed: true };
        default:
          return assertNever(measure);
      }
    })
    .where('id', '=', brief.id)
    .execute();
  return id;
}

export async function listHandoffEvents(db: DbOrTx, workspaceId: string, briefId: string): Promise<HandoffEvent[]> {
  const rows = await scoped(db, workspaceId).selectFrom('handoff_events').selectAll().where('brief_id', '=', briefId).orderBy('at').orderBy('id').execute();
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
  let q = scoped(db, workspaceId)
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
          .where((eb) => eb.or([eb('c.confidence', 'is', null), eb('c.confidence', '>=', confirmBelow), eb('c.confirmed_at', 'is not', null)]))
          .as('open_conflicts'),
    ]);
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
  /** Handoffs the CSM decided: accepted, or returned at least once (a brief still in review is neither). */
  decided: number;
  /** Accepted without a missing-context return, over the decided handoffs of the period. */
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
  decided: number;
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
  // Returns, pauses and kickoff changes are read from what each brief keeps of its events (insertHandoffEvent),
  // however long their histories. One pass over the period's briefs: every figure is an aggregate of the same scan (FILTER picks its briefs), and
  // the returned fields a second pass over the returned briefs alone (handoff_briefs_returned_idx). Not materialised: each pass reads the table itself rather
  // than a copy that spills to disk past work_mem.
  const periodBriefs = scoped(db, workspaceId)
    .selectFrom('handoff_briefs')
    .select([
      'returns',
      'won_at',
      'accepted_at',
      'kickoff_first_on',
      'kickoff_held_on',
      'first_value_due',
      'first_value_reached_on',
      'first_value_missed_at',
      'measured_returns',
      'measured_return_fields',
      'measured_paused',
      'measured_kickoff_scheduled',
      'measured_kickoff_delayed',
      // date_part is float8; extract() would be numeric, several times slower to sort for the percentiles.
      sql<number | null>`date_part('epoch', accepted_at - won_at) / 3600`.as('hours'),
      // greatest() skips nulls: a brief without both kickoff dates has no delay, not a delay of 0.
      sql<number | null>`case when kickoff_held_on is not null and kickoff_first_on is not null then greatest(0, kickoff_held_on - kickoff_first_on) end`.as(
        'delay_days',
      ),
      sql<number | null>`first_value_reached_on - (won_at at time zone 'UTC')::date`.as('value_days'),
    ])
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to);
  const result = await sql<MetricsRow>`
    with b as not materialized (${periodBriefs}), fields as (
      select f.field, count(*)::int as n
      from b cross join lateral unnest(b.measured_return_fields) f(field)
      where cardinality(b.measured_return_fields) > 0
      group by f.field
    ), totals as (
      select
        count(*)::int as handoffs,
        (count(*) filter (where accepted_at is not null))::int as accepted,
        (count(*) filter (where accepted_at is not null and returns = 0))::int as accepted_first_pass,
        (count(*) filter (where accepted_at is not null or returns > 0))::int as decided,
        coalesce(sum(measured_returns), 0)::int as returns,
        (percentile_cont(0.5) within group (order by hours) filter (where hours is not null))::float8 as hours_median,
        (percentile_cont(0.9) within group (order by hours) filter (where hours is not null))::float8 as hours_p90,
        (count(hours))::int as hours_n,
        (count(*) filter (where measured_kickoff_scheduled))::int as kickoff_scheduled,
        (count(*) filter (where kickoff_held_on is not null))::int as kickoff_held,
        (count(*) filter (where measured_kickoff_delayed or (kickoff_held_on is not null and kickoff_first_on is not null and kickoff_held_on > kickoff_first_on)))::int
          as kickoff_delayed,
        (percentile_cont(0.5) within group (order by delay_days) filter (where delay_days is not null))::float8 as delay_median,
        (avg(delay_days))::float8 as delay_mean,
        (count(*) filter (where first_value_reached_on is not null))::int as first_value_reached,
        (count(*) filter (where first_value_missed_at is not null))::int as first_value_missed,
        (count(*) filter (where first_value_due is not null and first_value_reached_on is null and first_value_missed_at is null and first_value_due < ${today}::date))::int
          as first_value_overdue,
        (percentile_cont(0.5) within group (order by value_days) filter (where value_days is not null))::float8 as first_value_median,
        (count(*) filter (where measured_paused))::int as paused
      from b
    )
    select totals.*, (select jsonb_agg(jsonb_build_object('field', field, 'count', n)) from fields) as returns_by_field from totals`.execute(db);
  const r = result.rows[0]!;
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    handoffs: r.handoffs,
    accepted: r.accepted,
    acceptedFirstPass: r.accepted_first_pass,
    decided: r.decided,
    // Over decided handoffs only: a brief still in review has not been accepted, nor turned down.
    acceptanceRate: r.decided ? Math.round((r.accepted_first_pass / r.decided) * 1000) / 1000 : null,
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
  const deal = await scoped(tx, workspaceId)
    .selectFrom('opportunities')
    .select('id')
    .where('id', '=', (eb) => scopedIn(eb, workspaceId).selectFrom('handoff_briefs').select('opportunity_id').where('id', '=', briefId))
    .forUpdate()
    .executeTakeFirst();
  if (!deal) return undefined;
  return findBriefRow(tx, workspaceId, { id: briefId }, true);
}

/**
 * What a brief is prepared from: the deal with its account, stage and workspace names; its notes, calls, e-mails and
 * meetings (oldest first, at most 2,000); its signed scope documents; the account's contacts; the workspace's people;
 * and the current win. Undefined when the workspace has no such deal.
 */
/** What a brief is prepared from; the deal's activities newest first, at most `maxActivities`, with their total. */
export async function loadBriefSourceRows(db: DbOrTx, workspaceId: string, opportunityId: string, options: { maxActivities: number }) {
  const deal = await scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .innerJoin('workspaces as w', 'w.id', 'o.workspace_id')
    .select([
      'o.id',
      'o.name',
      'o.amount_minor',
      'o.currency',
      'o.deal_type',
      'o.complexity',
      'o.close_date',
      'o.payment_terms',
      'o.contract_version',
      'o.non_standard_clauses',
      'o.custom_fields',
      'o.owner_id',
      'a.id as account_id',
      'a.name as account_name',
      'a.csm_id',
      's.category',
      'w.name as workspace_name',
    ])
    .where('o.id', '=', opportunityId)
    .executeTakeFirst();
  if (!deal) return undefined;
  const q = scoped(db, workspaceId);
  const [newestActivities, activityTotal, documents, contacts, people, won] = await Promise.all([
    // The newest first: when a deal has more than a brief reads, the oldest are the ones left out (and said so).
    q
      .selectFrom('activities')
      .select(['id', 'kind', 'subject', 'body', 'occurred_at'])
      .where('opportunity_id', '=', opportunityId)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.maxActivities)
      .execute(),
    q
      .selectFrom('activities')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('occurred_at').as('oldest')])
      .where('opportunity_id', '=', opportunityId)
      .executeTakeFirstOrThrow(),
    q
      .selectFrom('scope_documents')
      .select(['id', 'title', 'body', 'signed_on', 'created_at'])
      .where('opportunity_id', '=', opportunityId)
      .where('archived_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    q
      .selectFrom('contacts')
      .select(['id', 'first_name', 'last_name', 'title', 'buying_role', 'email'])
      .where('account_id', '=', deal.account_id)
      .orderBy('id')
      .limit(200)
      .execute(),
    q.selectFrom('users').select(['name', 'email']).execute(),
    q
      .selectFrom('deal_outcomes')
      .select('created_at')
      .where('opportunity_id', '=', opportunityId)
      .where('outcome', '=', 'won')
      .where('reopened_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    deal,
    newestActivities,
    activityTotal: { count: Number(activityTotal.n), oldest: activityTotal.oldest ? new Date(activityTotal.oldest as Date | string) : null },
    documents,
    contacts,
    people,
    won,
  };
}

export async function insertBrief(tx: Tx, row: NewRow<'handoff_briefs'>): Promise<void> {
  await tx.insertInto('handoff_briefs').values(row).execute();
}

/** Inserts items in batches of 500 (a 200 KB transcript gives a thousand items). */
export async function insertBriefItems(tx: Tx, rows: readonly NewRow<'brief_items'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('brief_items')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Writes what the extractor now says of items it had found before (and brings back the withdrawn ones), 500 per statement. */
export async function updateExtractedItems(
  tx: Tx,
  briefId: string,
  updates: readonly { id: string; extracted: string; evidence: string; position: number }[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < updates.length; i += 500) {
    const rows = updates.slice(i, i + 500).map((u) => sql`(${u.id}::uuid, ${u.extracted}::jsonb, ${u.evidence}::jsonb, ${u.position}::int)`);
    await sql`
      update brief_items set extracted = v.extracted, evidence = v.evidence, position = v.position, withdrawn_at = null, updated_at = ${now}
      from (values ${sql.join(rows)}) as v(id, extracted, evidence, position)
      where brief_items.id = v.id and brief_items.brief_id = ${briefId}`.execute(tx);
  }
}

/** Marks extracted items the sources no longer support as withdrawn. */
export async function withdrawItems(tx: Tx, workspaceId: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await scoped(tx, workspaceId)
    .updateTable('brief_items')
    .set({ withdrawn_at: now, updated_at: now })
    .where('id', 'in', [...ids])
    .execute();
}

/** A conflict found again: its summary as now worded, no longer withdrawn. */
export async function reviveConflict(
  tx: Tx,
  workspaceId: string,
  id: string,
  found: { summary: string; confidence: number | null; basis: string | null },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('brief_conflicts')
    .set({ summary: found.summary, confidence: found.confidence, basis: found.basis, withdrawn_at: null })
    .where('id', '=', id)
    .execute();
}

/** The AE confirms a weak conflict: from now on it pauses the handoff like any other. */
export async function confirmConflictRow(tx: Tx, workspaceId: string, id: string, byLabel: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('brief_conflicts')
    .set({ confirmed_by_label: byLabel, confirmed_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function insertConflict(tx: Tx, row: NewRow<'brief_conflicts'>): Promise<void> {
  await tx.insertInto('brief_conflicts').values(row).execute();
}

export async function withdrawConflicts(tx: Tx, workspaceId: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await scoped(tx, workspaceId)
    .updateTable('brief_conflicts')
    .set({ withdrawn_at: now })
    .where('id', 'in', [...ids])
    .execute();
}

/** Stores the outcome of preparing a brief; a refresh is a new revision, and the win's time is kept once known. */
export async function savePreparedBrief(
  tx: Tx,
  workspaceId: string,
  briefId: string,
  p: {
    status: BriefStatus;
    pausedFrom: UnpausedStatus | null;
    extractor: string;
    extractorNote: string | null;
    sourcesDigest: string;
    dropped: unknown[];
    preparedAt: Date;
    newRevision: boolean;
    wonAt: Date | undefined;
  },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({
      status: p.status,
      paused_from: p.pausedFrom,
      extractor: p.extractor,
      extractor_note: p.extractorNote,
      sources_digest: p.sourcesDigest,
      dropped: JSON.stringify(p.dropped),
      prepared_at: p.preparedAt,
      updated_at: p.preparedAt,
      ...(p.newRevision && { revision: sql<number>`revision + 1` }),
      ...(p.wonAt && { won_at: p.wonAt }),
    })
    .where('id', '=', briefId)
    .execute();
}

/** The deal's complexity and type, which weigh the brief's scores. */
export async function findBriefDealTraits(db: DbOrTx, briefId: string): Promise<{ complexity: string; deal_type: string }> {
  return db
    .selectFrom('handoff_briefs as b')
    .innerJoin('opportunities as o', 'o.id', 'b.opportunity_id')
    .select(['o.complexity', 'o.deal_type'])
    .where('b.id', '=', briefId)
    .executeTakeFirstOrThrow();
}

export async function saveBriefScores(tx: Tx, briefId: string, scores: Scores): Promise<void> {
  await tx
    .updateTable('handoff_briefs')
    .set({ scores: JSON.stringify(scores) })
    .where('id', '=', briefId)
    .execute();
}

export type BriefStatusExtra = { countReturn?: boolean; acceptedAt?: Date; acceptedByLabel?: string; clearPausedFrom?: boolean; pausedFrom?: UnpausedStatus };

/** Moves the brief to a status; a return is counted, an acceptance records when and by whom, a resume forgets the pause. */
/** Marks the deal's brief reopened (the won deal was reopened) or clears the mark (won again); false when it has no brief. */
export async function markBriefReopened(
  tx: Tx,
  workspaceId: string,
  opportunityId: string,
  reopened: boolean,
): Promise<{ id: string; status: string } | undefined> {
  return scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({ reopened_at: reopened ? sql`now()` : null })
    .where('opportunity_id', '=', opportunityId)
    .where('reopened_at', reopened ? 'is' : 'is not', null)
    .returning(['id', 'status'])
    .executeTakeFirst();
}

export async function updateBriefStatus(tx: Tx, workspaceId: string, briefId: string, status: BriefStatus, extra: BriefStatusExtra = {}): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({
      status,
      updated_at: sql`now()`,
      ...(extra.countReturn && { returns: sql<number>`returns + 1` }),
      ...(extra.acceptedAt && { accepted_at: extra.acceptedAt }),
      ...(extra.acceptedByLabel !== undefined && { accepted_by_label: extra.acceptedByLabel }),
      ...(extra.clearPausedFrom && { paused_from: null }),
      ...(extra.pausedFrom && { paused_from: extra.pausedFrom }),
    })
    .where('id', '=', briefId)
    .execute();
}

export async function lockBriefItem(tx: Tx, workspaceId: string, briefId: string, itemId: string): Promise<Row<'brief_items'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('brief_items').selectAll().where('brief_id', '=', briefId).where('id', '=', itemId).forUpdate().executeTakeFirst();
}

/** The AE's answer to a question, with the note it was logged as. */
export async function answerBriefItem(
  tx: Tx,
  workspaceId: string,
  itemId: string,
  a: { answer: string; activityId: string; answeredByLabel: string },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('brief_items')
    .set({ answer: a.answer, answer_activity_id: a.activityId, answered_by_label: a.answeredByLabel, answered_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', itemId)
    .execute();
}

/** A person's change of an item: an edit (kept apart from what was extracted), a cleared review, an owner, a dismissal or a restore. */
export type BriefItemChange = {
  edit?: { fields: Partial<ItemFields>; byLabel: string };
  /** A confirmation only: stored with the edit's fields without marking the item edited. */
  confirm?: { fields: Partial<ItemFields> };
  clearReview?: boolean;
  ownerId?: string | null;
  dismiss?: { byLabel: string; reason: string | null };
  restore?: boolean;
};

export async function saveBriefItemChange(tx: Tx, workspaceId: string, itemId: string, c: BriefItemChange): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('brief_items')
    .set({
      updated_at: sql`now()`,
      ...(c.edit && { edit: JSON.stringify(c.edit.fields), edited_by_label: c.edit.byLabel, edited_at: sql`now()` }),
      ...(c.confirm && !c.edit && { edit: JSON.stringify(c.confirm.fields) }),
      ...(c.clearReview && { reviewed_at: null, reviewed_by: null, review_decision: null }),
      ...(c.ownerId !== undefined && { owner_id: c.ownerId }),
      ...(c.dismiss && { dismissed_at: sql`now()`, dismissed_by_label: c.dismiss.byLabel, dismiss_reason: c.dismiss.reason }),
      ...(c.restore && { dismissed_at: null, dismissed_by_label: null, dismiss_reason: null }),
    })
    .where('id', '=', itemId)
    .execute();
}

/** A promise's owner confirms it or corrects it (the correction is stored as the item's edit). */
export async function reviewBriefItem(
  tx: Tx,
  workspaceId: string,
  itemId: string,
  r: { reviewedBy: string | null; decision: 'confirmed' | 'corrected'; note: string | null; correction?: { fields: Partial<ItemFields>; byLabel: string } },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('brief_items')
    .set({
      reviewed_by: r.reviewedBy,
      reviewed_at: sql`now()`,
      review_decision: r.decision,
      review_note: r.note,
      updated_at: sql`now()`,
      ...(r.correction && { edit: JSON.stringify(r.correction.fields), edited_by_label: r.correction.byLabel, edited_at: sql`now()` }),
    })
    .where('id', '=', itemId)
    .execute();
}

export async function lockBriefConflict(tx: Tx, workspaceId: string, briefId: string, conflictId: string): Promise<Row<'brief_conflicts'> | undefined> {
  return scoped(tx, workspaceId)
    .selectFrom('brief_conflicts')
    .selectAll()
    .where('brief_id', '=', briefId)
    .where('id', '=', conflictId)
    .forUpdate()
    .executeTakeFirst();
}

export async function resolveConflictRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  r: { resolution: 'scope_prevails' | 'notes_prevail' | 'settled'; note: string; resolvedByLabel: string },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('brief_conflicts')
    .set({ status: 'resolved', resolution: r.resolution, resolution_note: r.note, resolved_by_label: r.resolvedByLabel, resolved_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Conflicts of the brief still open (not settled, not withdrawn by a refresh) that pause it: a weak one only once confirmed. */
export async function countOpenConflicts(db: DbOrTx, workspaceId: string, briefId: string): Promise<number> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('brief_conflicts')
    .select('id')
    .where('brief_id', '=', briefId)
    .where('status', '=', 'open')
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb.or([eb('confidence', 'is', null), eb('confidence', '>=', confirmBelow), eb('confirmed_at', 'is not', null)]))
    .execute();
  return rows.length;
}

/** Sets the handoff's AE and/or CSM. */
export async function setBriefPeople(
  tx: Tx,
  workspaceId: string,
  briefId: string,
  p: { aeId?: string | null | undefined; csmId?: string | null | undefined },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({
      updated_at: sql`now()`,
      ...(p.aeId !== undefined && { ae_id: p.aeId }),
      ...(p.csmId !== undefined && { csm_id: p.csmId }),
    })
    .where('id', '=', briefId)
    .execute();
}

export async function scheduleKickoffRow(tx: Tx, workspaceId: string, briefId: string, k: { on: string; firstOn: string }): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({ kickoff_on: k.on, kickoff_first_on: k.firstOn, updated_at: sql`now()` })
    .where('id', '=', briefId)
    .execute();
}

export async function recordKickoffHeldRow(tx: Tx, workspaceId: string, briefId: string, k: { heldOn: string; firstOn: string; on: string }): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({ kickoff_held_on: k.heldOn, kickoff_first_on: k.firstOn, kickoff_on: k.on, updated_at: sql`now()` })
    .where('id', '=', briefId)
    .execute();
}

export async function setFirstValueDue(tx: Tx, workspaceId: string, briefId: string, dueOn: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({ first_value_due: dueOn, updated_at: sql`now()` })
    .where('id', '=', briefId)
    .execute();
}

export async function setFirstValueReached(tx: Tx, workspaceId: string, briefId: string, reachedOn: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({ first_value_reached_on: reachedOn, updated_at: sql`now()` })
    .where('id', '=', briefId)
    .execute();
}

export async function setFirstValueMissed(tx: Tx, workspaceId: string, briefId: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('handoff_briefs')
    .set({ first_value_missed_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', briefId)
    .execute();
}

/** Briefs waiting for their AE's review, handed to the given CSM, oldest first, with the AE's name. */
export async function listBriefsInAeReview(db: DbOrTx, workspaceId: string, csmId: string) {
  return scoped(db, workspaceId)
    .selectFrom('handoff_briefs as b')
    .innerJoin('users as u', 'u.id', 'b.ae_id')
    .select(['b.id', 'b.status', 'u.id as ae_id', 'u.name as ae_name'])
    .where('b.status', '=', 'ae_review')
    .where('b.csm_id', '=', csmId)
    .orderBy('b.created_at')
    .execute();
}
