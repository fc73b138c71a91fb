// The handoff's events in time order: prepared, sent, returned, paused, resumed, accepted, kickoff and first value.
import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDate, formatDateTime } from '../../../ui/format.ts';
import type { HandoffEvent } from '../api/brief.api.ts';
import { briefStatusLabels, fieldLabel } from './brief-badges.tsx';
import { formatHours } from './handoff-metrics.tsx';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What happened, in words, and the detail worth reading. */
export function describeEvent(event: HandoffEvent): { title: string; detail: string | null; tone: 'good' | 'bad' | 'neutral' } {
  const d = event.data;
  switch (event.type) {
    case 'handoff.created':
      return {
        title: 'Brief prepared',
        detail:
          [num(d.items) !== null ? plural(num(d.items)!, 'item') : null, text(d.extractor) ? `${text(d.extractor)} extractor` : null]
            .filter(Boolean)
            .join(', ') || null,
        tone: 'neutral',
      };
    case 'handoff.submitted':
      return { title: 'Sent to the CSM', detail: text(d.note), tone: 'neutral' };
    case 'handoff.returned': {
      const missing = Array.isArray(d.missing) ? d.missing.map((f) => fieldLabel(String(f))).join(', ') : null;
      return {
        title: 'Returned with questions',
        detail: [missing ? `Missing: ${missing}` : null, text(d.summary)].filter(Boolean).join(' — ') || null,
        tone: 'bad',
      };
    }
    case 'handoff.paused':
      return { title: 'Paused: notes and signed scope disagree', detail: text(d.summary), tone: 'bad' };
    case 'handoff.resumed':
      return {
        title: 'Resumed',
        detail: text(d.status) ? `Back to ${(briefStatusLabels as Record<string, string>)[String(d.status)]?.toLowerCase() ?? d.status}` : null,
        tone: 'good',
      };
    case 'handoff.accepted': {
      const hours = num(d.hoursFromWon);
      const returns = num(d.returns) ?? 0;
      return {
        title: 'Handoff accepted',
        detail: [
          returns === 0 ? 'First pass, without a return' : `After ${plural(returns, 'return')}`,
          hours !== null ? `${formatHours(hours)} after the win` : null,
        ]
          .filter(Boolean)
          .join(', '),
        tone: 'good',
      };
    }
    case 'kickoff.scheduled':
      return { title: `Kickoff scheduled for ${formatDate(text(d.on))}`, detail: text(d.was) ? `Was ${formatDate(text(d.was))}` : null, tone: 'neutral' };
    case 'kickoff.delayed':
      return {
        title: 'Kickoff delayed',
        detail: `${formatDate(text(d.from))} → ${formatDate(text(d.to))}${num(d.days) !== null ? ` (${plural(num(d.days)!, 'day')})` : ''}`,
        tone: 'bad',
      };
    case 'kickoff.held':
      return {
        title: `Kickoff held on ${formatDate(text(d.on))}`,
        detail: num(d.delayDays) ? `${plural(num(d.delayDays)!, 'day')} after first planned` : null,
        tone: 'good',
      };
    case 'first_value.reached':
      return {
        title: `First value reached on ${formatDate(text(d.on))}`,
        detail: num(d.daysLate) ? `${plural(num(d.daysLate)!, 'day')} late` : null,
        tone: 'good',
      };
    case 'first_value.missed':
      return { title: 'First value missed', detail: text(d.reason), tone: 'bad' };
    default:
      return { title: event.type, detail: null, tone: 'neutral' };
  }
}

export function BriefHistory({ events, timeZone }: { events: HandoffEvent[]; timeZone: string }) {
  if (events.length === 0) return <EmptyState title="Nothing happened yet" />;
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="timeline brief-history">
      {sorted.map((event) => {
        const { title, detail, tone } = describeEvent(event);
        return (
          <li key={event.id} className={`timeline-item history-${tone}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <div>
              <p className="timeline-title">{title}</p>
              {detail ? <p className="timeline-detail">{detail}</p> : null}
              <p className="muted small">
                <time dateTime={event.at}>{formatDateTime(event.at, timeZone)}</time> · {event.actor.label}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
