import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { Enrolment, EnrolmentStatus } from '../api/enrolments.api.ts';

const tones: Record<EnrolmentStatus, BadgeTone> = { active: 'blue', stopped: 'grey', completed: 'green' };

export function EnrolmentTable({ enrolments, timeZone }: { enrolments: Enrolment[]; timeZone: string }) {
  if (enrolments.length === 0) return <EmptyState title="No sequence enrolments" />;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Sequence</th>
          <th scope="col">Contact</th>
          <th scope="col">Status</th>
          <th scope="col">Stopped reason</th>
          <th scope="col">Enrolled</th>
        </tr>
      </thead>
      <tbody>
        {enrolments.map((e) => (
          <tr key={e.id}>
            <td>{e.sequenceName}</td>
            <td>{e.contactName}</td>
            <td>
              <Badge tone={tones[e.status] ?? 'neutral'}>{e.status}</Badge>
            </td>
            <td>
              {e.stoppedReason ?? '—'}
              {e.stoppedAt ? <span className="muted small"> · {formatDateTime(e.stoppedAt, timeZone)}</span> : null}
            </td>
            <td>{formatDateTime(e.enrolledAt, timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
