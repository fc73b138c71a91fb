// The chain of a request: each step, who approves it and what each approver decided (with their comment).
import { Badge } from '../../../ui/badge.tsx';
import { Section } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import type { ApprovalDetail } from '../api/approvals.api.ts';

export function ApprovalChain({ approval: a, people, timeZone }: { approval: ApprovalDetail; people: WorkspaceUser[] | undefined; timeZone: string }) {
  const names = new Map((people ?? []).map((p) => [p.id, p.name]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'someone no longer in the workspace') : '—');
  // The approvers of this round (an earlier round's decisions were made on terms that have since changed).
  const round = a.approvers.filter((x) => x.round === a.round);
  return (
    <Section title="Approval chain">
      {a.round > 1 ? <p className="small muted">Reopened: round {a.round}, after the deal's terms changed.</p> : null}
      <ol className="approval-chain">
        {a.steps.map((step, i) => {
          const here = round.filter((x) => x.step === i);
          const state = a.status === 'pending' ? (i < a.step ? 'done' : i === a.step ? 'current' : 'later') : i <= a.step ? 'done' : 'later';
          return (
            <li key={i} className={`approval-step approval-step-${state}`}>
              <div>
                <strong>{step.name}</strong> <span className="small muted">{step.mode === 'all' ? 'every approver must approve' : 'one approval decides'}</span>
                {state === 'current' ? (
                  <>
                    {' '}
                    <Badge tone="amber">Current step</Badge>
                  </>
                ) : null}
              </div>
              {here.length > 0 ? (
                <ul className="approval-approvers">
                  {here.map((x) => (
                    <li key={x.id}>
                      {nameOf(x.userId)}
                      {x.delegateId ? ` (handed to ${nameOf(x.delegateId)})` : ''}
                      {x.escalatedTo.length > 0 ? ` · escalated to ${x.escalatedTo.map(nameOf).join(', ')}` : ''}
                      {' — '}
                      {x.decision ? (
                        <>
                          <Badge tone={x.decision === 'approved' ? 'green' : 'red'}>{x.decision === 'approved' ? 'Approved' : 'Rejected'}</Badge>{' '}
                          <span className="small">
                            {x.decidedBy && x.decidedBy !== x.userId ? `by ${nameOf(x.decidedBy)} ` : ''}
                            {formatDateTime(x.decidedAt, timeZone)}
                          </span>
                          {x.comment ? <blockquote className="approval-comment">{x.comment}</blockquote> : null}
                        </>
                      ) : (
                        <span className="muted">{state === 'current' ? 'not decided yet' : 'no decision'}</span>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="small muted">{state === 'later' ? 'Approvers are chosen when the step starts.' : 'No approvers.'}</p>
              )}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}
