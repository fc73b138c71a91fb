// The dashboard's charts, drawn as SVG: the funnel from won to first value, the handoff acceptance rate by month over
// decided handoffs against its target line, the briefs returned by missing field, and won to kickoff by month.
import { fieldLabel } from '../../handoff/components/brief-badges.tsx';
import type { DashboardSummary } from '../api/dashboard.api.ts';

const stages: { key: keyof DashboardSummary['funnel']; label: string }[] = [
  { key: 'won', label: 'Won' },
  { key: 'briefAccepted', label: 'Brief accepted' },
  { key: 'kickoffHeld', label: 'Kickoff held' },
  { key: 'firstValue', label: 'First value' },
];

export function FunnelChart({ funnel }: { funnel: DashboardSummary['funnel'] }) {
  const width = 360;
  const row = 34;
  const labelWidth = 110;
  const max = Math.max(1, funnel.won);
  return (
    <figure className="chart" data-testid="funnel-chart">
      <figcaption className="chart-title">From won to first value</figcaption>
      <svg viewBox={`0 0 ${width} ${stages.length * row}`} role="img" aria-label={stages.map((s) => `${s.label}: ${funnel[s.key]}`).join(', ')}>
        {stages.map((s, i) => {
          const value = funnel[s.key];
          const barWidth = Math.max(2, ((width - labelWidth - 70) * value) / max);
          const share = funnel.won ? Math.round((value / funnel.won) * 100) : 0;
          return (
            <g key={s.key} transform={`translate(0 ${i * row})`}>
              <text x={0} y={row / 2 + 4} className="chart-label">
                {s.label}
              </text>
              <rect x={labelWidth} y={6} width={barWidth} height={row - 12} rx={3} className={`chart-bar chart-bar-${i}`} />
              <text x={labelWidth + barWidth + 6} y={row / 2 + 4} className="chart-value" data-testid={`funnel-${s.key}`}>
                {value}
                {i > 0 && funnel.won ? ` · ${share}%` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 'YYYY-MM' as a short month name ('Dec'), January with its year ('Jan 27'). */
const monthLabel = (month: string) => {
  const [year, m] = month.split('-');
  const name = monthNames[Number(m) - 1] ?? month;
  return m === '01' ? `${name} ${year!.slice(2)}` : name;
};

export function AcceptanceChart({ acceptance, target }: { acceptance: DashboardSummary['acceptance']; target: number }) {
  const width = 360;
  const height = 150;
  const left = 34;
  const bottom = 22;
  const top = 8;
  const plotHeight = height - bottom - top;
  const step = (width - left) / Math.max(1, acceptance.length);
  const y = (rate: number) => top + plotHeight * (1 - rate);
  const points = acceptance
    .map((m, i) => (m.rate === null ? null : { x: left + step * i + step / 2, y: y(m.rate), m }))
    .filter((p): p is NonNullable<typeof p> => p !== null);
  return (
    <figure className="chart" data-testid="acceptance-chart">
      <figcaption className="chart-title">Handoffs accepted first time, of those decided (target {Math.round(target * 100)}%)</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={acceptance.map((m) => `${m.month}: ${m.rate === null ? 'none decided' : `${Math.round(m.rate * 100)}% of ${m.decided}`}`).join(', ')}
      >
        {[0, 0.5, 1].map((r) => (
          <g key={r}>
            <line x1={left} x2={width} y1={y(r)} y2={y(r)} className="chart-grid" />
            <text x={left - 4} y={y(r) + 4} className="chart-axis" textAnchor="end">
              {Math.round(r * 100)}%
            </text>
          </g>
        ))}
        <line x1={left} x2={width} y1={y(target)} y2={y(target)} className="chart-target" data-testid="acceptance-target" />
        <text x={width - 2} y={y(target) - 4} className="chart-axis chart-target-label" textAnchor="end">
          target {Math.round(target * 100)}%
        </text>
        {points.length > 1 ? <polyline points={points.map((p) => `${p.x},${p.y}`).join(' ')} className="chart-line" /> : null}
        {points.map((p) => (
          <circle key={p.m.month} cx={p.x} cy={p.y} r={4} className={p.m.rate! >= target ? 'chart-dot chart-dot-good' : 'chart-dot chart-dot-bad'}>
            <title>{`${p.m.month}: ${p.m.acceptedFirstPass} of ${p.m.decided} decided`}</title>
          </circle>
        ))}
        {acceptance.map((m, i) => (
          <text key={m.month} x={left + step * i + step / 2} y={height - 6} className="chart-axis" textAnchor="middle">
            {monthLabel(m.month)}
          </text>
        ))}
      </svg>
    </figure>
  );
}

/** Briefs the CSM returned to the AE, per field named missing: one bar per field, most returned first. */
export function ReturnsByFieldChart({ returns }: { returns: DashboardSummary['returnsByField'] }) {
  const width = 360;
  const row = 28;
  const labelWidth = 130;
  const max = Math.max(1, ...returns.map((r) => r.returns));
  return (
    <figure className="chart" data-testid="returns-chart">
      <figcaption className="chart-title">Briefs returned to the AE, by missing field</figcaption>
      {returns.length === 0 ? (
        <p className="muted small chart-empty">No brief of these wins came back for missing context.</p>
      ) : (
        <svg
          viewBox={`0 0 ${width} ${returns.length * row}`}
          role="img"
          aria-label={returns.map((r) => `${fieldLabel(r.field)}: ${r.returns} returns of ${r.briefs} briefs`).join(', ')}
        >
          {returns.map((r, i) => {
            const barWidth = Math.max(2, ((width - labelWidth - 50) * r.returns) / max);
            return (
              <g key={r.field} transform={`translate(0 ${i * row})`}>
                <text x={0} y={row / 2 + 4} className="chart-label">
                  {fieldLabel(r.field)}
                </text>
                <rect x={labelWidth} y={5} width={barWidth} height={row - 10} rx={3} className="chart-bar chart-bar-returns">
                  <title>{`${r.returns} returns naming it, ${r.briefs} briefs`}</title>
                </rect>
                <text x={labelWidth + barWidth + 6} y={row / 2 + 4} className="chart-value" data-testid={`returns-${r.field}`}>
                  {r.returns}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}

/** Business days from won to kickoff held by month of the win: the median as a bar, the 90th percentile as a tick above it. */
export function WonToKickoffChart({ months }: { months: DashboardSummary['wonToKickoff'] }) {
  const width = 360;
  const height = 160;
  const left = 34;
  const bottom = 34;
  const top = 8;
  const plotHeight = height - bottom - top;
  const step = (width - left) / Math.max(1, months.length);
  const held = months.some((m) => m.medianDays !== null);
  // Business days (the workspace's working week, holidays skipped); the scale rounds up to whole working weeks of 5.
  const max = Math.max(5, Math.ceil(Math.max(0, ...months.map((m) => m.p90Days ?? 0)) / 5) * 5);
  const y = (days: number) => top + plotHeight * (1 - days / max);
  const barWidth = Math.min(28, step * 0.5);
  return (
    <figure className="chart" data-testid="kickoff-chart">
      <figcaption className="chart-title">Business days from won to kickoff held, by month won (median, and 90th percentile)</figcaption>
      {!held ? (
        <p className="muted small chart-empty">No kickoff held yet for the wins of these months.</p>
      ) : (
        <svg
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={months
            .map(
              (m) =>
                `${m.month}: ${m.medianDays === null ? `no kickoff held of ${m.won} won` : `median ${m.medianDays} business days, p90 ${m.p90Days}, ${m.held} of ${m.won} held`}`,
            )
            .join(', ')}
        >
          {/* A middle line only where it falls on a whole day. */}
          {[0, ...(max % 10 === 0 ? [max / 2] : []), max].map((d) => (
            <g key={d}>
              <line x1={left} x2={width} y1={y(d)} y2={y(d)} className="chart-grid" />
              <text x={left - 4} y={y(d) + 4} className="chart-axis" textAnchor="end">
                {Math.round(d)}d
              </text>
            </g>
          ))}
          {months.map((m, i) => {
            const x = left + step * i + step / 2;
            return (
              <g key={m.month} data-testid={`kickoff-${m.month}`}>
                {m.medianDays !== null ? (
                  <rect x={x - barWidth / 2} y={y(m.medianDays)} width={barWidth} height={y(0) - y(m.medianDays)} rx={2} className="chart-bar">
                    <title>{`${m.month}: median ${m.medianDays} business days, 90th percentile ${m.p90Days} (${m.held} of ${m.won} won held)`}</title>
                  </rect>
                ) : null}
                {m.p90Days !== null ? (
                  <line x1={x - barWidth / 2 - 3} x2={x + barWidth / 2 + 3} y1={y(m.p90Days)} y2={y(m.p90Days)} className="chart-p90" />
                ) : null}
                <text x={x} y={height - 20} className="chart-axis" textAnchor="middle">
                  {monthLabel(m.month)}
                </text>
                <text x={x} y={height - 6} className="chart-axis" textAnchor="middle">
                  {m.held}/{m.won}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
