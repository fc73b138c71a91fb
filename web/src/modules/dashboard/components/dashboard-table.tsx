// Every won deal in one row: where its delivery stands, from the brief to first value.
import { Badge } from '../../../ui/badge.tsx';
import { formatDate, formatMoney } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { BriefStatusBadge } from '../../handoff/components/brief-badges.tsx';
import { HealthBadge } from '../../projects/components/project-badges.tsx';
import type { BriefStatus } from '../../handoff/api/brief.api.ts';
import type { DashboardRow } from '../api/dashboard.api.ts';

function FirstValue({ value, today }: { value: DashboardRow['firstValue']; today: string }) {
  if (value.reachedOn) return <Badge tone="green">Reached {formatDate(value.reachedOn)}</Badge>;
  if (value.missed) return <Badge tone="red">Missed{value.due ? ` (${formatDate(value.due)})` : ''}</Badge>;
  if (value.due) return <span className={value.due < today ? 'warning-text' : undefined}>Due {formatDate(value.due)}</span>;
  return <span className="muted">—</span>;
}

export function DashboardTable({ rows, today }: { rows: DashboardRow[]; today: string }) {
  return (
    <table className="table dashboard-table">
      <thead>
        <tr>
          <th scope="col">Deal</th>
          <th scope="col" className="numeric">
            Value
          </th>
          <th scope="col">Won</th>
          <th scope="col">Brief</th>
          <th scope="col">Pending</th>
          <th scope="col">Project owner</th>
          <th scope="col">Health</th>
          <th scope="col" className="numeric">
            Tasks done / open / overdue
          </th>
          <th scope="col">Next milestone</th>
          <th scope="col">Kickoff</th>
          <th scope="col">First value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid="dashboard-row" data-opportunity-id={r.opportunity.id}>
            <td>
              <Link to={`/opportunities/${encodeURIComponent(r.opportunity.id)}`}>{r.opportunity.name}</Link>
              <div className="small">
                <Link to={`/accounts/${encodeURIComponent(r.account.id)}`} className="muted">
                  {r.account.name}
                </Link>
                {r.owner ? <span className="muted"> · {r.owner.name}</span> : null}
              </div>
            </td>
            <td className="numeric nowrap">{formatMoney(r.amountMinor, r.currency)}</td>
            <td className="nowrap">{formatDate(r.wonAt.slice(0, 10))}</td>
            <td>
              {r.brief ? (
                <Link to={`/opportunities/${encodeURIComponent(r.opportunity.id)}/brief`} aria-label={`Brief of ${r.opportunity.name}`}>
                  <BriefStatusBadge status={r.brief.status as BriefStatus} />
                </Link>
              ) : (
                <span className="muted">None</span>
              )}
            </td>
            <td>
              <span className="task-marks">
                {r.approvalsPending ? (
                  <Badge tone="amber">
                    {r.approvalsPending} approval{r.approvalsPending === 1 ? '' : 's'}
                  </Badge>
                ) : null}
                {r.documentsPending ? (
                  <Badge tone="blue">
                    {r.documentsPending} document{r.documentsPending === 1 ? '' : 's'}
                  </Badge>
                ) : null}
                {!r.approvalsPending && !r.documentsPending ? <span className="muted">—</span> : null}
              </span>
            </td>
            <td>
              {r.project ? (
                r.project.owner ? (
                  r.project.owner.name
                ) : (
                  <span className="warning-text">Nobody</span>
                )
              ) : (
                <span className="warning-text">No project</span>
              )}
            </td>
            <td data-testid="dashboard-health">
              {r.project ? (
                <>
                  <Link to={`/projects/${encodeURIComponent(r.project.id)}`} aria-label={`Project ${r.project.name}`}>
                    <HealthBadge health={r.project.health} />
                  </Link>
                  {r.project.healthReasons.length > 0 ? (
                    <ul className="health-reasons small">
                      {r.project.healthReasons.map((reason) => (
                        <li key={reason.message}>{reason.message}</li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td className="numeric nowrap" data-testid="dashboard-tasks">
              {r.tasks.done} / {r.tasks.open} / <span className={r.tasks.overdue ? 'warning-text' : undefined}>{r.tasks.overdue}</span>
            </td>
            <td>
              {r.nextMilestone ? (
                <>
                  {r.nextMilestone.name}
                  <div className={`small ${r.nextMilestone.dueDate < today ? 'warning-text' : 'muted'}`}>{formatDate(r.nextMilestone.dueDate)}</div>
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td className="nowrap">
              {r.kickoff.heldOn ? (
                <Badge tone="green">Held {formatDate(r.kickoff.heldOn)}</Badge>
              ) : r.kickoff.on ? (
                `Booked ${formatDate(r.kickoff.on)}`
              ) : (
                <span className="muted">Not booked</span>
              )}
            </td>
            <td className="nowrap">
              <FirstValue value={r.firstValue} today={today} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
