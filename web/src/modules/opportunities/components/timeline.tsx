import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { TimelineItem } from '../api/opportunities.api.ts';

export function Timeline({ items, timeZone }: { items: TimelineItem[]; timeZone: string }) {
  if (items.length === 0) return <EmptyState title="Nothing has happened yet" />;
  return (
    <ol className="timeline">
      {items.map((item, index) => (
        <li key={`${item.at}-${index}`} className={`timeline-item timeline-${item.type}`}>
          <span className="timeline-dot" aria-hidden="true" />
          <div>
            <p className="timeline-title">{item.title}</p>
            {item.detail ? <p className="timeline-detail">{item.detail}</p> : null}
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
