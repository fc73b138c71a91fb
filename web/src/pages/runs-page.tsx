import { useEffect } from 'react';
import { AutomationNav } from '../modules/rules/components/automation-nav.tsx';
import { listRuns, runStatuses, type RunStatus } from '../modules/runs/api/runs.api.ts';
import { RunTable } from '../modules/runs/components/run-table.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { humanize } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

export function RunsPage() {
  useTitle('Runs');
  const { workspace } = useSession();
  const location = useLocation();
  const statusParam = location.search.get('status') ?? '';
  const status = (runStatuses as readonly string[]).includes(statusParam) ? (statusParam as RunStatus) : '';
  const runs = usePagedList((cursor) => listRuns({ status, limit: pageSize, cursor }), [status]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  useEffect(() => runs.reset(), [status]);

  const refresh = () => {
    runs.reset();
    void runs.reload();
  };

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="muted">Every time a rule ran: on what, why, and what each step did. Newest first.</p>
        </div>
        <div className="filters">
          <div className="form-cell">
            <label className="label" htmlFor="runs-status">
              Status
            </label>
            <select
              id="runs-status"
              className="input"
              value={status}
              onChange={(event) => navigate(withQuery('/runs', { status: event.target.value }), { replace: true })}
            >
              <option value="">All statuses</option>
              {runStatuses.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="button" disabled={runs.loading} onClick={refresh}>
            {runs.loading && runs.loaded ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      <AutomationNav current="/runs" />
      {runs.error ? <ErrorMessage error={runs.error} onRetry={refresh} /> : null}
      {!runs.loaded && runs.loading ? <Loading label="Loading runs…" /> : null}
      {runs.loaded && runs.items.length === 0 ? (
        <EmptyState title={status ? `No ${status} runs` : 'No rule has run yet — runs start when a rule’s trigger happens, a deal is won for one'} />
      ) : null}
      {runs.items.length > 0 ? (
        <div aria-busy={runs.loading}>
          <RunTable runs={runs.items} timeZone={workspace.timeZone} />
        </div>
      ) : null}
      <LoadMore list={runs} />
    </main>
  );
}
