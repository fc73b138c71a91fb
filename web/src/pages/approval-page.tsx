// One approval request: why the deal needs it, the context frozen for finance and/or legal, the chain with every
// decision, and (for its approver) approve, reject or delegate.
import { useState } from 'react';
import { getApproval, getApprovalPolicy } from '../modules/approvals/api/approvals.api.ts';
import { conditionWords, policyFields } from '../modules/approvals/api/policies.api.ts';
import { getCatalog } from '../modules/rules/api/rules.api.ts';
import { describeCondition } from '../../../src/domain/rules/conditions.ts';
import { ApprovalChain } from '../modules/approvals/components/approval-chain.tsx';
import { ApprovalContext } from '../modules/approvals/components/approval-context.tsx';
import { ApprovalDecision } from '../modules/approvals/components/approval-decision.tsx';
import { ApprovalStatusBadge, SlaDue } from '../modules/approvals/components/approval-status.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { Field, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function ApprovalPage({ id }: { id: string }) {
  const { user, workspace } = useSession();
  const approval = useResource(() => getApproval(id), [id]);
  const people = usePeople();
  const policyId = approval.data?.policy.id;
  const policy = useResource(() => (policyId ? getApprovalPolicy(policyId) : Promise.resolve(null)), [policyId]);
  const catalog = useResource(() => getCatalog(), []);
  const [notice, setNotice] = useState<string | null>(null);
  const a = approval.data;
  useTitle(a ? `${a.policy.name}: ${a.opportunity.name}` : 'Approval');

  if (approval.error && !a) {
    const missing = approval.error instanceof ApiError && approval.error.status === 404;
    return (
      <main className="page">
        <p className="breadcrumbs">
          <Link to="/approvals">Approvals</Link>
        </p>
        {missing ? <h1>Approval not found</h1> : null}
        <ErrorMessage error={approval.error} onRetry={missing ? undefined : () => void approval.reload()} />
      </main>
    );
  }
  if (!a) {
    return (
      <main className="page">
        <Loading label="Loading the approval…" />
      </main>
    );
  }
  const tz = workspace.timeZone;
  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/approvals">Approvals</Link> <span aria-hidden="true">/</span> {a.policy.name}
      </p>
      <div className="page-header">
        <div>
          <h1>{a.opportunity.name}</h1>
          <p className="headline">
            <ApprovalStatusBadge status={a.status} />
            <span>{a.policy.name}</span>
            <Link to={`/opportunities/${encodeURIComponent(a.opportunity.id)}`}>Open the deal</Link>
          </p>
        </div>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <Section title="Request">
        <dl className="fields">
          <Field label="Step" value={a.steps[a.step]?.name ?? '—'} />
          <Field label="Requested" value={formatDateTime(a.createdAt, tz)} />
          {a.status === 'pending' ? (
            <>
              <Field label="SLA due" value={<SlaDue status={a.status} remindAt={a.remindAt} escalateAt={a.escalateAt} timeZone={tz} />} />
              <Field label="Escalates" value={formatDateTime(a.escalateAt, tz)} />
            </>
          ) : (
            <Field label="Decided" value={formatDateTime(a.decidedAt, tz)} />
          )}
        </dl>
        {a.decisionComment ? <blockquote className="approval-comment">{a.decisionComment}</blockquote> : null}
      </Section>
      <ApprovalContext
        snapshot={a.snapshot}
        policyDescription={policy.data?.description ?? null}
        reasonWords={
          policy.data && catalog.data && describeCondition(policy.data.condition) === a.snapshot.reason
            ? conditionWords(policy.data.condition, policyFields(catalog.data.fields))
            : undefined
        }
        policyPath={policy.data ? `/approval-policies/${encodeURIComponent(policy.data.id)}` : undefined}
        timeZone={tz}
      />
      {a.actionable ? (
        <ApprovalDecision
          approval={a}
          people={people.data}
          currentUserId={user.id}
          onDecided={(next, action) => {
            approval.setData(next);
            setNotice(
              action === 'delegate'
                ? 'Handed over: the approval now waits on the person you chose.'
                : action === 'approve'
                  ? next.status === 'approved'
                    ? 'Approved. The deal owner is told.'
                    : 'Your approval is recorded; the request moves on in its chain.'
                  : 'Rejected. The deal owner is told why, and the deal’s documents are held.',
            );
          }}
        />
      ) : null}
      <ApprovalChain approval={a} people={people.data} timeZone={tz} />
    </main>
  );
}
