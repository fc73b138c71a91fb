import { useEffect, useState } from 'react';
import { accountStatuses, listAccounts, type Account, type AccountStatus } from '../modules/accounts/api/accounts.api.ts';
import { AccountTable } from '../modules/accounts/components/account-table.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { humanize } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { navigate, useLocation } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

export function AccountsPage() {
  useTitle('Accounts');
  const location = useLocation();
  const statusParam = location.search.get('status') ?? '';
  const status = (accountStatuses as string[]).includes(statusParam) ? (statusParam as AccountStatus) : '';
  const q = location.search.get('q') ?? '';
  const [text, setText] = useState(q);
  const [more, setMore] = useState<{ items: Account[]; next: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const first = useResource(() => listAccounts({ status, q, limit: pageSize }), [status, q]);

  useEffect(() => setMore(null), [status, q]);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return;
    const timer = setTimeout(() => navigate(withQuery('/accounts', { status, q: trimmed }), { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text, q, status]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (first.data?.next ?? null);

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listAccounts({ status, q, limit: pageSize, cursor: next });
      setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <main className="page">
      <div className="page-header">
        <h1>Accounts</h1>
        <div className="filters">
          <div className="form-cell">
            <label className="label" htmlFor="accounts-status">
              Status
            </label>
            <select id="accounts-status" className="input" value={status} onChange={(event) => navigate(withQuery('/accounts', { status: event.target.value, q }), { replace: true })}>
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
            <input id="accounts-search" className="input" type="search" placeholder="Name or domain" value={text} onChange={(event) => setText(event.target.value)} />
          </form>
        </div>
      </div>
      {first.error ? <ErrorMessage error={first.error} onRetry={() => void first.reload()} /> : null}
      {!first.data && first.loading ? <Loading label="Loading accounts…" /> : null}
      {first.data && items.length === 0 ? (
        <EmptyState title={status || q ? 'No accounts match these filters' : 'No accounts yet'} />
      ) : null}
      {items.length > 0 ? (
        <div aria-busy={first.loading}>
          <AccountTable accounts={items} />
        </div>
      ) : null}
      {next ? (
        <div className="load-more">
          <button type="button" className="button" disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
      <ErrorMessage error={moreError} />
    </main>
  );
}
