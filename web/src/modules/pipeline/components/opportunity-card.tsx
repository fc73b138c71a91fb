import type { DragEvent } from 'react';
import { formatDate, formatMoney } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { Opportunity } from '../../opportunities/api/opportunities.api.ts';
import type { ProjectHealth } from '../../projects/api/projects.api.ts';
import { HealthBadge } from '../../projects/components/project-badges.tsx';

type OpportunityCardProps = {
  opportunity: Opportunity;
  /** An open deal whose expected close date has passed. */
  overdue?: boolean;
  /** A won deal's delivery health (its project's), when it has a project. */
  health?: ProjectHealth | undefined;
  draggable?: boolean;
  onDragStart?: (event: DragEvent<HTMLLIElement>) => void;
  onDragEnd?: () => void;
};

export function OpportunityCard({ opportunity, overdue = false, health, draggable = false, onDragStart, onDragEnd }: OpportunityCardProps) {
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
      {health ? (
        <div className="card-delivery" data-testid="card-health">
          <span className="muted">Delivery </span>
          <HealthBadge health={health} />
        </div>
      ) : null}
    </li>
  );
}
