// A connection's last events: when, which deal, what became of it, and a re-process button per event.
import { Fragment } from 'react';
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { canReprocess, type InboundEvent, type InboundEventStatus } from '../api/inbound.api.ts';

const tones: Record<InboundEventStatus, BadgeTone> = {
  received: 'amber',
  processed: 'green',
  ignored: 'grey',
  stale: 'grey',
  failed: 'red',
  rejected: 'red',
  malformed: 'red',
};

const explanations: Record<InboundEventStatus, string> = {
  received: 'Stored, not yet applied',
  processed: 'Applied to the deal',
  ignored: 'Nothing to change',
  stale: 'Older than the last event applied to the deal: not applied',
  failed: 'Could not be applied: see the outcome, fix, then re-process',
  rejected: 'The signature or credentials were wrong (answered 401)',
  malformed: 'The body was not of the sender’s form (answered 400)',
};

export function InboundStatusBadge({ status }: { status: InboundEventStatus }) {
  return (
    <span data-testid="inbound-status">
      <Badge tone={tones[status]} title={explanations[status]}>
        {status}
      </Badge>
    </span>
  );
}

type Props = {
  events: InboundEvent[];
  timeZone: string;
  busyId: string | null;
  error: { id: string; error: unknown } | null;
  onReprocess: (event: InboundEvent) => void;
};

export function InboundEventTable({ events, timeZone, busyId, error, onReprocess }: Props) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">Event</th>
          <th scope="col">Deal</th>
          <th scope="col">Status</th>
          <th scope="col">Outcome</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <Fragment key={e.id}>
            <tr data-testid="inbound-row">
              <td className="nowrap">
                <time dateTime={e.receivedAt}>{formatDateTime(e.receivedAt, timeZone, { seconds: true })}</time>
                {e.occurredAt ? (
                  <div className="muted small" title="When the sender says it happened">
                    at the sender {formatDateTime(e.occurredAt, timeZone, { seconds: true })}
                  </div>
                ) : null}
              </td>
              <td>
                <span className="muted small">{e.format.replace('_', ' ')}</span>
                <div>
                  <code className="code" title="The sender's event id">
                    {e.externalId ?? '—'}
                  </code>
                </div>
              </td>
              <td>
                {e.opportunity ? (
                  <Link to={`/opportunities/${encodeURIComponent(e.opportunity.id)}`}>{e.opportunity.name}</Link>
                ) : e.externalDealId ? (
                  <code className="code">{e.externalDealId}</code>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <InboundStatusBadge status={e.status} />
                {e.attempts > 1 ? <div className="muted small">{e.attempts} attempts</div> : null}
              </td>
              <td>
                {e.outcome ?? <span className="muted">—</span>}
                <details className="payload">
                  <summary>Body as sent</summary>
                  <pre className="pre">{e.raw}</pre>
                </details>
              </td>
              <td>
                {canReprocess(e) ? (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busyId === e.id}
                    aria-label={`Re-process event ${e.externalId ?? e.id}`}
                    onClick={() => onReprocess(e)}
                  >
                    {busyId === e.id ? 'Processing…' : 'Re-process'}
                  </button>
                ) : null}
              </td>
            </tr>
            {error?.id === e.id ? (
              <tr>
                <td colSpan={6}>
                  <ErrorMessage error={error.error} />
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
