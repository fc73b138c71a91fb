// Queued e-mail: the mailer locks a message before sending it and marks it sent in the same transaction; the mailbox
// lists what the workspace sent, with the client document a message carries.
import { sql } from 'kysely';
import { escapeLike } from './accounts.repo.ts';
import type { DbOrTx, Tx } from './database.ts';
import { toPage, type Page } from './page.ts';
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

export type MailStatus = 'queued' | 'sent' | 'failed';

/** An outgoing message as the mailbox lists it: where it went, how, and the client document it carries. */
export type MailSummary = {
  id: string;
  to: string;
  toUserId: string | null;
  subject: string;
  status: MailStatus;
  transport: MailTransport | null;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
  originRunId: string | null;
  document: { id: string; number: string; title: string; revision: number; opportunityId: string; opportunityName: string } | null;
  attachment: { name: string; contentType: 'application/pdf' } | null;
};
export type MailDetail = MailSummary & { body: string };

export type MailFilter = {
  status?: MailStatus | undefined;
  transport?: MailTransport | undefined;
  documentId?: string | undefined;
  opportunityId?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

function selectMail(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('mail_messages as m')
    .leftJoin('documents as d', 'd.id', 'm.document_id')
    .leftJoin('opportunities as o', 'o.id', 'd.opportunity_id')
    .select([
      'm.id',
      'm.to_address',
      'm.to_user_id',
      'm.subject',
      'm.status',
      'm.transport',
      'm.error',
      'm.created_at',
      'm.sent_at',
      'm.origin_run_id',
      'd.id as document_id',
      'd.number as document_number',
      'd.title as document_title',
      'd.revision as document_revision',
      'd.opportunity_id',
      'o.name as opportunity_name',
    ]);
}

type MailRow = Awaited<ReturnType<ReturnType<typeof selectMail>['executeTakeFirstOrThrow']>>;

const toMail = (r: MailRow): MailSummary => ({
  id: r.id,
  to: r.to_address,
  toUserId: r.to_user_id,
  subject: r.subject,
  status: r.status as MailStatus,
  transport: r.transport as MailTransport | null,
  error: r.error,
  createdAt: r.created_at.toISOString(),
  sentAt: r.sent_at ? r.sent_at.toISOString() : null,
  originRunId: r.origin_run_id,
  document: r.document_id
    ? {
        id: r.document_id,
        number: r.document_number!,
        title: r.document_title!,
        revision: r.document_revision!,
        opportunityId: r.opportunity_id!,
        opportunityName: r.opportunity_name ?? '',
      }
    : null,
  attachment: r.document_id ? { name: `${r.document_number!}.pdf`, contentType: 'application/pdf' } : null,
});

/** The workspace's outgoing mail, newest first (ids are ordered by creation), a page at a time. */
export async function listMail(db: DbOrTx, workspaceId: string, filter: MailFilter): Promise<Page<MailSummary>> {
  let q = selectMail(db, workspaceId);
  if (filter.status) q = q.where('m.status', '=', filter.status);
  if (filter.transport) q = q.where('m.transport', '=', filter.transport);
  if (filter.documentId) q = q.where('m.document_id', '=', filter.documentId);
  if (filter.opportunityId) q = q.where('d.opportunity_id', '=', filter.opportunityId);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('m.subject', 'ilike', like), eb('m.to_address', 'ilike', like)]));
  }
  if (filter.cursor) q = q.where('m.id', '<', filter.cursor);
  const rows = await q
    .orderBy('m.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toMail);
}

/** One message with its body; undefined when it is not the workspace's. */
export async function findMail(db: DbOrTx, workspaceId: string, id: string): Promise<MailDetail | undefined> {
  const row = await selectMail(db, workspaceId).select('m.body').where('m.id', '=', id).executeTakeFirst();
  return row && { ...toMail(row), body: row.body };
}
