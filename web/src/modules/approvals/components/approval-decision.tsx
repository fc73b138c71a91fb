// The approver's part: approve (a comment optional), reject (a comment required: the deal owner reads why) or hand
// the approval to another person, for this request or, while away, for every approval until a day. The server decides who may; its refusals and validation messages show here.
import { useState } from 'react';
import { ErrorMessage, Section } from '../../../ui/feedback.tsx';
import { UserSelect } from '../../users/components/user-select.tsx';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { approve, delegate, reject, type ApprovalDetail } from '../api/approvals.api.ts';

type Action = 'approve' | 'reject' | 'delegate';

export function ApprovalDecision({
  approval,
  people,
  currentUserId,
  onDecided,
}: {
  approval: ApprovalDetail;
  people: WorkspaceUser[] | undefined;
  currentUserId: string;
  onDecided: (next: ApprovalDetail, action: Action) => void;
}) {
  const [comment, setComment] = useState('');
  const [delegateTo, setDelegateTo] = useState('');
  // Away until this day (the end of it, in the browser's time): every approval of the caller's goes to the person.
  const [awayUntil, setAwayUntil] = useState('');
  const [busy, setBusy] = useState<Action | null>(null);
  // The refusal shows beside what was refused: the comment's buttons, or the delegation.
  const [error, setError] = useState<{ action: Action; error: unknown } | null>(null);

  const run = async (action: Action, work: () => Promise<ApprovalDetail>) => {
    setBusy(action);
    setError(null);
    try {
      const next = await work();
      setComment('');
      setDelegateTo('');
      setAwayUntil('');
      onDecided(next, action);
    } catch (caught) {
      setError({ action, error: caught });
    } finally {
      setBusy(null);
    }
  };

  const others = (people ?? []).filter((p) => p.active && p.id !== currentUserId);
  return (
    <Section title="Your decision">
      <form
        className="stack-small"
        onSubmit={(event) => {
          event.preventDefault();
          void run('approve', () => approve(approval.id, comment));
        }}
      >
        <label>
          Comment <span className="muted small">(required to reject)</span>
          <textarea className="input" rows={3} value={comment} maxLength={4000} onChange={(e) => setComment(e.target.value)} />
        </label>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy !== null}>
            {busy === 'approve' ? 'Approving…' : 'Approve'}
          </button>
          <button
            type="button"
            className="button button-danger-outline"
            disabled={busy !== null}
            // The API says what a rejection lacks (an empty comment is refused with its reason).
            onClick={() => void run('reject', () => reject(approval.id, comment))}
          >
            {busy === 'reject' ? 'Rejecting…' : 'Reject'}
          </button>
        </div>
        {error && error.action !== 'delegate' ? <ErrorMessage error={error.error} /> : null}
      </form>
      <form
        className="form-row delegate-form"
        onSubmit={(event) => {
          event.preventDefault();
          const until = awayUntil ? new Date(`${awayUntil}T23:59:59`).toISOString() : undefined;
          void run('delegate', () => delegate(approval.id, delegateTo, until));
        }}
      >
        <label htmlFor="delegate-to">
          Hand this approval to
          <UserSelect id="delegate-to" people={others} value={delegateTo} onChange={setDelegateTo} />
        </label>
        <label htmlFor="delegate-until">
          Away? Every approval of yours until <span className="muted small">(optional)</span>
          <input id="delegate-until" className="input" type="date" value={awayUntil} onChange={(e) => setAwayUntil(e.target.value)} />
        </label>
        <button type="submit" className="button button-small" disabled={busy !== null || !delegateTo}>
          {busy === 'delegate' ? 'Delegating…' : 'Delegate'}
        </button>
      </form>
      {error?.action === 'delegate' ? <ErrorMessage error={error.error} /> : null}
    </Section>
  );
}
