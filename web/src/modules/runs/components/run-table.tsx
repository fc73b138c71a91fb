import { formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { rulePath } from '../../rules/api/rules.api.ts';
import { runPath, type Run } from '../api/runs.api.ts';
import { RunStatusBadge } from './run-status-badge.tsx';
import { triggerText } from '../../../ui/labels.ts';

export function RunTable({ runs, timeZone, showRule = true }: { runs: Run[]; timeZone: string; showRule?: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Run</th>
          {showRule ? <th scope="col">Rule</th> : null}
          <th scope="col">Trigger</th>
          <th scope="col">Subject</th>
          <th scope="col">Status</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} data-testid="run-row">
            <td className="nowrap">
              <Link to={runPath(r.id)}>
                <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, timeZone)}</time>
              </Link>
            </td>
            {showRule ? (
              <td>
                <Link to={rulePath(r.rule.id)}>{r.rule.name}</Link> <span className="muted small">v{r.rule.version}</span>
              </td>
            ) : null}
            <td>
              {triggerText(r.trigger.label)}
              <div className="muted small">
                <code className="code">{r.trigger.type}</code>
              </div>
            </td>
            <td>{r.subject.path ? <Link to={r.subject.path}>{r.subject.name}</Link> : r.subject.name}</td>
            <td>
              <RunStatusBadge status={r.status} stuck={r.stuck} />
            </td>
            <td className="cell-error">{r.error ? <span title={r.error}>{r.error}</span> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
