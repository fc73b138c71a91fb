// Deals as a list: filters in the URL, a sortable table with "Load more", and saved views.
import { useCallback } from 'react';
import { listAccounts } from '../modules/accounts/api/accounts.api.ts';
import {
  filtersFromSearch,
  filtersToQuery,
  hasFilters,
  listDeals,
  type OpportunityFilters,
  type OpportunitySort,
} from '../modules/opportunities/api/deal-list.api.ts';
import { DealFilterBar } from '../modules/opportunities/components/deal-filter-bar.tsx';
import { DealTable } from '../modules/opportunities/components/deal-table.tsx';
import { listViews, type SavedView } from '../modules/views/api/views.api.ts';
import { SavedViews } from '../modules/views/components/saved-views.tsx';
import { listPipelines } from '../modules/pipeline/api/pipelines.api.ts';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { ExportLink } from '../ui/export-link.tsx';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

export function DealsPage() {
  useTitle('Deals');
  const { workspace } = useSession();
  const location = useLocation();
  const filters = filtersFromSearch(location.search);
  const viewId = location.search.get('view') ?? '';
  const key = JSON.stringify(filters);

  const people = usePeopleOptions();
  const pipelines = useResource(listPipelines, []);
  const accounts = useResource(async () => (await listAccounts({ limit: 200 })).items.map((a) => ({ value: a.id, label: a.name })), []);
  const views = useResource(() => listViews('opportunities'), []);
  const deals = usePagedList((cursor) => listDeals(filters, { limit: pageSize, cursor }), [key]);

  const show = useCallback((next: OpportunityFilters, view = '') => navigate(withQuery('/deals', { ...filtersToQuery(next), view }), { replace: true }), []);
  // Changing a filter or the sort leaves the view: the list no longer is what the view names.
  const changeFilters = useCallback((next: OpportunityFilters) => show(next), [show]);
  const sortBy = (sort: OpportunitySort) => show({ ...filters, sort });
  const openView = (view: SavedView | null) => (view ? show(view.filters, view.id) : show({}));
  const filtered = hasFilters(filters);

  return (
    <main className="page page-wide">
      <div className="page-header">
        <div>
          <h1>Deals</h1>
          <p className="muted small">
            Every deal of every pipeline. <Link to="/">Open the board</Link> · <Link to="/reactivation">Lost deals to bring back</Link> ·{' '}
            <Link to="/imports/deals">Import from CSV</Link>
          </p>
          <p>
            <ExportLink path="/api/exports/deals.csv" query={filtersToQuery(filters)} small label={filtered ? 'Export these deals (CSV)' : 'Export CSV'} />
          </p>
        </div>
        <SavedViews
          entity="opportunities"
          selectId="deals-view"
          noViewLabel="All deals (no view)"
          views={views.data ?? []}
          selectedId={viewId}
          filters={filters}
          onSelect={openView}
          onSaved={(view) => {
            void views.reload();
            show(view.filters, view.id);
          }}
          onDeleted={() => {
            void views.reload();
            show(filters);
          }}
        />
      </div>
      <DealFilterBar filters={filters} onChange={changeFilters} people={people} pipelines={pipelines.data ?? []} accounts={accounts.data ?? []} />
      {filtered ? (
        <p className="small deal-filters-clear">
          <button type="button" className="link-button" onClick={() => show(filters.sort ? { sort: filters.sort } : {})}>
            Clear filters
          </button>
        </p>
      ) : null}
      <ErrorMessage error={views.error} />
      {deals.error ? <ErrorMessage error={deals.error} onRetry={() => void deals.reload()} /> : null}
      {!deals.loaded && deals.loading ? <Loading label="Loading deals…" /> : null}
      {deals.loaded && !deals.error && deals.items.length === 0 ? (
        <EmptyState title={filtered ? 'No deals match these filters' : 'No deals yet'}>
          {filtered ? 'Loosen a filter or clear them all.' : 'Create a deal from the board.'}
        </EmptyState>
      ) : null}
      {deals.items.length > 0 ? (
        <div className="table-scroll deal-list" aria-busy={deals.loading}>
          <DealTable deals={deals.items} sort={filters.sort} onSort={sortBy} timeZone={workspace.timeZone} />
        </div>
      ) : null}
      <LoadMore list={deals} />
    </main>
  );
}
