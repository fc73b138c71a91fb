// Queued e-mail: the mailer locks a message before sending it and marks it sent in the same transaction.
import { sql } from 'kysely';
import type { Tx } from './database.ts';
import { scoped } from './scope.ts';

export type MailTransport = 'smtp' | 'file';

/** The message, locked so that two deliveries of its event cannot both send it. */
export async function lockMailMessage(tx: Tx, workspaceId: string, id: string) {
  return scoped(tx, workspaceId).selectFrom('mail_messages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markMailSent(tx: Tx, workspaceId: string, id: string, transport: MailTransport): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('mail_messages')
    .set({ status: 'sent', sent_at: sql`now()`, transport, error: null })
    .where('id', '=', id)
    .execute();
}
