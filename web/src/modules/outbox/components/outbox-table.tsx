import { Fragment } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { eventTypeLabel, recordTypeLabel } from '../../../ui/labels.ts';
import { Link } from '../../../ui/router.tsx';
import { canRetry, subjectLabel, subjectPath, type OutboxEvent } from '../api/outbox.api.ts';
import { OutboxStatusBadge } from './outbox-status-badge.tsx';
import { RetryButton } from './retry-button.tsx';

type OutboxTableProps = {
  events: OutboxEvent[];
  timeZone: string;
  mayRetry: boolean;
  busyId: string | null;
  error: { id: string; error: unknown } | null;
  onRetry: (event: OutboxEvent) => void;
};

export function OutboxTable({ events, timeZone, mayRetry, busyId, error, onRetry }: OutboxTableProps) {
  const columns = mayRetry ? 8 : 7;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Subject</th>
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Attempts
          </th>
          <th scope="col">Last error</th>
          <th scope="col">Next attempt</th>
          <th scope="col">Created</th>
          {mayRetry ? (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {events.map((e) => {
          const path = subjectPath(e);
          const rowError = error?.id === e.id ? error.error : null;
          return (
            <Fragment key={e.id}>
              <tr data-testid="outbox-row">
                <td>
                  <Link to={`/outbox/${encodeURIComponent(e.id)}`} title={e.type}>
                    {eventTypeLabel(e.type)}
                  </Link>
                </td>
                <td>
                  <span className="muted small">{recordTypeLabel(e.subjectType)}</span>
                  <div>{path ? <Link to={path}>{subjectLabel(e)}</Link> : <code className="code">{subjectLabel(e)}</code>}</div>
                </td>
                <td>
                  <OutboxStatusBadge status={e.status} />
                  {e.stuck ? (
                    <span
                      className="badge badge-red"
                      title="Waiting more than 5 minutes past its due time: no worker is taking it; retry it or check the worker"
                    >
                      stuck
                    </span>
                  ) : null}
                </td>
                <td className="numeric">
                  {e.attempts}/{e.maxAttempts}
                </td>
                <td className="cell-error">{e.lastError ? <span title={e.lastError}>{e.lastError}</span> : <span className="muted">—</span>}</td>
                <td>
                  {e.status === 'pending' ? (
                    <time dateTime={e.nextAttemptAt}>{formatDateTime(e.nextAttemptAt, timeZone)}</time>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="nowrap">
                  <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, timeZone)}</time>
                </td>
                {mayRetry ? (
                  <td className="cell-actions">
                    {canRetry(e) ? (
                      <RetryButton small eventType={eventTypeLabel(e.type)} busy={busyId === e.id} disabled={busyId !== null} onRetry={() => onRetry(e)} />
                    ) : null}
                  </td>
                ) : null}
              </tr>
              {rowError ? (
                <tr>
                  <td colSpan={columns}>
                    <ErrorMessage error={rowError} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
