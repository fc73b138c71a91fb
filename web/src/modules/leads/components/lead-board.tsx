// Leads as a board: one column per stage, a card per lead with its company, need maturity and owner.
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { Link } from '../../../ui/router.tsx';
import { leadPath, leadStageLabels, leadStages, maturityLabels, type Lead, type NeedMaturity } from '../api/leads.api.ts';

export const maturityTone: Record<NeedMaturity, BadgeTone> = { discovered: 'grey', sales_ready: 'green', not_interested: 'red' };

export function MaturityBadge({ maturity }: { maturity: NeedMaturity }) {
  return <Badge tone={maturityTone[maturity]}>{maturityLabels[maturity]}</Badge>;
}

export function LeadBoard({ leads }: { leads: Lead[] }) {
  return (
    <div className="board-scroll">
      <div className="board" data-testid="lead-board">
        {leadStages.map((stage) => {
          const cards = leads.filter((l) => l.stage === stage);
          return (
            <section
              key={stage}
              className={`column ${stage === 'converted' ? 'column-won' : stage === 'disqualified' ? 'column-lost' : ''}`}
              aria-label={leadStageLabels[stage]}
            >
              <div className="column-header">
                <h2>{leadStageLabels[stage]}</h2>
                <p className="column-stats">{cards.length === 1 ? '1 lead' : `${cards.length} leads`}</p>
              </div>
              {cards.length === 0 ? (
                <p className="empty muted">None</p>
              ) : (
                <ul className="cards">
                  {cards.map((l) => (
                    <li key={l.id} className="card">
                      <Link to={leadPath(l.id)} className="card-title">
                        {l.title}
                      </Link>
                      <p className="muted small">{l.companyName ?? l.account?.name ?? 'Company not known yet'}</p>
                      <p className="small">
                        <MaturityBadge maturity={l.needMaturity} /> {l.distributor ? <span className="muted">{l.distributor.name}</span> : null}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
