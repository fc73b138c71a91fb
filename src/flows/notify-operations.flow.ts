// Tells Operations about a won deal: one in-app notification per active user of the ops role.
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { notifyUsers } from '../adapters/db/notifications.repo.ts';
import type { OutboxEvent } from '../adapters/db/outbox.repo.ts';
import { listActiveUserIdsByRole } from '../adapters/db/workspaces.repo.ts';

export function formatMoney(amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amountMinor / 100);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

export async function notifyOperationsOfWin(tx: Tx, event: OutboxEvent): Promise<void> {
  const p = event.payload as { opportunityId: string; name: string; amountMinor: number; currency: string; closeDate: string; actor: string };
  const recipients = await listActiveUserIdsByRole(tx, event.workspaceId, 'ops');
  const account = await tx.selectFrom('accounts').select('name').where('workspace_id', '=', event.workspaceId).where('id', '=', event.payload.accountId as string).executeTakeFirst();
  const sent = await notifyUsers(tx, event.workspaceId, recipients, {
    kind: 'deal.won',
    title: `Deal won: ${p.name}`,
    body: `${account?.name ?? 'A client'} signed ${formatMoney(p.amountMinor, p.currency)} on ${p.closeDate} (marked won by ${p.actor}). Delivery can start.`,
    subjectType: 'opportunity',
    subjectId: p.opportunityId,
    eventId: event.id,
  });
  await recordAudit(
    tx,
    event.workspaceId,
    { type: 'automation', id: null, label: 'outbox: notify Operations' },
    sent.map((n) => ({ action: 'notification.sent', entityType: 'notification', entityId: n.id, after: { userId: n.userId, event: event.type, opportunityId: p.opportunityId } })),
  );
}
