// The approvals inbox: the requests waiting on the signed-in person (their own, handed to them, escalated to them),
// or those they already decided; each opens with its context, and its deal is one click away.
import { useEffect } from 'react';
import { listApprovals, type InboxFilter } from '../modules/approvals/api/approvals.api.ts';
import { ApprovalStatusBadge, SlaDue } from '../modules/approvals/components/approval-status.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { formatDateTime, formatMoney } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const tabs: { value: InboxFilter; label: string }[] = [
  { value: 'pending', label: 'Waiting on you' },
  { value: 'decided', label: 'Decided' },
];

export function ApprovalsPage() {
  useTitle('Approvals');
  const { workspace } = useSession();
  const location = useLocation();
  const filter: InboxFilter = location.search.get('status') === 'decided' ? 'decided' : 'pending';
  const list = usePagedList((cursor) => listApprovals({ status: filter, limit: 50, cursor }), [filter]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only the filter restarts it
  useEffect(() => list.reset(), [filter]);

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Approvals</h1>
          <p className="muted">Finance and legal approvals of won deals, with the terms they were asked on.</p>
        </div>
        <div className="button-row">
          <div className="segmented" role="group" aria-label="Show approvals">
            {tabs.map((t) => (
              <button
                key={t.value}
                type="button"
                className="button button-small"
                aria-pressed={filter === t.value}
                onClick={() => navigate(withQuery('/approvals', { status: t.value === 'pending' ? '' : t.value }), { replace: true })}
              >
                {t.label}
              </button>
            ))}
          </div>
          <button type="button" className="button button-small" disabled={list.loading} onClick={() => void list.reload()}>
            {list.loading && list.loaded ? 'Refreshing…' : 'Refresh'}
          </button>
          <Link to="/approval-policies" className="button button-small">
            Policies
          </Link>
        </div>
      </div>
      {list.error ? <ErrorMessage error={list.error} onRetry={() => void list.reload()} /> : null}
      {!list.loaded && list.loading ? <Loading label="Loading your approvals…" /> : null}
      {list.loaded && list.items.length === 0 ? (
        filter === 'pending' ? (
          <EmptyState title="Nothing waits on you">When a won deal meets a finance or legal policy, its request shows here with the terms to check.</EmptyState>
        ) : (
          <EmptyState title="You have not decided an approval yet" />
        )
      ) : null}
      {list.items.length > 0 ? (
        <table className="table" aria-busy={list.loading}>
          <caption className="visually-hidden">{filter === 'pending' ? 'Approvals waiting on you' : 'Approvals you decided'}</caption>
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col">Policy</th>
              <th scope="col">Step</th>
              <th scope="col" className="number">
                Value
              </th>
              <th scope="col">Requested</th>
              <th scope="col">{filter === 'pending' ? 'SLA due' : 'Decided'}</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/opportunities/${encodeURIComponent(a.opportunity.id)}`}>{a.opportunity.name}</Link>
                  <div className="small muted">{a.snapshot.deal.accountName}</div>
                </td>
                <td>{a.policy.name}</td>
                <td>{a.stepName}</td>
                <td className="number">{formatMoney(a.snapshot.deal.amountMinor, a.snapshot.deal.currency)}</td>
                <td>{formatDateTime(a.createdAt, workspace.timeZone)}</td>
                <td>
                  {filter === 'pending' ? (
                    <SlaDue status={a.status} remindAt={a.remindAt} escalateAt={a.escalateAt} timeZone={workspace.timeZone} />
                  ) : (
                    formatDateTime(a.decidedAt, workspace.timeZone)
                  )}
                </td>
                <td>
                  <ApprovalStatusBadge status={a.status} />
                </td>
                <td>
                  <Link
                    to={`/approvals/${encodeURIComponent(a.id)}`}
                    className="button button-small"
                    aria-label={`${a.actionable ? 'Review' : 'Open'}: ${a.policy.name}, ${a.opportunity.name}`}
                  >
                    {a.actionable ? 'Review' : 'Open'}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore list={list} />
    </main>
  );
}
