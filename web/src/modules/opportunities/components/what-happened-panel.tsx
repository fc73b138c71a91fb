// The answer to "what did marking this deal won or lost do?", from the server's CloseResult, kept up to date while
// the rules the win started run.
import { formatDate, formatDatesIn, humanize } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { runPath } from '../../runs/api/runs.api.ts';
import { RunStatusBadge } from '../../runs/components/run-status-badge.tsx';
import type { CloseResult } from '../api/opportunities.api.ts';
import { isRunFinished } from '../hooks/use-close-deal.ts';

type Props = {
  result: CloseResult;
  /** True while the page is still polling for the engine's work. */
  settling: boolean;
  /** Run id -> status as the timeline on the page shows it (both are read from the rule runs). */
  timelineRuns: ReadonlyMap<string, string>;
  onDismiss: () => void;
};

/**
 * A run's status, the newer of the panel's and the timeline's: statuses only move towards finished, so a run the
 * timeline shows done is never shown running here while the next refresh is on its way.
 */
const statusOf = (run: { id: string; status: string }, timelineRuns: ReadonlyMap<string, string>) => {
  const shown = timelineRuns.get(run.id);
  return shown !== undefined && isRunFinished(shown) && !isRunFinished(run.status) ? shown : run.status;
};

export function WhatHappenedPanel({ result, settling, timelineRuns, onDismiss }: Props) {
  const { account, stoppedEnrolments, notifications, outcome } = result;
  const runs = result.runs.map((run) => ({ ...run, status: statusOf(run, timelineRuns) }));
  const finished = runs.filter((run) => isRunFinished(run.status)).length;
  const delivering = result.events.some((e) => e.status === 'pending');
  // The runs have their own table, and the win or loss its line under Account: the summary's lines would repeat them.
  const summary = result.summary.filter(
    (line) => !result.runs.some((run) => line.startsWith(`Rule "${run.rule}":`)) && !(outcome && /^(Win|Loss) recorded by /.test(line)),
  );
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
        {summary.map((line) => (
          <li key={line}>{formatDatesIn(line)}</li>
        ))}
      </ul>
      <div className="what-happened-grid">
        <div>
          <h3>Account</h3>
          <p>
            <Link to={`/accounts/${encodeURIComponent(account.id)}`}>{account.name}</Link>:{' '}
            {account.statusBefore === account.statusAfter ? (
              <>stays {humanize(account.statusAfter).toLowerCase()}</>
            ) : (
              <>
                {humanize(account.statusBefore)} → <strong>{humanize(account.statusAfter)}</strong>
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
      <h3>Rules</h3>
      <p className="muted small" aria-live="polite" data-testid="rule-progress">
        {runs.length === 0
          ? delivering
            ? 'Starting the rules…'
            : 'No rule acted on this.'
          : finished === runs.length
            ? `All ${runs.length} rule ${runs.length === 1 ? 'run' : 'runs'} finished.`
            : `${finished} of ${runs.length} rule runs finished${settling ? '; updating…' : '. Reload later to see the rest.'}`}
      </p>
      {runs.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <Link to={runPath(run.id)}>{run.rule}</Link>
                  {run.error ? <p className="muted small">{run.error}</p> : null}
                </td>
                <td>
                  <RunStatusBadge status={run.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
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
