import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import type { MailStatus } from '../api/mail.api.ts';

const tones: Record<MailStatus, BadgeTone> = { queued: 'amber', sent: 'green', failed: 'red' };
const labels: Record<MailStatus, string> = { queued: 'Queued', sent: 'Sent', failed: 'Failed' };

export function MailStatusBadge({ status }: { status: MailStatus }) {
  return <Badge tone={tones[status]}>{labels[status]}</Badge>;
}
