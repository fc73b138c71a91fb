// A lead's history in words: created, moved, the handoff task given out, its result with the handoff details, edits, the conversion.
import { formatDate, formatDateTime, formatMoney } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { taskPath } from '../../tasks/api/tasks.api.ts';
import { leadStageLabels, maturityLabels, resultLabels, type HandoffResult, type LeadEvent, type LeadStage, type NeedMaturity } from '../api/leads.api.ts';

const stage = (s: unknown) => leadStageLabels[s as LeadStage] ?? String(s);
const maturity = (m: unknown) => maturityLabels[m as NeedMaturity] ?? String(m);

type Handoff = {
  needType: string;
  budgetMinor: number;
  currency: string;
  salesOwnerId: string;
  salesDivision: string;
  firstMeetingAt: string;
  decisionTimeline: string;
  notes: string | null;
};

const detailLabels: Record<string, string> = {
  needType: 'Need type',
  budgetMinor: 'Budget',
  salesOwnerId: 'Sales owner',
  salesDivision: 'Sales division',
  firstMeetingAt: 'First meeting',
  decisionTimeline: 'Decision timeline',
  notes: 'Notes',
};

export function HandoffDetailsList({ handoff, names, timeZone }: { handoff: Handoff; names: (id: string) => string; timeZone: string }) {
  return (
    <dl className="fields handoff-details">
      <div className="field">
        <dt>Need type</dt>
        <dd>{handoff.needType}</dd>
      </div>
      <div className="field">
        <dt>Budget</dt>
        <dd>{formatMoney(handoff.budgetMinor, handoff.currency)}</dd>
      </div>
      <div className="field">
        <dt>Sales owner</dt>
        <dd>{names(handoff.salesOwnerId)}</dd>
      </div>
      <div className="field">
        <dt>Sales division</dt>
        <dd>{handoff.salesDivision}</dd>
      </div>
      <div className="field">
        <dt>First meeting</dt>
        <dd>{formatDateTime(handoff.firstMeetingAt, timeZone)}</dd>
      </div>
      <div className="field">
        <dt>Decision timeline</dt>
        <dd>{handoff.decisionTimeline}</dd>
      </div>
      {handoff.notes ? (
        <div className="field">
          <dt>Notes</dt>
          <dd>{handoff.notes}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function describe(e: LeadEvent): string {
  const d = e.data;
  switch (e.kind) {
    case 'created':
      return `Lead created${d.source ? ` (source: ${String(d.source)})` : ''}`;
    case 'stage_changed':
      return `Moved from ${stage(d.from)} to ${stage(d.to)}`;
    case 'handoff_task_created':
      return `Handoff task given out, due ${formatDate(String(d.dueDate))}`;
    case 'handoff_task_cancelled':
      return 'Handoff task cancelled (the lead left handoff to sales)';
    case 'handoff_result': {
      const parts = [`Handoff result: ${resultLabels[d.result as HandoffResult] ?? String(d.result)}`];
      if (d.fromStage !== d.toStage) parts.push(`stage ${stage(d.fromStage)} → ${stage(d.toStage)}`);
      if (d.fromNeedMaturity !== d.toNeedMaturity) parts.push(`need ${maturity(d.fromNeedMaturity)} → ${maturity(d.toNeedMaturity)}`);
      if (d.dueDate) parts.push(`new handoff task due ${formatDate(String(d.dueDate))}`);
      return parts.join('; ');
    }
    case 'handoff_edited':
      return `Handoff details edited: ${Object.keys((d.after as Record<string, unknown>) ?? {})
        .map((k) => detailLabels[k] ?? k)
        .join(', ')}`;
    case 'converted':
      return 'Converted into a deal';
    case 'updated':
      return `Details changed: ${Object.keys((d.after as Record<string, unknown>) ?? {})
        .map((k) => k.replace(/_id$/, '').replace(/_/g, ' '))
        .join(', ')}`;
    default:
      return e.kind.replace(/_/g, ' ');
  }
}

export function LeadHistory({ events, timeZone, names }: { events: LeadEvent[]; timeZone: string; names: (id: string) => string }) {
  if (events.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <ol className="lead-history" data-testid="lead-history">
      {[...events].reverse().map((e) => (
        <li key={e.id} className="lead-history-entry">
          <p>
            <strong>{describe(e)}</strong>
            {e.kind === 'converted' && typeof e.data.opportunityId === 'string' ? (
              <>
                {' '}
                <Link to={`/opportunities/${encodeURIComponent(e.data.opportunityId)}`}>Open the deal</Link>
              </>
            ) : null}
            {e.kind === 'handoff_result' && typeof e.data.taskId === 'string' ? (
              <>
                {' '}
                <Link to={taskPath(e.data.taskId)} className="muted small">
                  the task
                </Link>
              </>
            ) : null}
          </p>
          <p className="muted small">
            {e.actor} · {formatDateTime(e.at, timeZone)}
          </p>
          {e.kind === 'handoff_result' && e.data.handoff ? <HandoffDetailsList handoff={e.data.handoff as Handoff} names={names} timeZone={timeZone} /> : null}
        </li>
      ))}
    </ol>
  );
}
