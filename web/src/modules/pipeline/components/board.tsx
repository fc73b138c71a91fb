import { EmptyState } from '../../../ui/feedback.tsx';
import { formatMoney } from '../../../ui/format.ts';
import type { Opportunity } from '../../opportunities/api/opportunities.api.ts';
import type { BoardColumn } from '../hooks/use-board.ts';
import { OpportunityCard } from './opportunity-card.tsx';

/** One total per currency: amounts in different currencies are never added together. */
function totals(opportunities: Opportunity[]): string[] {
  const sums = new Map<string, number>();
  for (const o of opportunities) sums.set(o.currency, (sums.get(o.currency) ?? 0) + o.amountMinor);
  return [...sums].map(([currency, amount]) => formatMoney(amount, currency));
}

export function PipelineBoard({ columns }: { columns: BoardColumn[] }) {
  return (
    <div className="board">
      {columns.map(({ stage, opportunities }) => {
        const headingId = `stage-${stage.id}`;
        return (
          <section key={stage.id} className={`column column-${stage.category}`} aria-labelledby={headingId}>
            <header className="column-header">
              <h2 id={headingId}>{stage.name}</h2>
              <p className="column-stats">
                <span>
                  {opportunities.length} {opportunities.length === 1 ? 'deal' : 'deals'}
                </span>
                {totals(opportunities).map((total) => (
                  <span key={total} className="column-total">
                    {total}
                  </span>
                ))}
              </p>
            </header>
            {opportunities.length === 0 ? (
              <EmptyState title="No deals" />
            ) : (
              <ul className="cards">
                {opportunities.map((opportunity) => (
                  <OpportunityCard key={opportunity.id} opportunity={opportunity} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
