import { useEffect, useState } from 'react';
import { accountStatuses, listAccounts, type AccountStatus } from '../modules/accounts/api/accounts.api.ts';
import { AccountTable } from '../modules/accounts/components/account-table.tsx';
import { NewAccountDialog } from '../modules/accounts/components/new-account-dialog.tsx';
import { canEditDeals, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { humanize } from '../ui/format.ts';
import { ExportLink } from '../ui/export-link.tsx';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

export function AccountsPage() {
  useTitle('Accounts');
  const { user } = useSession();
  const people = usePeopleOptions();
  const [creating, setCreating] = useState(false);
  const location = useLocation();
  const statusParam = location.search.get('status') ?? '';
  const status = (accountStatuses as readonly string[]).includes(statusParam) ? (statusParam as AccountStatus) : '';
  const q = location.search.get('q') ?? '';
  const [text, setText] = useState(q);
  const accounts = usePagedList((cursor) => listAccounts({ status, q, limit: pageSize, cursor }), [status, q]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  useEffect(() => accounts.reset(), [status, q]);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return;
    const timer = setTimeout(() => navigate(withQuery('/accounts', { status, q: trimmed }), { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text, q, status]);

  return (
    <main className="page">
      <div className="page-header">
        <h1>Accounts</h1>
        <div className="filters">
          <div className="form-cell">
            <label className="label" htmlFor="accounts-status">
              Status
            </label>
            <select
              id="accounts-status"
              className="input"
              value={status}
              onChange={(event) => navigate(withQuery('/accounts', { status: event.target.value, q }), { replace: true })}
            >
              <option value="">All statuses</option>
              {accountStatuses.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </div>
          <form role="search" className="form-cell" onSubmit={(event) => event.preventDefault()}>
            <label className="label" htmlFor="accounts-search">
              Search accounts
            </label>
            <input
              id="accounts-search"
              className="input"
              type="search"
              placeholder="Name or domain"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </form>
          <ExportLink path="/api/exports/accounts.csv" query={{ status, q }} />
          {canEditDeals(user.role) ? (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New account
            </button>
          ) : null}
        </div>
      </div>
      {accounts.error ? <ErrorMessage error={accounts.error} onRetry={() => void accounts.reload()} /> : null}
      {!accounts.loaded && accounts.loading ? <Loading label="Loading accounts…" /> : null}
      {accounts.loaded && accounts.items.length === 0 ? <EmptyState title={status || q ? 'No accounts match these filters' : 'No accounts yet'} /> : null}
      {accounts.items.length > 0 ? (
        <div aria-busy={accounts.loading}>
          <AccountTable accounts={accounts.items} />
        </div>
      ) : null}
      <LoadMore list={accounts} />
      <NewAccountDialog
        open={creating}
        people={people}
        defaultOwnerId={user.id}
        onClose={() => setCreating(false)}
        onCreated={(account) => {
          setCreating(false);
          navigate(`/accounts/${encodeURIComponent(account.id)}`);
        }}
      />
    </main>
  );
}
