// Changing a deal's terms for finance and legal: checked (amounts, the schedule's total, the discount), audited, and
// the payment terms, contract version and clauses kept on the deal where rules read them.
import type { Actor } from '../domain/actor.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { checkBillingSchedule, checkDiscount, clausesText, invoiceLines, scheduleTotal, type BillingSchedule, type Clause } from '../domain/terms.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { findDealTerms, upsertDealTerms, type StoredTerms } from '../adapters/db/deal-terms.repo.ts';
import { lockOpportunity } from '../adapters/db/opportunities.repo.ts';
import type { DbOrTx } from '../adapters/db/database.ts';
import { reviewApprovalsAfterTermsChange } from './approvals.flow.ts';
import { updateOpportunity } from './crm.flow.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type TermsPatch = {
  billingSchedule?: BillingSchedule | null | undefined;
  paymentTerms?: string | null | undefined;
  discountPercent?: number | null | undefined;
  contractVersion?: string | null | undefined;
  clauses?: Clause[] | undefined;
};

export type TermsView = StoredTerms & { scheduleTotalMinor: number | null; invoices: { label: string; amountMinor: number }[] };

const view = (t: StoredTerms): TermsView => ({
  ...t,
  scheduleTotalMinor: t.billingSchedule ? scheduleTotal(t.billingSchedule) : null,
  invoices: t.billingSchedule ? invoiceLines(t.billingSchedule) : [],
});

/** The deal's terms with the schedule's total and invoice lines; fails with not_found for a deal of another workspace. */
export async function getDealTerms(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<TermsView> {
  const terms = await findDealTerms(db, workspaceId, opportunityId);
  if (!terms) throw notFound('opportunity.not_found', 'Opportunity');
  return view(terms);
}

const blankToNull = (s: string | null | undefined) => (s === undefined ? undefined : s === null || !s.trim() ? null : s.trim());

/** Changes some of a deal's terms; what the patch leaves out stays. Approvals on the old terms reopen. */
export const updateDealTerms = flow(async (tx, deps, ctx: Ctx, opportunityId: string, patch: TermsPatch): Promise<TermsView> => {
  const deal = await lockOpportunity(tx, ctx.workspaceId, opportunityId);
  if (!deal) throw notFound('opportunity.not_found', 'Opportunity');
  const before = (await findDealTerms(tx, ctx.workspaceId, opportunityId))!;
  const billingSchedule = patch.billingSchedule === undefined ? before.billingSchedule : patch.billingSchedule;
  const discountPercent = patch.discountPercent === undefined ? before.discountPercent : patch.discountPercent;
  const clauses = patch.clauses === undefined ? before.clauses : patch.clauses.map((c) => ({ title: c.title.trim(), text: c.text.trim() }));
  const issues = [
    ...(patch.billingSchedule ? checkBillingSchedule(patch.billingSchedule, Number(deal.amount_minor)) : []),
    ...(patch.discountPercent != null ? checkDiscount(patch.discountPercent) : []),
    ...clauses.flatMap((c, i) => (!c.title || !c.text ? [{ path: `body:/clauses/${i}`, message: 'a clause needs a title and its text' }] : [])),
  ];
  if (issues.length > 0) throw invalid(issues, 'These terms cannot be saved');

  const dealFields = {
    ...(patch.paymentTerms !== undefined && { paymentTerms: blankToNull(patch.paymentTerms) }),
    ...(patch.contractVersion !== undefined && { contractVersion: blankToNull(patch.contractVersion) }),
    ...(patch.clauses !== undefined && { nonStandardClauses: clausesText(clauses) }),
  };
  if (Object.keys(dealFields).length > 0) await updateOpportunity.in(tx, deps, ctx, opportunityId, dealFields, { approvalsReviewedByCaller: true });
  const changed =
    JSON.stringify([before.billingSchedule, before.discountPercent, before.clauses]) !== JSON.stringify([billingSchedule, discountPercent, clauses]);
  if (changed) {
    await upsertDealTerms(tx, ctx.workspaceId, opportunityId, { billingSchedule, discountPercent, clauses });
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      {
        action: 'deal_terms.updated',
        entityType: 'opportunity',
        entityId: opportunityId,
        before: { billingSchedule: before.billingSchedule, discountPercent: before.discountPercent, clauses: before.clauses },
        after: { billingSchedule, discountPercent, clauses },
      },
    ]);
  }
  // Approvals decided on other terms open again, and policies the new terms meet request theirs (same transaction).
  if (changed || Object.keys(dealFields).length > 0) await reviewApprovalsAfterTermsChange(tx, { ...ctx, now: deps.now() }, opportunityId);
  return getDealTerms(tx, ctx.workspaceId, opportunityId);
});
