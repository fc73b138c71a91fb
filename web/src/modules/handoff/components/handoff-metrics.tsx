// The handoff measured over a period: acceptance without a return, returns by missing field, time from won to accepted,
// kickoff held and delayed, first value reached, missed or overdue.
import { ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import type { HandoffMetrics } from '../api/handoffs.api.ts';
import { fieldLabel } from './brief-badges.tsx';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Under an hour in minutes, under two days in hours, beyond that in days. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

const formatDays = (days: number | null) => (days === null ? '—' : `${Math.round(days * 10) / 10} ${days === 1 ? 'day' : 'days'}`);

function Metric({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId?: string }) {
  return (
    <div className="metric" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className="metric-value">{value}</span>
        {detail ? <span className="metric-detail">{detail}</span> : null}
      </dd>
    </div>
  );
}

export function HandoffMetricsView({
  metrics,
  error,
  loading,
  onRetry,
}: {
  metrics: HandoffMetrics | undefined;
  error: unknown;
  loading: boolean;
  onRetry: () => void;
}) {
  if (error && !metrics) return <ErrorMessage error={error} onRetry={onRetry} />;
  if (!metrics) return loading ? <Loading label="Measuring the handoffs…" /> : null;
  const m = metrics;
  const rate = m.acceptanceRate === null ? '—' : `${Math.round(m.acceptanceRate * 100)}%`;
  const most = Math.max(1, ...m.returnsByField.map((r) => r.count));
  return (
    <div className="metrics" aria-busy={loading}>
      <dl className="metric-grid">
        <Metric
          label="Accepted without a return"
          value={rate}
          detail={`${m.acceptedFirstPass} of ${plural(m.handoffs, 'handoff')} accepted without a return`}
          testId="metric-acceptance"
        />
        <Metric
          label="Won to accepted, median"
          value={formatHours(m.wonToAcceptedHours.median)}
          detail={
            m.wonToAcceptedHours.n
              ? `p90 ${formatHours(m.wonToAcceptedHours.p90)} · ${plural(m.wonToAcceptedHours.n, 'handoff')} accepted`
              : 'No handoff accepted yet'
          }
        />
        <Metric
          label="Kickoff"
          value={`${m.kickoff.held} of ${m.kickoff.scheduled} held`}
          detail={`${plural(m.kickoff.delayed, 'delayed kickoff')}${m.kickoff.medianDelayDays !== null ? ` · median delay ${formatDays(m.kickoff.medianDelayDays)}` : ''}`}
        />
        <Metric
          label="First value"
          value={`${m.firstValue.reached} reached`}
          detail={`${m.firstValue.missed} missed · ${m.firstValue.overdue} overdue${m.firstValue.medianDaysFromWon !== null ? ` · median ${formatDays(m.firstValue.medianDaysFromWon)} from the win` : ''}`}
        />
        <Metric label="Paused on conflicts" value={String(m.paused)} detail={`${plural(m.returns, 'return')} in all`} />
      </dl>
      <div className="returns-by-field">
        <h3>Returns by missing field</h3>
        {m.returnsByField.length === 0 ? (
          <p className="muted small">No brief was returned for missing context in this period.</p>
        ) : (
          <ul className="bar-list">
            {m.returnsByField.map((r) => (
              <li key={r.field}>
                <span className="bar-label">{fieldLabel(r.field)}</span>
                <span className="bar" aria-hidden="true">
                  <span style={{ width: `${(r.count / most) * 100}%` }} />
                </span>
                <span className="bar-value">{r.count}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
