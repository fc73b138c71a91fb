import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { DeliveryAttempt } from '../api/outbox.api.ts';

export function AttemptLog({ attempts, timeZone }: { attempts: DeliveryAttempt[]; timeZone: string }) {
  if (attempts.length === 0) return <EmptyState title="No delivery attempt yet" />;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col" className="numeric">
            Attempt
          </th>
          <th scope="col">Worker</th>
          <th scope="col">Started</th>
          <th scope="col">Finished</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a, index) => (
          <tr key={`${a.attempt}-${a.startedAt}-${index}`}>
            <td className="numeric">{a.attempt}</td>
            <td>
              <code className="code">{a.worker}</code>
            </td>
            <td>
              <time dateTime={a.startedAt}>{formatDateTime(a.startedAt, timeZone, { seconds: true })}</time>
            </td>
            <td>
              {a.finishedAt ? (
                <time dateTime={a.finishedAt}>{formatDateTime(a.finishedAt, timeZone, { seconds: true })}</time>
              ) : (
                <span className="muted">Not finished</span>
              )}
            </td>
            <td className="cell-error">{a.error ? <span className="error-text">{a.error}</span> : <span className="muted">None</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
