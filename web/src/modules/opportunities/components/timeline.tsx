import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDatesIn, formatDateTime } from '../../../ui/format.ts';
import type { TimelineItem, TimelineKind } from '../api/opportunities.api.ts';
import { triggerText } from '../../../ui/labels.ts';

const kinds: { value: TimelineKind | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'people', label: 'People' },
  { value: 'automation', label: 'Automation' },
  { value: 'communications', label: 'Communications' },
];
const emptyTitles: Record<TimelineKind, string> = {
  people: 'Nobody has changed this deal yet',
  automation: 'No automation has acted on this deal yet',
  communications: 'No note, call, e-mail or meeting is logged on this deal yet',
};

/** Which entries the timeline shows: everything, people's actions, automation or communications. */
export function TimelineFilter({ value, onChange }: { value: TimelineKind | null; onChange: (kind: TimelineKind | null) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Show in the timeline">
      {kinds.map((k) => (
        <button key={k.label} type="button" className="button button-small" aria-pressed={value === k.value} onClick={() => onChange(k.value)}>
          {k.label}
        </button>
      ))}
    </div>
  );
}

export function Timeline({ items, timeZone, kind = null }: { items: TimelineItem[]; timeZone: string; kind?: TimelineKind | null }) {
  if (items.length === 0) return <EmptyState title={kind ? emptyTitles[kind] : 'Nothing has happened yet'} />;
  return (
    <ol className="timeline">
      {items.map((item, index) => (
        <li key={`${item.at}-${index}`} className={`timeline-item timeline-${item.type}`}>
          <span className="timeline-dot" aria-hidden="true" />
          <div>
            <p className="timeline-title">{formatDatesIn(item.title)}</p>
            {item.detail ? <p className="timeline-detail">{formatDatesIn(item.type === 'rule_run' ? triggerText(item.detail) : item.detail)}</p> : null}
            <p className="muted small">
              <time dateTime={item.at}>{formatDateTime(item.at, timeZone)}</time>
              {item.actor ? ` · ${item.actor.label}` : ''}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
