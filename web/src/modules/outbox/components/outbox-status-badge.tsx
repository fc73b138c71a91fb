import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import type { OutboxStatus } from '../api/outbox.api.ts';

const tones: Record<OutboxStatus, BadgeTone> = { pending: 'amber', done: 'green', failed: 'red' };
const labels: Record<OutboxStatus, string> = { pending: 'pending', done: 'delivered', failed: 'failed' };

export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  return (
    <span data-testid="outbox-status">
      <Badge tone={tones[status] ?? 'neutral'} title="Delivery status">
        {labels[status] ?? status}
      </Badge>
    </span>
  );
}
