// Handoffs: how the handoff is doing over a period, and every won deal's brief with its status, people and dates.
import { useEffect, useState, type FormEvent } from 'react';
import { briefStatuses, type BriefStatus } from '../modules/handoff/api/brief.api.ts';
import { getHandoffMetrics, listHandoffs } from '../modules/handoff/api/handoffs.api.ts';
import { briefStatusLabels } from '../modules/handoff/components/brief-badges.tsx';
import { HandoffMetricsView } from '../modules/handoff/components/handoff-metrics.tsx';
import { HandoffTable } from '../modules/handoff/components/handoff-table.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { dateIn, formatDate } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;
const isDate = (value: string | null): value is string => Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value));

export function HandoffsPage() {
  useTitle('Handoffs');
  const { workspace } = useSession();
  const location = useLocation();
  const statusParam = location.search.get('status') ?? '';
  const status = (briefStatuses as readonly string[]).includes(statusParam) ? (statusParam as BriefStatus) : '';
  const mine = location.search.get('mine') === '1';
  const fromParam = location.search.get('from');
  const toParam = location.search.get('to');
  const from = isDate(fromParam) ? fromParam : '';
  const to = isDate(toParam) ? toParam : '';
  const [fromInput, setFromInput] = useState(from);
  const [toInput, setToInput] = useState(to);
  useEffect(() => {
    setFromInput(from);
    setToInput(to);
  }, [from, to]);

  const handoffs = usePagedList((cursor) => listHandoffs({ status, mine, limit: pageSize, cursor }), [status, mine]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  useEffect(() => handoffs.reset(), [status, mine]);
  const metrics = useResource(() => getHandoffMetrics({ from: from || undefined, to: to || undefined }), [from, to]);

  const go = (next: { status?: string; mine?: boolean; from?: string; to?: string }) => {
    const merged = { status, mine, from, to, ...next };
    navigate(withQuery('/handoffs', { status: merged.status, mine: merged.mine ? '1' : '', from: merged.from, to: merged.to }), { replace: true });
  };
  const applyPeriod = (event: FormEvent) => {
    event.preventDefault();
    go({ from: fromInput, to: toInput });
  };
  const filtered = Boolean(status || mine);
  const period = metrics.data
    ? `${formatDate(dateIn(workspace.timeZone, metrics.data.from))} to ${formatDate(dateIn(workspace.timeZone, new Date(Date.parse(metrics.data.to) - 1)))}`
    : '';

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Handoffs</h1>
          <p className="muted">From a won deal to an accepted handoff: what the CSM needed, what was missing, and how fast it went.</p>
        </div>
      </div>

      <Section
        title="How the handoff is doing"
        id="handoff-metrics"
        actions={
          <form className="filters period-form" onSubmit={applyPeriod} aria-label="Period">
            <div className="form-cell">
              <label className="label" htmlFor="metrics-from">
                From
              </label>
              <input
                id="metrics-from"
                className="input input-compact"
                type="date"
                value={fromInput}
                max={toInput || undefined}
                onChange={(event) => setFromInput(event.target.value)}
              />
            </div>
            <div className="form-cell">
              <label className="label" htmlFor="metrics-to">
                To
              </label>
              <input
                id="metrics-to"
                className="input input-compact"
                type="date"
                value={toInput}
                min={fromInput || undefined}
                onChange={(event) => setToInput(event.target.value)}
              />
            </div>
            <button type="submit" className="button button-small" disabled={metrics.loading}>
              Show
            </button>
            {from || to ? (
              <button type="button" className="button button-small" onClick={() => go({ from: '', to: '' })}>
                Last 90 days
              </button>
            ) : null}
          </form>
        }
      >
        <p className="muted small section-description" aria-live="polite">
          {period ? `Handoffs created from ${period}${from || to ? '' : ' (the last 90 days)'}.` : ''}
        </p>
        <HandoffMetricsView metrics={metrics.data} error={metrics.error} loading={metrics.loading} onRetry={() => void metrics.reload()} />
        {metrics.error && metrics.data ? <ErrorMessage error={metrics.error} /> : null}
      </Section>

      <div className="list-header">
        <h2 id="handoff-list-title">Briefs by deal</h2>
        <div className="filters">
          <div className="form-cell">
            <label className="label" htmlFor="handoffs-status">
              Status
            </label>
            <select id="handoffs-status" className="input" value={status} onChange={(event) => go({ status: event.target.value })}>
              <option value="">All statuses</option>
              {briefStatuses.map((s) => (
                <option key={s} value={s}>
                  {briefStatusLabels[s]}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox filter-checkbox">
            <input type="checkbox" checked={mine} onChange={(event) => go({ mine: event.target.checked })} /> Only mine (AE or CSM)
          </label>
        </div>
      </div>
      {handoffs.error ? <ErrorMessage error={handoffs.error} onRetry={() => void handoffs.reload()} /> : null}
      {!handoffs.loaded && handoffs.loading ? <Loading label="Loading handoffs…" /> : null}
      {handoffs.loaded && handoffs.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No handoff matches these filters" />
        ) : (
          <EmptyState title="No handoff yet — a brief is prepared when a deal is won" />
        )
      ) : null}
      {handoffs.items.length > 0 ? (
        <div aria-busy={handoffs.loading}>
          <HandoffTable handoffs={handoffs.items} timeZone={workspace.timeZone} />
        </div>
      ) : null}
      <LoadMore list={handoffs} />
    </main>
  );
}
