// The answer to "what did marking this deal won or lost do?", from the server's CloseResult.
import { formatDate, humanize } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { CloseResult } from '../api/opportunities.api.ts';

export function WhatHappenedPanel({ result, onDismiss }: { result: CloseResult; onDismiss: () => void }) {
  const { account, stoppedEnrolments, notifications, outcome } = result;
  return (
    <section
      className={`panel what-happened what-happened-${outcome?.outcome ?? result.opportunity.stageCategory}`}
      aria-labelledby="what-happened-title"
      tabIndex={-1}
    >
      <div className="section-header">
        <h2 id="what-happened-title">What happened</h2>
        <button type="button" className="button button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul className="summary">
        {result.summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="what-happened-grid">
        <div>
          <h3>Account</h3>
          <p>
            <Link to={`/accounts/${encodeURIComponent(account.id)}`}>{account.name}</Link>:{' '}
            {account.statusBefore === account.statusAfter ? (
              <>stays {account.statusAfter}</>
            ) : (
              <>
                {account.statusBefore} → <strong>{account.statusAfter}</strong>
              </>
            )}
            {account.activated ? <span className="tag tag-green">activated</span> : null}
          </p>
          {outcome ? (
            <p className="muted small">
              {humanize(outcome.outcome)} by {outcome.actor.label}, close date {formatDate(outcome.closeDate)}
              {outcome.reason ? `, reason: ${outcome.reason}` : ''}
            </p>
          ) : null}
        </div>
        <div>
          <h3>Operations notification</h3>
          {notifications === null ? (
            <p className="muted">Not applicable to a lost deal.</p>
          ) : notifications.recipients === 0 ? (
            <p className="warning-text">No one has the ops role, so Operations cannot be notified.</p>
          ) : (
            <p aria-live="polite">
              Delivered to {notifications.delivered} of {notifications.recipients} {notifications.recipients === 1 ? 'person' : 'people'} in Operations
              {notifications.delivered < notifications.recipients ? ' (queued…)' : ''}
            </p>
          )}
        </div>
      </div>
      <h3>Stopped sequence enrolments</h3>
      {stoppedEnrolments.length === 0 ? (
        <p className="muted">No active sequence enrolments to stop.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Sequence</th>
              <th scope="col">Contact</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {stoppedEnrolments.map((enrolment) => (
              <tr key={enrolment.id}>
                <td>{enrolment.sequenceName}</td>
                <td>{enrolment.contactName}</td>
                <td>{enrolment.stoppedReason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
