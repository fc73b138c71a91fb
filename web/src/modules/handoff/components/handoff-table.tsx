// Handoffs as rows: deal and account, status, the AE and CSM, overall score, returns, open conflicts, won, accepted, kickoff.
import { formatDate, formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { briefPagePath } from '../api/brief.api.ts';
import type { HandoffSummary } from '../api/handoffs.api.ts';
import { BriefStatusBadge, ScoreBadge } from './brief-badges.tsx';

export function HandoffTable({ handoffs, timeZone }: { handoffs: HandoffSummary[]; timeZone: string }) {
  return (
    <table className="table handoff-table">
      <thead>
        <tr>
          <th scope="col">Deal</th>
          <th scope="col">Status</th>
          <th scope="col">AE</th>
          <th scope="col">CSM</th>
          <th scope="col" className="numeric">
            Score
          </th>
          <th scope="col" className="numeric">
            Returns
          </th>
          <th scope="col" className="numeric">
            Conflicts
          </th>
          <th scope="col">Won</th>
          <th scope="col">Accepted</th>
          <th scope="col">Kickoff</th>
        </tr>
      </thead>
      <tbody>
        {handoffs.map((h) => (
          <tr key={h.id} data-testid="handoff-row">
            <td>
              <Link to={briefPagePath(h.opportunityId)}>{h.opportunityName}</Link>
              <div className="muted small">
                <Link to={`/accounts/${encodeURIComponent(h.accountId)}`}>{h.accountName}</Link>
              </div>
            </td>
            <td>
              <BriefStatusBadge status={h.status} />
            </td>
            <td>{h.aeName ?? <span className="warning-text">Nobody</span>}</td>
            <td>{h.csmName ?? <span className="warning-text">Nobody</span>}</td>
            <td className="numeric">
              <ScoreBadge score={h.overall} />
            </td>
            <td className="numeric">{h.returns || <span className="muted">0</span>}</td>
            <td className="numeric">{h.openConflicts ? <span className="error-text">{h.openConflicts}</span> : <span className="muted">0</span>}</td>
            <td className="nowrap small">{formatDateTime(h.wonAt, timeZone)}</td>
            <td className="nowrap small">{h.acceptedAt ? formatDateTime(h.acceptedAt, timeZone) : <span className="muted">—</span>}</td>
            <td className="nowrap small">
              {h.kickoffHeldOn ? (
                <>
                  Held {formatDate(h.kickoffHeldOn)}
                  {h.kickoffOn && h.kickoffHeldOn > h.kickoffOn ? <div className="warning-text">planned {formatDate(h.kickoffOn)}</div> : null}
                </>
              ) : h.kickoffOn ? (
                formatDate(h.kickoffOn)
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
