// A deal's terms for finance and legal: its billing schedule, discount and clauses (payment terms and contract
// version are read from the opportunity beside them).
import { sql } from 'kysely';
import type { BillingSchedule, Clause, DealTerms } from '../../domain/terms.ts';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';

export type StoredTerms = DealTerms & { opportunityId: string; amountMinor: number; currency: string; updatedAt: string | null };

/** The deal's terms; undefined when the deal is not in the workspace. A deal nobody set terms on has empty ones. */
export async function findDealTerms(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<StoredTerms | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .leftJoin('deal_terms as t', 't.opportunity_id', 'o.id')
    .select([
      'o.id',
      'o.amount_minor',
      'o.currency',
      'o.payment_terms',
      'o.contract_version',
      't.billing_schedule',
      't.discount_percent',
      't.clauses',
      't.updated_at',
    ])
    .where('o.id', '=', opportunityId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    opportunityId: row.id,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    billingSchedule: (row.billing_schedule as BillingSchedule | null) ?? null,
    paymentTerms: row.payment_terms,
    discountPercent: row.discount_percent === null ? null : Number(row.discount_percent),
    contractVersion: row.contract_version,
    clauses: (row.clauses as Clause[] | null) ?? [],
    updatedAt: row.updated_at ? row.updated_at.toISOString() : null,
  };
}

/** Writes the schedule, discount and clauses (all three: the caller merged its change into what was there). */
export async function upsertDealTerms(
  tx: Tx,
  workspaceId: string,
  opportunityId: string,
  terms: { billingSchedule: BillingSchedule | null; discountPercent: number | null; clauses: Clause[] },
): Promise<void> {
  const values = {
    billing_schedule: terms.billingSchedule && JSON.stringify(terms.billingSchedule),
    discount_percent: terms.discountPercent,
    clauses: JSON.stringify(terms.clauses),
  };
  await tx
    .insertInto('deal_terms')
    .values({ opportunity_id: opportunityId, workspace_id: workspaceId, ...values })
    .onConflict((oc) =>
      oc
        .column('opportunity_id')
        .doUpdateSet({ ...values, updated_at: sql`now()` })
        .where('deal_terms.workspace_id', '=', workspaceId),
    )
    .execute();
}
