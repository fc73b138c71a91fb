// Opportunities: reading them with their stage and account, locking one for a change, and their history.
import { sql, type RawBuilder, type Updateable } from 'kysely';
import type { Complexity, StageCategory } from '../../domain/opportunity.ts';
import type { Actor } from '../../domain/actor.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { escapeLike } from './accounts.repo.ts';
import { toPage, type Page } from './page.ts';
import type { DB, NewRow, Row } from './schema.ts';
import { scoped, scopedIn } from './scope.ts';

export type Opportunity = {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  accountStatus: string;
  pipelineId: string;
  stageId: string;
  stageName: string;
  stageCategory: StageCategory;
  amountMinor: number;
  currency: string;
  closeDate: string | null;
  dealType: string;
  complexity: Complexity;
  paymentTerms: string | null;
  contractVersion: string | null;
  nonStandardClauses: string | null;
  ownerId: string | null;
  ownerName: string | null;
  primaryContactId: string | null;
  customFields: Record<string, unknown>;
  /** The buyer confirmed the budget (a traction signal). */
  budgetConfirmed: boolean;
  stageChangedAt: string;
  createdAt: string;
  updatedAt: string;
};

function selectOpportunities(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('users as u', 'u.id', 'o.owner_id')
    .selectAll('o')
    .select(['s.name as stage_name', 's.category as stage_category', 'a.name as account_name', 'a.status as account_status', 'u.name as owner_name']);
}

type OpportunityRow = Awaited<ReturnType<ReturnType<typeof selectOpportunities>['executeTakeFirstOrThrow']>>;

const toOpportunity = (r: OpportunityRow): Opportunity => ({
  id: r.id,
  name: r.name,
  accountId: r.account_id,
  accountName: r.account_name,
  accountStatus: r.account_status,
  pipelineId: r.pipeline_id,
  stageId: r.stage_id,
  stageName: r.stage_name,
  stageCategory: r.stage_category as StageCategory,
  amountMinor: r.amount_minor,
  currency: r.currency,
  closeDate: r.close_date,
  dealType: r.deal_type,
  complexity: r.complexity as Complexity,
  paymentTerms: r.payment_terms,
  contractVersion: r.contract_version,
  nonStandardClauses: r.non_standard_clauses,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  primaryContactId: r.primary_contact_id,
  customFields: r.custom_fields ?? {},
  budgetConfirmed: r.budget_confirmed,
  stageChangedAt: r.stage_changed_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function findOpportunity(db: DbOrTx, workspaceId: string, id: string): Promise<Opportunity | undefined> {
  const row = await selectOpportunities(db, workspaceId).where('o.id', '=', id).executeTakeFirst();
  return row && toOpportunity(row);
}

export type OpportunitySortKey = 'closeDate' | 'amount' | 'updated' | 'name';

export type OpportunityFilter = {
  stageId?: string | undefined;
  stageCategory?: StageCategory | undefined;
  accountId?: string | undefined;
  ownerId?: string | undefined;
  pipelineId?: string | undefined;
  q?: string | undefined;
  /** Close date on or after / on or before ('YYYY-MM-DD'). */
  closeFrom?: string | undefined;
  closeTo?: string | undefined;
  amountMinorMin?: number | undefined;
  amountMinorMax?: number | undefined;
  /** Without it, oldest first (by id). */
  sort?: { key: OpportunitySortKey; direction: 'asc' | 'desc' } | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * The sort key of a deal under `alias`, as migration 0012's indexes hold it (deals without a close date come
 * last when ascending: 'infinity').
 */
function sortKeyOf(key: OpportunitySortKey, alias: 'o' | 'c'): RawBuilder<unknown> {
  switch (key) {
    case 'closeDate':
      return sql`coalesce(${sql.ref(`${alias}.close_date`)}, 'infinity'::date)`;
    case 'amount':
      return sql`${sql.ref(`${alias}.amount_minor`)}`;
    case 'updated':
      return sql`${sql.ref(`${alias}.updated_at`)}`;
    case 'name':
      return sql`${sql.ref(`${alias}.name`)}`;
  }
}

export async function listOpportunities(db: DbOrTx, workspaceId: string, filter: OpportunityFilter): Promise<Page<Opportunity>> {
  let q = selectOpportunities(db, workspaceId);
  if (filter.stageId) q = q.where('o.stage_id', '=', filter.stageId);
  if (filter.stageCategory) q = q.where('s.category', '=', filter.stageCategory);
  if (filter.accountId) q = q.where('o.account_id', '=', filter.accountId);
  if (filter.ownerId) q = q.where('o.owner_id', '=', filter.ownerId);
  if (filter.pipelineId) q = q.where('o.pipeline_id', '=', filter.pipelineId);
  if (filter.q) q = q.where('o.name', 'ilike', `%${escapeLike(filter.q)}%`);
  // Close dates compare on the close-date index's expression too, so a range sorted by close date reads only the range.
  if (filter.closeFrom) q = q.where('o.close_date', '>=', filter.closeFrom).where(sortKeyOf('closeDate', 'o'), '>=', filter.closeFrom);
  if (filter.closeTo) q = q.where(sortKeyOf('closeDate', 'o'), '<=', filter.closeTo);
  if (filter.amountMinorMin !== undefined) q = q.where('o.amount_minor', '>=', filter.amountMinorMin);
  if (filter.amountMinorMax !== undefined) q = q.where('o.amount_minor', '<=', filter.amountMinorMax);
  const sort = filter.sort;
  if (!sort) {
    if (filter.cursor) q = q.where('o.id', '>', filter.cursor);
    const rows = await q
      .orderBy('o.id')
      .limit(filter.limit + 1)
      .execute();
    return toPage(rows, filter.limit, toOpportunity);
  }
  // Keyset on (sort key, id): the page after the cursor's deal, read where that deal sits now.
  if (filter.cursor) {
    const after = scoped(db, workspaceId)
      .selectFrom('opportunities as c')
      .select([sortKeyOf(sort.key, 'c').as('k'), 'c.id'])
      .where('c.id', '=', filter.cursor);
    q = q.where(sql<boolean>`(${sortKeyOf(sort.key, 'o')}, o.id) ${sql.raw(sort.direction === 'asc' ? '>' : '<')} (${after})`);
  }
  const rows = await q
    .orderBy(sortKeyOf(sort.key, 'o'), sort.direction)
    .orderBy('o.id', sort.direction)
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toOpportunity);
}

/** Locks the opportunity row for the rest of the transaction: concurrent changes to one deal queue here. */
export async function lockOpportunity(tx: Tx, workspaceId: string, id: string): Promise<Row<'opportunities'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('opportunities').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type Outcome = {
  id: string;
  opportunityId: string;
  outcome: 'won' | 'lost';
  reason: string | null;
  stageId: string;
  amountMinor: number;
  currency: string;
  closeDate: string;
  accountStatusBefore: string;
  accountStatusAfter: string;
  actor: { type: string; id: string | null; label: string };
  createdAt: string;
  reopenedAt: string | null;
  reopenedBy: string | null;
  lossReasonId: string | null;
  lossNote: string | null;
};

export const toOutcome = (r: Row<'deal_outcomes'>): Outcome => ({
  id: r.id,
  opportunityId: r.opportunity_id,
  outcome: r.outcome as Outcome['outcome'],
  reason: r.reason,
  stageId: r.stage_id,
  amountMinor: r.amount_minor,
  currency: r.currency,
  closeDate: r.close_date,
  accountStatusBefore: r.account_status_before,
  accountStatusAfter: r.account_status_after,
  actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
  createdAt: r.created_at.toISOString(),
  reopenedAt: r.reopened_at?.toISOString() ?? null,
  reopenedBy: r.reopened_by_label,
  lossReasonId: r.loss_reason_id,
  lossNote: r.loss_note,
});

export async function findCurrentOutcome(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<Outcome | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('deal_outcomes')
    .selectAll()
    .where('opportunity_id', '=', opportunityId)
    .where('reopened_at', 'is', null)
    .executeTakeFirst();
  return row && toOutcome(row);
}

export type Enrolment = {
  id: string;
  sequenceId: string;
  sequenceName: string;
  contactId: string;
  contactName: string;
  accountId: string;
  opportunityId: string | null;
  status: 'active' | 'stopped' | 'completed';
  stoppedReason: string | null;
  stoppedAt: string | null;
  enrolledAt: string;
};

export function selectEnrolments(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('sequence_enrolments as e')
    .innerJoin('sequences as sq', 'sq.id', 'e.sequence_id')
    .innerJoin('contacts as c', 'c.id', 'e.contact_id')
    .selectAll('e')
    .select(['sq.name as sequence_name', 'c.first_name', 'c.last_name']);
}

type EnrolmentRow = Awaited<ReturnType<ReturnType<typeof selectEnrolments>['executeTakeFirstOrThrow']>>;

export const toEnrolment = (r: EnrolmentRow): Enrolment => ({
  id: r.id,
  sequenceId: r.sequence_id,
  sequenceName: r.sequence_name,
  contactId: r.contact_id,
  contactName: `${r.first_name} ${r.last_name}`,
  accountId: r.account_id,
  opportunityId: r.opportunity_id,
  status: r.status as Enrolment['status'],
  stoppedReason: r.stopped_reason,
  stoppedAt: r.stopped_at?.toISOString() ?? null,
  enrolledAt: r.enrolled_at.toISOString(),
});

export async function findEnrolment(db: DbOrTx, workspaceId: string, id: string): Promise<Enrolment | undefined> {
  const row = await selectEnrolments(db, workspaceId).where('e.id', '=', id).executeTakeFirst();
  return row && toEnrolment(row);
}

export async function listEnrolmentsStoppedBy(db: DbOrTx, workspaceId: string, outcomeId: string): Promise<Enrolment[]> {
  const rows = await selectEnrolments(db, workspaceId).where('e.stopped_by_outcome_id', '=', outcomeId).orderBy('e.id').execute();
  return rows.map(toEnrolment);
}

export async function listEnrolments(
  db: DbOrTx,
  workspaceId: string,
  filter: {
    accountId?: string | undefined;
    opportunityId?: string | undefined;
    contactId?: string | undefined;
    status?: Enrolment['status'] | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<Enrolment>> {
  let q = selectEnrolments(db, workspaceId);
  if (filter.accountId) q = q.where('e.account_id', '=', filter.accountId);
  if (filter.opportunityId) q = q.where('e.opportunity_id', '=', filter.opportunityId);
  if (filter.contactId) q = q.where('e.contact_id', '=', filter.contactId);
  if (filter.status) q = q.where('e.status', '=', filter.status);
  if (filter.cursor) q = q.where('e.id', '>', filter.cursor);
  return toPage(
    await q
      .orderBy('e.id')
      .limit(filter.limit + 1)
      .execute(),
    filter.limit,
    toEnrolment,
  );
}

/**
 * Locks the opportunity and its account in one round trip, with what closing needs: account status, the workspace's
 * time zone, and whether the deal was ever reopened (only then can a win have a brief or a project to bring back).
 */
export async function lockOpportunityForClose(tx: Tx, workspaceId: string, id: string) {
  return scoped(tx, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('workspaces as w', 'w.id', 'o.workspace_id')
    .selectAll('o')
    .select(['a.name as account_name', 'a.status as account_status', 'w.time_zone', 'w.config_version'])
    .select((eb) =>
      eb
        .exists(
          scopedIn(eb, workspaceId)
            .selectFrom('deal_outcomes as r')
            .select('r.id')
            .whereRef('r.opportunity_id', '=', 'o.id')
            .where('r.reopened_at', 'is not', null),
        )
        .as('was_reopened'),
    )
    .where('o.id', '=', id)
    .forUpdate(['o', 'a'])
    .executeTakeFirst();
}

/** The deal columns a rule may set. */
export type SettableColumn = 'deal_type' | 'complexity' | 'payment_terms' | 'contract_version';

export async function insertOpportunity(tx: Tx, row: NewRow<'opportunities'>): Promise<void> {
  await tx.insertInto('opportunities').values(row).execute();
}

/** Writes an edit of the deal's columns (and its custom fields, already merged) with a new updated_at. */
export async function updateOpportunityRow(tx: Tx, workspaceId: string, id: string, set: Updateable<DB['opportunities']>): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('opportunities')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setOpportunityColumn(tx: Tx, workspaceId: string, id: string, column: SettableColumn, value: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('opportunities')
    .set({ [column]: value, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setOpportunityCustomField(tx: Tx, workspaceId: string, id: string, key: string, value: unknown): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('opportunities')
    .set({ custom_fields: sql`custom_fields || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Moves the deal into a stage with its close date; returns the new timestamps. */
export async function moveOpportunityStage(
  tx: Tx,
  workspaceId: string,
  id: string,
  change: { stageId: string; closeDate?: string },
): Promise<{ stageChangedAt: string; updatedAt: string }> {
  const row = await scoped(tx, workspaceId)
    .updateTable('opportunities')
    .set({
      stage_id: change.stageId,
      ...(change.closeDate !== undefined && { close_date: change.closeDate }),
      stage_changed_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returning(['stage_changed_at', 'updated_at'])
    .executeTakeFirstOrThrow();
  return { stageChangedAt: row.stage_changed_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

/** Records a move between stages (from null when the deal was created); returns the change's id. */
export async function insertStageChange(
  tx: Tx,
  workspaceId: string,
  change: { id?: string; opportunityId: string; fromStageId: string | null; toStageId: string; actor: Actor },
): Promise<string> {
  const id = change.id ?? newId();
  await tx
    .insertInto('stage_changes')
    .values({
      id,
      workspace_id: workspaceId,
      opportunity_id: change.opportunityId,
      from_stage_id: change.fromStageId,
      to_stage_id: change.toStageId,
      actor_type: change.actor.type,
      actor_id: change.actor.id,
      actor_label: change.actor.label,
    })
    .execute();
  return id;
}

export type NewOutcome = {
  opportunityId: string;
  outcome: 'won' | 'lost';
  reason: string | null;
  stageId: string;
  amountMinor: number;
  currency: string;
  closeDate: string;
  accountStatusBefore: string;
  accountStatusAfter: string;
  actor: Actor;
  lossReasonId?: string | null | undefined;
  lossNote?: string | null | undefined;
  /** A loss: the open stage and expected close date the deal had, restored when it is reopened. */
  fromStageId?: string | null | undefined;
  closeDateBefore?: string | null | undefined;
  /** A win imported as history: no project is awaited for it. */
  historical?: boolean | undefined;
};

export async function insertOutcome(tx: Tx, workspaceId: string, o: NewOutcome): Promise<Outcome> {
  const row = await tx
    .insertInto('deal_outcomes')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      opportunity_id: o.opportunityId,
      outcome: o.outcome,
      reason: o.reason,
      stage_id: o.stageId,
      amount_minor: o.amountMinor,
      currency: o.currency,
      close_date: o.closeDate,
      account_status_before: o.accountStatusBefore,
      account_status_after: o.accountStatusAfter,
      actor_type: o.actor.type,
      actor_id: o.actor.id,
      actor_label: o.actor.label,
      loss_reason_id: o.lossReasonId ?? null,
      loss_note: o.lossNote ?? null,
      from_stage_id: o.fromStageId ?? null,
      close_date_before: o.closeDateBefore ?? null,
      historical: o.historical ?? false,
      // A deal won again after a reopen may already have its project.
      planned_at:
        o.outcome === 'won'
          ? sql<Date | null>`(select min(d.added_at) from project_deals d where d.workspace_id = ${workspaceId} and d.opportunity_id = ${o.opportunityId})`
          : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOutcome(row);
}

/**
 * Stops the active enrolments tied to the deal or to its account alone, naming the outcome that stopped them; returns them
 * with their sequence and contact names (one statement).
 */
export async function stopDealEnrolments(
  tx: Tx,
  workspaceId: string,
  input: { opportunityId: string; accountId: string; reason: string; outcomeId: string },
): Promise<Enrolment[]> {
  const rows = await scoped(tx, workspaceId)
    .updateTable('sequence_enrolments as e')
    .from(['sequences as sq', 'contacts as c'])
    .set({ status: 'stopped', stopped_reason: input.reason, stopped_at: sql`now()`, stopped_by_outcome_id: input.outcomeId })
    .whereRef('sq.id', '=', 'e.sequence_id')
    .whereRef('c.id', '=', 'e.contact_id')
    .where('e.status', '=', 'active')
    // Tied to the deal, or the account's own nurture (tied to no deal): the account's other deals keep theirs.
    .where((eb) =>
      eb.or([eb('e.opportunity_id', '=', input.opportunityId), eb.and([eb('e.opportunity_id', 'is', null), eb('e.account_id', '=', input.accountId)])]),
    )
    .returningAll('e')
    .returning(['sq.name as sequence_name', 'c.first_name', 'c.last_name'])
    .execute();
  return rows.map(toEnrolment).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** An opportunity as the API shows it, from its row and what the caller knows of its stage, owner and account. */
export function opportunityOf(
  row: Row<'opportunities'>,
  known: { stage: { name: string; category: StageCategory }; ownerName: string | null; accountName: string; accountStatus: string },
): Opportunity {
  return toOpportunity({
    ...row,
    stage_name: known.stage.name,
    stage_category: known.stage.category,
    owner_name: known.ownerName,
    account_name: known.accountName,
    account_status: known.accountStatus,
  });
}

/** What a win or a loss left: the outcome, what it stopped, its event, the Operations notifications and the runs. */
export async function loadCloseStory(db: DbOrTx, workspaceId: string, opportunityId: string) {
  const opportunity = await findOpportunity(db, workspaceId, opportunityId);
  if (!opportunity) return undefined;
  const outcome = (await findCurrentOutcome(db, workspaceId, opportunityId)) ?? null;
  if (!outcome) return { opportunity, outcome, stoppedEnrolments: [], events: [], opsRecipients: 0, opsNotified: 0, runs: [] };
  const eventKey = `deal.${outcome.outcome}:${outcome.id}`;
  const [stoppedEnrolments, events, ops] = await Promise.all([
    listEnrolmentsStoppedBy(db, workspaceId, outcome.id),
    scoped(db, workspaceId).selectFrom('outbox_events').select(['id', 'type', 'status']).where('idempotency_key', '=', eventKey).execute(),
    scoped(db, workspaceId)
      .selectFrom('users as u')
      .select((eb) => [
        sql<number>`count(*)::int`.as('recipients'),
        scopedIn(eb, workspaceId)
          .selectFrom('notifications as n')
          .innerJoin('outbox_events as e', 'e.id', 'n.event_id')
          .innerJoin('users as nu', 'nu.id', 'n.user_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('nu.role', '=', 'ops')
          .where('e.idempotency_key', '=', eventKey)
          .as('notified'),
      ])
      .where('u.role', '=', 'ops')
      .where('u.active', '=', true)
      .executeTakeFirstOrThrow(),
  ]);
  const runs = events.length
    ? await scoped(db, workspaceId)
        .selectFrom('rule_runs as r')
        .innerJoin('rules as ru', 'ru.id', 'r.rule_id')
        .select(['r.id', 'ru.name as rule', 'r.status', 'r.error'])
        .where(
          'r.trigger_event_id',
          'in',
          events.map((e) => e.id),
        )
        .orderBy('ru.position')
        .execute()
    : [];
  return { opportunity, outcome, stoppedEnrolments, events, opsRecipients: ops.recipients, opsNotified: ops.notified ?? 0, runs };
}

/** Marks the deal's standing outcome reopened; returns its id (null when it had none). */
export async function markOutcomeReopened(
  tx: Tx,
  workspaceId: string,
  opportunityId: string,
  byLabel: string,
): Promise<{ id: string; outcome: 'won' | 'lost'; fromStageId: string | null; closeDateBefore: string | null } | null> {
  const row = await scoped(tx, workspaceId)
    .updateTable('deal_outcomes')
    .set({ reopened_at: sql`now()`, reopened_by_label: byLabel })
    .where('opportunity_id', '=', opportunityId)
    .where('reopened_at', 'is', null)
    .returning(['id', 'outcome', 'from_stage_id', 'close_date_before'])
    .executeTakeFirst();
  return row ? { id: row.id, outcome: row.outcome as 'won' | 'lost', fromStageId: row.from_stage_id, closeDateBefore: row.close_date_before } : null;
}

/** The account a deal belongs to (undefined when the deal is not in the workspace). */
export async function findOpportunityAccountId(db: DbOrTx, workspaceId: string, id: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('opportunities').select('account_id').where('id', '=', id).executeTakeFirst();
  return row?.account_id;
}

/** The deal's owner (its AE), or null when it has none. */
export async function findDealOwnerId(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<string | null> {
  const row = await scoped(db, workspaceId).selectFrom('opportunities').select('owner_id').where('id', '=', opportunityId).executeTakeFirst();
  return row?.owner_id ?? null;
}

/** Won deals with their account, primary contact, owner and whether they are in the default pipeline, oldest first. */
export async function listWonDealsForHandoff(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('pipelines as p', 'p.id', 'o.pipeline_id')
    .leftJoin('contacts as c', 'c.id', 'o.primary_contact_id')
    .leftJoin('users as u', 'u.id', 'o.owner_id')
    .select([
      'o.id',
      'o.name',
      'o.amount_minor',
      'o.currency',
      'o.owner_id',
      'a.name as account',
      'c.first_name',
      'c.last_name',
      'u.name as owner_name',
      'p.is_default',
    ])
    .where('s.category', '=', 'won')
    .orderBy('o.created_at')
    .execute();
}

/** The custom field keys the workspace's deals carry, with the kind of value most of them hold (for the rule editor and its checks). */
export async function listCustomFieldKeys(db: DbOrTx, workspaceId: string): Promise<{ key: string; type: 'text' | 'number' | 'boolean' }[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin(sql<{ key: string; value: unknown }>`jsonb_each(o.custom_fields)`.as('kv'), (join) => join.onTrue())
    .select([sql<string>`kv.key`.as('key'), sql<string>`mode() within group (order by jsonb_typeof(kv.value))`.as('kind')])
    .groupBy(sql`kv.key`)
    .orderBy(sql`kv.key`)
    .limit(500)
    .execute();
  return rows.map((r) => ({ key: r.key, type: r.kind === 'number' ? 'number' : r.kind === 'boolean' ? 'boolean' : 'text' }));
}
