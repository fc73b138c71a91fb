import { Badge } from '../../../ui/badge.tsx';
import { formatDateTime, humanize } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { Warning } from '../api/warnings.api.ts';
import { recordTypeLabel } from '../../../ui/labels.ts';

export function WarningTable({ warnings, timeZone }: { warnings: Warning[]; timeZone: string }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">What</th>
          <th scope="col">About</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {warnings.map((w, index) => (
          <tr key={`${w.kind}:${w.subject.id}:${index}`} data-testid="warning-row">
            <td>
              <Badge tone={w.severity === 'error' ? 'red' : 'amber'}>{w.severity}</Badge>
            </td>
            <td>
              {w.message}
              <div className="muted small">{humanize(w.kind)}</div>
            </td>
            <td>
              <span className="muted small">{recordTypeLabel(w.subject.type)}</span>
              <div>
                <Link to={w.path}>{w.subject.name}</Link>
              </div>
            </td>
            <td className="nowrap">
              <time dateTime={w.since}>{formatDateTime(w.since, timeZone)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
