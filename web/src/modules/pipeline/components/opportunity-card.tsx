import type { DragEvent } from 'react';
import { formatDate, formatMoney } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { Opportunity } from '../../opportunities/api/opportunities.api.ts';

type OpportunityCardProps = {
  opportunity: Opportunity;
  /** An open deal whose expected close date has passed. */
  overdue?: boolean;
  draggable?: boolean;
  onDragStart?: (event: DragEvent<HTMLLIElement>) => void;
  onDragEnd?: () => void;
};

export function OpportunityCard({ opportunity, overdue = false, draggable = false, onDragStart, onDragEnd }: OpportunityCardProps) {
  return (
    <li
      className={`card${overdue ? ' card-overdue' : ''}${draggable ? ' card-draggable' : ''}`}
      draggable={draggable}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      data-opportunity-id={opportunity.id}
    >
      <Link className="card-title" to={`/opportunities/${encodeURIComponent(opportunity.id)}`} draggable={false}>
        {opportunity.name}
      </Link>
      <div className="card-account">{opportunity.accountName}</div>
      <div className="card-amount">{formatMoney(opportunity.amountMinor, opportunity.currency)}</div>
      <div className="card-meta">
        <span title="Owner">{opportunity.ownerName ?? 'No owner'}</span>
        <span title="Expected close date" className={overdue ? 'card-overdue-date' : undefined}>
          {overdue ? 'Overdue · ' : ''}
          {formatDate(opportunity.closeDate)}
        </span>
      </div>
    </li>
  );
}
