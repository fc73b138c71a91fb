// Opportunities: reading them with their stage and account, locking one for a change, and their history.
import type { Complexity, StageCategory } from '../../domain/opportunity.ts';
import type { DbOrTx, Tx } from './database.ts';
import { escapeLike } from './accounts.repo.ts';
import { toPage, type Page } from './page.ts';
import type { Row } from './schema.ts';

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
  stageChangedAt: string;
  createdAt: string;
  updatedAt: string;
};

function selectOpportunities(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('users as u', 'u.id', 'o.owner_id')
    .selectAll('o')
    .select(['s.name as stage_name', 's.category as stage_category', 'a.name as account_name', 'a.status as account_status', 'u.name as owner_name'])
    .where('o.workspace_id', '=', workspaceId);
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
  stageChangedAt: r.stage_changed_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function findOpportunity(db: DbOrTx, workspaceId: string, id: string): Promise<Opportunity | undefined> {
  const row = await selectOpportunities(db, workspaceId).where('o.id', '=', id).executeTakeFirst();
  return row && toOpportunity(row);
}

export type OpportunityFilter = {
  stageId?: string | undefined;
  stageCategory?: StageCategory | undefined;
  accountId?: string | undefined;
  ownerId?: string | undefined;
  pipelineId?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

export async function listOpportunities(db: DbOrTx, workspaceId: string, filter: OpportunityFilter): Promise<Page<Opportunity>> {
  let q = selectOpportunities(db, workspaceId);
  if (filter.stageId) q = q.where('o.stage_id', '=', filter.stageId);
  if (filter.stageCategory) q = q.where('s.category', '=', filter.stageCategory);
  if (filter.accountId) q = q.where('o.account_id', '=', filter.accountId);
  if (filter.ownerId) q = q.where('o.owner_id', '=', filter.ownerId);
  if (filter.pipelineId) q = q.where('o.pipeline_id', '=', filter.pipelineId);
  if (filter.q) q = q.where('o.name', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.cursor) q = q.where('o.id', '>', filter.cursor);
  const rows = await q
    .orderBy('o.id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toOpportunity);
}

/** Locks the opportunity row for the rest of the transaction: concurrent changes to one deal queue here. */
export async function lockOpportunity(tx: Tx, workspaceId: string, id: string): Promise<Row<'opportunities'> | undefined> {
  return tx.selectFrom('opportunities').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
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
});

export async function findCurrentOutcome(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<Outcome | undefined> {
  const row = await db
    .selectFrom('deal_outcomes')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
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
  return db
    .selectFrom('sequence_enrolments as e')
    .innerJoin('sequences as sq', 'sq.id', 'e.sequence_id')
    .innerJoin('contacts as c', 'c.id', 'e.contact_id')
    .selectAll('e')
    .select(['sq.name as sequence_name', 'c.first_name', 'c.last_name'])
    .where('e.workspace_id', '=', workspaceId);
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

/** Locks the opportunity and its account in one round trip, with what closing needs: account status and the workspace's time zone. */
export async function lockOpportunityForClose(tx: Tx, workspaceId: string, id: string) {
  return tx
    .selectFrom('opportunities as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('workspaces as w', 'w.id', 'o.workspace_id')
    .selectAll('o')
    .select(['a.name as account_name', 'a.status as account_status', 'w.time_zone'])
    .where('o.workspace_id', '=', workspaceId)
    .where('o.id', '=', id)
    .forUpdate(['o', 'a'])
    .executeTakeFirst();
}

/** The deal's owner (its AE), or null when it has none. */
export async function findDealOwnerId(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<string | null> {
  const row = await db
    .selectFrom('opportunities')
    .select('owner_id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', opportunityId)
    .executeTakeFirst();
  return row?.owner_id ?? null;
}
