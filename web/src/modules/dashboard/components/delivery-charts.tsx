// The dashboard's two charts, drawn as SVG: the funnel from won to first value, and the handoff acceptance rate by
// month over decided handoffs against its target line.
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
