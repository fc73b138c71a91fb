// The delivery dashboard: every won deal with where its delivery stands, filters kept in the address (so a view can
// be bookmarked and shared) and saved views of them, the charts (funnel, acceptance, returns by missing field, won to
// kickoff), updated live as people work anywhere.
import { useEffect } from 'react';
import { dashboardFilterKeys, getDashboardSummary, listDashboard, type DashboardFilters } from '../modules/dashboard/api/dashboard.api.ts';
import { AcceptanceChart, FunnelChart, ReturnsByFieldChart, WonToKickoffChart } from '../modules/dashboard/components/delivery-charts.tsx';
import { DashboardTable } from '../modules/dashboard/components/dashboard-table.tsx';
import { useDeliveryStream } from '../modules/dashboard/hooks/use-delivery-stream.ts';
import { listPipelines } from '../modules/pipeline/api/pipelines.api.ts';
import { projectHealths } from '../modules/projects/api/projects.api.ts';
import { projectHealthLabels } from '../modules/projects/components/project-badges.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { useTeamRoles } from '../modules/team/hooks/use-team-roles.ts';
import { UserSelect } from '../modules/users/components/user-select.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { listViews, type SavedView } from '../modules/views/api/views.api.ts';
import { SavedViews } from '../modules/views/components/saved-views.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { dateIn } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

/** A saved view's dashboard filters as query values (a view of the dashboard holds no other list's). */
const pick = (filters: SavedView['filters']): Record<string, string | undefined> =>
  Object.fromEntries(dashboardFilterKeys.map((k) => [k, filters[k] as string | undefined]));

export function DashboardPage() {
  useTitle('Delivery');
  const { workspace } = useSession();
  const location = useLocation();
  const filters = Object.fromEntries(dashboardFilterKeys.map((k) => [k, location.search.get(k) ?? ''])) as Record<(typeof dashboardFilterKeys)[number], string>;
  const health = (projectHealths as readonly string[]).includes(filters.health) ? filters.health : '';
  const query = { ...filters, health } as DashboardFilters;
  const key = JSON.stringify(query);
  const viewId = location.search.get('view') ?? '';
  const views = useResource(() => listViews('dashboard'), []);
  const people = usePeople();
  const teams = useTeamRoles();
  const pipelines = useResource(listPipelines, []);
  const rows = usePagedList((cursor) => listDashboard({ ...query, limit: pageSize, cursor }), [key]);
  const summary = useResource(() => getDashboardSummary(query), [key]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only the filters restart it
  useEffect(() => rows.reset(), [key]);

  // Someone completed a task or won a deal: read the rows and charts again, in place.
  const live = useDeliveryStream(() => {
    void rows.reload();
    void summary.reload();
  });

  // Changing a filter leaves the view: the dashboard no longer is what the view names.
  const filter = (next: Partial<Record<(typeof dashboardFilterKeys)[number], string>>) =>
    navigate(withQuery('/dashboard', { ...filters, health, ...next }), { replace: true });
  const show = (view: SavedView | null) => navigate(view ? withQuery('/dashboard', { ...pick(view.filters), view: view.id }) : '/dashboard', { replace: true });
  // The filters set now, as a view keeps them (empty ones left out).
  const current = Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as DashboardFilters;
  const filtered = Object.values(query).some(Boolean);
  const today = dateIn(workspace.timeZone);

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Delivery</h1>
          <p className="muted">
            Every won deal from the brief to first value. <Link to="/digest">Today&apos;s digest</Link> ·{' '}
            <span className={`live-state live-state-${live}`} data-testid="live-state">
              {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline'}
            </span>
          </p>
        </div>
        <SavedViews
          entity="dashboard"
          selectId="dashboard-view"
          noViewLabel="Every win (no view)"
          views={views.data ?? []}
          selectedId={viewId}
          filters={current}
          onSelect={show}
          onSaved={(view) => {
            void views.reload();
            show(view);
          }}
          onDeleted={() => {
            void views.reload();
            filter({});
          }}
        />
      </div>
      <ErrorMessage error={views.error} />
      <div className="filters dashboard-filters">
        <div className="form-cell">
          <label className="label" htmlFor="dashboard-health">
            Health
          </label>
          <select id="dashboard-health" className="input" value={health} onChange={(e) => filter({ health: e.target.value })}>
            <option value="">Any health</option>
            {projectHealths.map((h) => (
              <option key={h} value={h}>
                {projectHealthLabels[h]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="dashboard-owner">
            Deal owner
          </label>
          <UserSelect id="dashboard-owner" people={people.data} value={filters.ownerId} emptyLabel="Anyone" onChange={(id) => filter({ ownerId: id })} />
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="dashboard-pm">
            Project owner
          </label>
          <UserSelect
            id="dashboard-pm"
            people={people.data}
            value={filters.projectOwnerId}
            emptyLabel="Anyone"
            onChange={(id) => filter({ projectOwnerId: id })}
          />
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="dashboard-team">
            Team
          </label>
          <select id="dashboard-team" className="input" value={filters.teamId} onChange={(e) => filter({ teamId: e.target.value })}>
            <option value="">Any team</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="dashboard-pipeline">
            Pipeline
          </label>
          <select id="dashboard-pipeline" className="input" value={filters.pipelineId} onChange={(e) => filter({ pipelineId: e.target.value })}>
            <option value="">Every pipeline</option>
            {(pipelines.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="dashboard-from">
            Won from
          </label>
          <input id="dashboard-from" type="date" className="input" value={filters.wonFrom} onChange={(e) => filter({ wonFrom: e.target.value })} />
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="dashboard-to">
            Won to
          </label>
          <input id="dashboard-to" type="date" className="input" value={filters.wonTo} onChange={(e) => filter({ wonTo: e.target.value })} />
        </div>
        {filtered ? (
          <button type="button" className="button button-small button-ghost" onClick={() => navigate('/dashboard', { replace: true })}>
            Clear filters
          </button>
        ) : null}
      </div>
      {summary.data ? (
        <div className="dashboard-charts">
          <FunnelChart funnel={summary.data.funnel} />
          <AcceptanceChart acceptance={summary.data.acceptance} target={summary.data.target} />
          <ReturnsByFieldChart returns={summary.data.returnsByField} />
          <WonToKickoffChart months={summary.data.wonToKickoff} />
          <dl className="dashboard-health-counts" aria-label="Projects by health">
            <div>
              <dt>On track</dt>
              <dd data-testid="count-on_track">{summary.data.health.on_track}</dd>
            </div>
            <div>
              <dt>At risk</dt>
              <dd data-testid="count-at_risk">{summary.data.health.at_risk}</dd>
            </div>
            <div>
              <dt>Off track</dt>
              <dd data-testid="count-off_track">{summary.data.health.off_track}</dd>
            </div>
            <div>
              <dt>No project</dt>
              <dd>{summary.data.health.noProject}</dd>
            </div>
          </dl>
        </div>
      ) : null}
      {summary.error ? <ErrorMessage error={summary.error} onRetry={() => void summary.reload()} /> : null}
      {rows.error ? <ErrorMessage error={rows.error} onRetry={() => void rows.reload()} /> : null}
      {!rows.loaded && rows.loading ? <Loading label="Loading won deals…" /> : null}
      {rows.loaded && rows.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No won deals match these filters" />
        ) : (
          <EmptyState title="No won deals yet — they appear here the moment a deal is won" />
        )
      ) : null}
      {rows.items.length > 0 ? (
        <div className="table-scroll">
          <DashboardTable rows={rows.items} today={today} />
        </div>
      ) : null}
      <LoadMore list={rows} />
    </main>
  );
}
