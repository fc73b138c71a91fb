// The steps of a run in order: what each did, its attempts and errors, and the log of every attempt.
import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDatesIn, formatDateTime, humanize } from '../../../ui/format.ts';
import type { RunStep } from '../api/runs.api.ts';
import { RunStatusBadge } from './run-status-badge.tsx';

export function StepList({ steps, timeZone }: { steps: RunStep[]; timeZone: string }) {
  if (steps.length === 0) return <EmptyState title="No step ran" />;
  return (
    <ol className="steps">
      {steps.map((s) => (
        <li key={s.id} className={`step step-${s.status}`} data-testid="run-step">
          <div className="step-head">
            <code className="code">{s.key}</code>
            <span className="muted small">{humanize(s.type)}</span>
            <RunStatusBadge status={s.status} />
            <span className="muted small">
              {s.attempts} attempt{s.attempts === 1 ? '' : 's'}
            </span>
          </div>
          {s.summary ? <p className="step-summary">{formatDatesIn(s.summary)}</p> : null}
          {s.error ? <pre className="pre pre-error">{s.error}</pre> : null}
          {s.log.length > 0 ? (
            <details className="payload">
              <summary>Attempt log ({s.log.length})</summary>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col" className="numeric">
                      Attempt
                    </th>
                    <th scope="col">At</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {s.log.map((a, index) => (
                    <tr key={`${a.attempt}-${index}`}>
                      <td className="numeric">{a.attempt}</td>
                      <td className="nowrap">
                        <time dateTime={a.at}>{formatDateTime(a.at, timeZone, { seconds: true })}</time>
                      </td>
                      <td className="cell-error">{a.error ? <span className="error-text">{a.error}</span> : <span className="muted">None</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
          {s.output !== null && s.output !== undefined ? (
            <details className="payload">
              <summary>Output</summary>
              <pre className="pre">{JSON.stringify(s.output, null, 2)}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
