// The deal's approval requests on its page: each policy it met, its state and current step, and what was decided.
import { EmptyState, ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import { usePeople } from '../../users/hooks/use-people.ts';
import { listDealApprovals, type ApprovalDetail } from '../api/approvals.api.ts';
import { ApprovalStatusBadge, SlaDue } from './approval-status.tsx';

export function DealApprovalsPanel({ opportunityId, version, timeZone }: { opportunityId: string; version: string; timeZone: string }) {
  // `version` (the deal's last change) reloads it: a win or a change of terms may request or reopen approvals.
  const approvals = useResource(() => listDealApprovals(opportunityId), [opportunityId, version]);
  const people = usePeople();
  const names = new Map((people.data ?? []).map((p) => [p.id, p.name]));
  // Whom a waiting request waits on: the undecided approvers of its current step (or who stands in for them).
  const waitingOn = (a: ApprovalDetail) =>
    a.approvers
      .filter((x) => x.current && x.decision === null)
      .map((x) => names.get(x.delegateId ?? x.userId))
      .filter((name): name is string => !!name);
  return (
    <Section title="Approvals">
      {approvals.error ? <ErrorMessage error={approvals.error} onRetry={() => void approvals.reload()} /> : null}
      {!approvals.data ? (
        approvals.loading ? (
          <Loading />
        ) : null
      ) : approvals.data.length === 0 ? (
        <EmptyState title="No approvals">This deal has met no finance or legal approval policy.</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Status</th>
              <th scope="col">Step</th>
              <th scope="col">Requested</th>
              <th scope="col">SLA due / decided</th>
            </tr>
          </thead>
          <tbody>
            {approvals.data.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/approvals/${encodeURIComponent(a.id)}`}>{a.policy.name}</Link>
                  {a.round > 1 ? <div className="small muted">Reopened after the terms changed</div> : null}
                </td>
                <td>
                  <ApprovalStatusBadge status={a.status} />
                </td>
                <td>
                  {a.steps[a.step]?.name ?? '—'}
                  {a.status === 'pending' && waitingOn(a).length > 0 ? <div className="small muted">Waiting on {waitingOn(a).join(', ')}</div> : null}
                </td>
                <td>{formatDateTime(a.createdAt, timeZone)}</td>
                <td>
                  {a.status === 'pending' ? (
                    <SlaDue status={a.status} remindAt={a.remindAt} escalateAt={a.escalateAt} timeZone={timeZone} />
                  ) : (
                    <>
                      {formatDateTime(a.decidedAt, timeZone)}
                      {a.decisionComment ? <div className="small">“{a.decisionComment}”</div> : null}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
