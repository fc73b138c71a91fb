import { Badge } from '../../../ui/badge.tsx';
import { formatDate } from '../../../ui/format.ts';
import type { Milestone } from '../api/projects.api.ts';

export function MilestoneList({ milestones }: { milestones: Milestone[] }) {
  if (milestones.length === 0) return null;
  return (
    <ul className="milestones" aria-label="Milestones">
      {milestones.map((m) => (
        <li key={m.id} className="milestone">
          <span className="milestone-mark" aria-hidden="true">
            ◆
          </span>
          <span className="milestone-name">{m.name}</span>
          <span className="muted small">due {formatDate(m.dueDate)}</span>
          {m.reachedAt ? <Badge tone="green">reached {formatDate(m.reachedAt.slice(0, 10))}</Badge> : null}
        </li>
      ))}
    </ul>
  );
}
