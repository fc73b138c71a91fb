// The deals list's table: each column header that sorts toggles ascending and descending.
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, formatMoney } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { Opportunity } from '../api/opportunities.api.ts';
import type { OpportunitySort } from '../api/deal-list.api.ts';
import { StageBadge } from './stage-badge.tsx';

/** A column the list sorts by: a sort without its leading "-". */
type SortKey = Exclude<OpportunitySort, `-${string}`>;

type DealTableProps = { deals: Opportunity[]; sort: OpportunitySort | undefined; onSort: (sort: OpportunitySort) => void; timeZone: string | undefined };

function SortHeader({
  label,
  field,
  sort,
  onSort,
  numeric,
}: {
  label: ReactNode;
  field: SortKey;
  sort: OpportunitySort | undefined;
  onSort: DealTableProps['onSort'];
  numeric?: boolean;
}) {
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : undefined;
  // A first click on amount or last change shows the biggest or newest first; on name and close date, A-Z and soonest.
  const firstDescending = field === 'amount' || field === 'updated';
  const next = (direction ? direction === 'ascending' : firstDescending) ? (`-${field}` as OpportunitySort) : (field as OpportunitySort);
  return (
    <th scope="col" aria-sort={direction ?? 'none'} className={numeric ? 'numeric' : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(next)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

export function DealTable({ deals, sort, onSort, timeZone }: DealTableProps) {
  return (
    <table className="table deal-table">
      <thead>
        <tr>
          <SortHeader label="Deal" field="name" sort={sort} onSort={onSort} />
          <th scope="col">Stage</th>
          <th scope="col">Owner</th>
          <SortHeader label="Close date" field="closeDate" sort={sort} onSort={onSort} />
          <SortHeader label="Amount" field="amount" sort={sort} onSort={onSort} numeric />
          <SortHeader label="Last change" field="updated" sort={sort} onSort={onSort} />
        </tr>
      </thead>
      <tbody>
        {deals.map((d) => (
          <tr key={d.id}>
            <td>
              <Link to={`/opportunities/${encodeURIComponent(d.id)}`}>{d.name}</Link>
              <div className="muted small">
                <Link to={`/accounts/${encodeURIComponent(d.accountId)}`} className="link-quiet">
                  {d.accountName}
                </Link>
              </div>
            </td>
            <td>
              <StageBadge name={d.stageName} category={d.stageCategory} />
            </td>
            <td>{d.ownerName ?? <span className="muted">No owner</span>}</td>
            <td>{d.closeDate ? formatDate(d.closeDate) : <span className="muted">Not set</span>}</td>
            <td className="numeric">{formatMoney(d.amountMinor, d.currency)}</td>
            <td className="muted small">{formatDateTime(d.updatedAt, timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
