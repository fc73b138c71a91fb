// An approval request's state as a badge, and its SLA: when it is due, and whether it is late.
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { approvalStatusLabel } from '../../../ui/labels.ts';
import type { ApprovalStatus } from '../api/approvals.api.ts';

const tones: Record<ApprovalStatus, BadgeTone> = { pending: 'amber', approved: 'green', rejected: 'red', withdrawn: 'grey' };

export function ApprovalStatusBadge({ status }: { status: ApprovalStatus }) {
  return <Badge tone={tones[status]}>{approvalStatusLabel(status)}</Badge>;
}

/** The SLA of a waiting request: the reminder is its due time; past the escalation its approvers' managers are asked. */
export function SlaDue({
  status,
  remindAt,
  escalateAt,
  timeZone,
}: {
  status: ApprovalStatus;
  remindAt: string | null;
  escalateAt: string | null;
  timeZone: string;
}) {
  if (status !== 'pending' || !remindAt) return <span className="muted">—</span>;
  const now = Date.now();
  const late = Date.parse(remindAt) < now;
  const escalated = escalateAt !== null && Date.parse(escalateAt) < now;
  return (
    <span>
      {formatDateTime(remindAt, timeZone)}
      {escalated ? (
        <>
          {' '}
          <Badge tone="red">Escalated</Badge>
        </>
      ) : late ? (
        <>
          {' '}
          <Badge tone="amber">Overdue</Badge>
        </>
      ) : null}
    </span>
  );
}
