// The pipeline as columns of cards. Open deals are dragged between stages; a drop on won or lost asks first.
import { useState, type DragEvent } from 'react';
import { EmptyState } from '../../../ui/feedback.tsx';
import { formatMoney } from '../../../ui/format.ts';
import type { Opportunity } from '../../opportunities/api/opportunities.api.ts';
import type { Stage } from '../api/pipelines.api.ts';
import type { ProjectHealth } from '../../projects/api/projects.api.ts';
import type { BoardColumn } from '../hooks/use-board.ts';
import { OpportunityCard } from './opportunity-card.tsx';

const dragType = 'application/x-baton-opportunity';

/** One total per currency: amounts in different currencies are never added together. */
function totals(opportunities: Opportunity[], weight: number): string[] {
  const sums = new Map<string, number>();
  for (const o of opportunities) sums.set(o.currency, (sums.get(o.currency) ?? 0) + o.amountMinor);
  return [...sums].map(([currency, amount]) => formatMoney(Math.round((amount * weight) / 100), currency));
}

type PipelineBoardProps = {
  columns: BoardColumn[];
  /** The workspace's today ('YYYY-MM-DD'): an open deal expected to close before it is overdue. */
  today: string;
  /** Whether the reader may move deals (crm.write); cards are not draggable otherwise. */
  canMove: boolean;
  /** Whether the reader may win and lose deals: won and lost columns take drops only then. */
  canClose: boolean;
  onDrop: (opportunity: Opportunity, stage: Stage) => void;
  /** Won deals' delivery health, by deal. */
  health?: Record<string, ProjectHealth>;
};

export function PipelineBoard({ columns, today, canMove, canClose, onDrop, health = {} }: PipelineBoardProps) {
  const [dragged, setDragged] = useState<Opportunity | null>(null);
  const [over, setOver] = useState<string | null>(null);

  const accepts = (stage: Stage) =>
    dragged !== null && dragged.stageCategory === 'open' && dragged.stageId !== stage.id && (stage.category === 'open' || canClose);

  return (
    <div className="board-scroll">
      <div className="board">
        {columns.map(({ stage, opportunities }) => {
          const headingId = `stage-${stage.id}`;
          const target = accepts(stage);
          const weighted = stage.category === 'open' ? totals(opportunities, stage.probability) : [];
          const dropProps = {
            onDragOver: (event: DragEvent) => {
              if (!target) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              if (over !== stage.id) setOver(stage.id);
            },
            onDragLeave: (event: DragEvent) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver((id) => (id === stage.id ? null : id));
            },
            onDrop: (event: DragEvent) => {
              event.preventDefault();
              const deal = dragged;
              setOver(null);
              setDragged(null);
              if (deal && target) onDrop(deal, stage);
            },
          };
          return (
            <section
              key={stage.id}
              className={`column column-${stage.category}${target ? ' column-target' : ''}${over === stage.id ? ' column-over' : ''}`}
              aria-labelledby={headingId}
              data-stage-id={stage.id}
              {...dropProps}
            >
              <header className="column-header">
                <h2 id={headingId}>{stage.name}</h2>
                <p className="column-stats">
                  <span>
                    {opportunities.length} {opportunities.length === 1 ? 'deal' : 'deals'}
                    {stage.category === 'open' ? ` · ${stage.probability}%` : ''}
                  </span>
                  {totals(opportunities, 100).map((total) => (
                    <span key={total} className="column-total" title="Total amount">
                      {total}
                    </span>
                  ))}
                  {weighted.map((total) => (
                    <span key={total} className="column-weighted" title={`Weighted: amount × ${stage.probability}%`}>
                      Weighted {total}
                    </span>
                  ))}
                </p>
              </header>
              {opportunities.length === 0 ? (
                <EmptyState title={target ? 'Drop here' : 'No deals'} />
              ) : (
                <ul className="cards">
                  {opportunities.map((opportunity) => {
                    const open = opportunity.stageCategory === 'open';
                    return (
                      <OpportunityCard
                        key={opportunity.id}
                        opportunity={opportunity}
                        overdue={open && opportunity.closeDate !== null && opportunity.closeDate < today}
                        health={opportunity.stageCategory === 'won' ? health[opportunity.id] : undefined}
                        draggable={canMove && open}
                        onDragStart={(event) => {
                          event.dataTransfer.effectAllowed = 'move';
                          event.dataTransfer.setData(dragType, opportunity.id);
                          event.dataTransfer.setData('text/plain', opportunity.name);
                          setDragged(opportunity);
                        }}
                        onDragEnd={() => {
                          setDragged(null);
                          setOver(null);
                        }}
                      />
                    );
                  })}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
