import { Field } from '../../../ui/feedback.tsx';
import { formatDate, formatDateTime, formatMoney, humanize } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { Opportunity } from '../api/opportunities.api.ts';

export function OpportunityFields({ opportunity, timeZone }: { opportunity: Opportunity; timeZone: string }) {
  return (
    <dl className="fields">
      <Field label="Account" value={<Link to={`/accounts/${encodeURIComponent(opportunity.accountId)}`}>{opportunity.accountName}</Link>} />
      <Field label="Account status" value={opportunity.accountStatus} />
      <Field label="Amount" value={formatMoney(opportunity.amountMinor, opportunity.currency)} />
      <Field label="Close date" value={formatDate(opportunity.closeDate)} />
      <Field label="Owner" value={opportunity.ownerName ?? '—'} />
      <Field label="Deal type" value={humanize(opportunity.dealType)} />
      <Field label="Complexity" value={humanize(opportunity.complexity)} />
      <Field label="Payment terms" value={opportunity.paymentTerms ?? '—'} />
      <Field label="Contract version" value={opportunity.contractVersion ?? '—'} />
      <Field label="Non-standard clauses" value={opportunity.nonStandardClauses || 'None'} />
      <Field label="In stage since" value={formatDateTime(opportunity.stageChangedAt, timeZone)} />
      <Field label="Created" value={formatDateTime(opportunity.createdAt, timeZone)} />
    </dl>
  );
}
