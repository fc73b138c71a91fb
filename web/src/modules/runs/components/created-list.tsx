import { EmptyState } from '../../../ui/feedback.tsx';
import { Link } from '../../../ui/router.tsx';
import type { CreatedRecord } from '../api/runs.api.ts';
import { recordTypeLabel } from '../../../ui/labels.ts';

export function CreatedList({ records }: { records: CreatedRecord[] }) {
  if (records.length === 0) return <EmptyState title="This run created nothing" />;
  return (
    <ul className="plain-list" aria-label="Records created">
      {records.map((r) => (
        <li key={`${r.type}:${r.id}`} data-testid="run-created">
          <span className="tag created-type">{recordTypeLabel(r.type)}</span> {r.path ? <Link to={r.path}>{r.label}</Link> : r.label}
        </li>
      ))}
    </ul>
  );
}
