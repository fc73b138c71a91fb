import { formatDate, formatMoney } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { Opportunity } from '../../opportunities/api/opportunities.api.ts';

export function OpportunityCard({ opportunity }: { opportunity: Opportunity }) {
  return (
    <li className="card">
      <Link className="card-title" to={`/opportunities/${encodeURIComponent(opportunity.id)}`}>
        {opportunity.name}
      </Link>
      <div className="card-account">{opportunity.accountName}</div>
      <div className="card-amount">{formatMoney(opportunity.amountMinor, opportunity.currency)}</div>
      <div className="card-meta">
        <span title="Owner">{opportunity.ownerName ?? 'No owner'}</span>
        <span title="Close date">{formatDate(opportunity.closeDate)}</span>
      </div>
    </li>
  );
}
