// Client documents: made from a template version with the data they used, reviewed, approved or rejected, and sent.
// Also what a document's data is read from (the deal, its account and contacts, owner, project and workspace).
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import type { Row } from './schema.ts';
import { scoped } from './scope.ts';

export type DocumentStatus = 'draft' | 'in_review' | 'approved' | 'rejected' | 'sent';

export type ClientDocument = {
  id: string;
  opportunityId: string;
  templateId: string;
  templateKey: string;
  templateName: string;
  templateVersion: number;
  number: string;
  title: string;
  revision: number;
  replacesId: string | null;
  status: DocumentStatus;
  data: Record<string, unknown>;
  markup: string;
  reviewComment: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  sentAt: string | null;
  sentTo: string | null;
  delivery: { mailId: string; status: string; transport: string | null; sentAt: string | null; error: string | null } | null;
  createdBy: string;
  originRunId: string | null;
  createdAt: string;
  updatedAt: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function selectDocuments(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('documents as d')
    .innerJoin('document_templates as t', 't.id', 'd.template_id')
    .leftJoin('mail_messages as m', 'm.id', 'd.mail_id')
    .selectAll('d')
    .select([
      't.key as template_key',
      't.name as template_name',
      'm.status as mail_status',
      'm.transport as mail_transport',
      'm.sent_at as mail_sent_at',
      'm.error as mail_error',
    ]);
}

type DocumentRow = Row<'documents'> & {
  template_key: string;
  template_name: string;
  mail_status: string | null;
  mail_transport: string | null;
  mail_sent_at: Date | null;
  mail_error: string | null;
};

const toDocument = (r: DocumentRow): ClientDocument => ({
  id: r.id,
  opportunityId: r.opportunity_id,
  templateId: r.template_id,
  templateKey: r.template_key,
  templateName: r.template_name,
  templateVersion: r.template_version,
  number: r.number,
  title: r.title,
  revision: r.revision,
  replacesId: r.replaces_id,
  status: r.status as DocumentStatus,
  data: r.data,
  markup: r.markup,
  reviewComment: r.review_comment,
  submittedAt: iso(r.submitted_at),
  decidedAt: iso(r.decided_at),
  decidedBy: r.decided_by_label,
  sentAt: iso(r.sent_at),
  sentTo: r.sent_to,
  delivery: r.mail_id
    ? { mailId: r.mail_id, status: r.mail_status ?? 'queued', transport: r.mail_transport, sentAt: iso(r.mail_sent_at), error: r.mail_error }
    : null,
  createdBy: r.created_by_label,
  originRunId: r.origin_run_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function findDocument(db: DbOrTx, workspaceId: string, id: string): Promise<ClientDocument | undefined> {
  const row = await selectDocuments(db, workspaceId).where('d.id', '=', id).executeTakeFirst();
  return row && toDocument(row as DocumentRow);
}

/** A deal's documents, newest first. */
export async function listDealDocuments(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<ClientDocument[]> {
  const rows = await selectDocuments(db, workspaceId)
    .where('d.opportunity_id', '=', opportunityId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
  return rows.map((r) => toDocument(r as DocumentRow));
}

/** The document locked while its status changes (two reviewers deciding at once: one wins, the other sees its decision). */
export async function lockDocument(tx: Tx, workspaceId: string, id: string): Promise<ClientDocument | undefined> {
  await scoped(tx, workspaceId).selectFrom('documents').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return findDocument(tx, workspaceId, id);
}

/**
 * The workspace's next document number. The counter row stays locked until the caller's transaction ends, so two
 * generations at once get two numbers (the second waits for the first), never the same one.
 */
export async function takeDocumentNumber(tx: Tx, workspaceId: string): Promise<number> {
  const row = await tx
    .insertInto('document_counters')
    .values({ workspace_id: workspaceId, last_number: 1 })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ last_number: sql<number>`document_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export type NewDocument = {
  opportunityId: string;
  templateId: string;
  templateVersion: number;
  number: string;
  title: string;
  revision: number;
  replacesId: string | null;
  data: Record<string, unknown>;
  markup: string;
  createdBy: string;
  originRunId: string | null;
  idempotencyKey: string | null;
};

/** Inserts a document; undefined when a document with its idempotency key exists (a repeated rule trigger). */
export async function insertDocument(tx: Tx, workspaceId: string, d: NewDocument): Promise<string | undefined> {
  const row = await tx
    .insertInto('documents')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      opportunity_id: d.opportunityId,
      template_id: d.templateId,
      template_version: d.templateVersion,
      number: d.number,
      title: d.title,
      revision: d.revision,
      replaces_id: d.replacesId,
      data: JSON.stringify(d.data),
      markup: d.markup,
      created_by_label: d.createdBy,
      origin_run_id: d.originRunId,
      idempotency_key: d.idempotencyKey,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findDocumentByKey(db: DbOrTx, workspaceId: string, idempotencyKey: string): Promise<ClientDocument | undefined> {
  const row = await selectDocuments(db, workspaceId).where('d.idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row && toDocument(row as DocumentRow);
}

export async function updateDocumentRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  set: {
    status: DocumentStatus;
    review_comment?: string | null;
    submitted?: boolean;
    decided_by_label?: string;
    sent_to?: string;
    mail_id?: string;
  },
): Promise<void> {
  const { submitted, ...rest } = set;
  await scoped(tx, workspaceId)
    .updateTable('documents')
    .set({
      ...rest,
      ...(submitted && { submitted_at: sql`now()` }),
      ...(set.decided_by_label !== undefined && { decided_at: sql`now()` }),
      ...(set.mail_id !== undefined && { sent_at: sql`now()` }),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** The PDF's frame for a document: its title, markup, when it was made and whose workspace it is. */
export async function findDocumentForPdf(db: DbOrTx, workspaceId: string, id: string) {
  return scoped(db, workspaceId)
    .selectFrom('documents as d')
    .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
    .select(['d.id', 'd.title', 'd.number', 'd.markup', 'd.created_at', 'w.name as workspace_name'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/** Everything a document's data is made of, as stored; undefined when the deal is not in the workspace. */
export async function loadDocumentSources(db: DbOrTx, workspaceId: string, opportunityId: string) {
  const deal = await scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('workspaces as w', 'w.id', 'o.workspace_id')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .leftJoin('users as u', 'u.id', 'o.owner_id')
    .select([
      'o.id',
      'o.name',
      'o.amount_minor',
      'o.currency',
      'o.close_date',
      'o.deal_type',
      'o.primary_contact_id',
      'o.custom_fields',
      's.name as stage_name',
      's.category as stage_category',
      'a.name as account_name',
      'a.domain as account_domain',
      'a.industry as account_industry',
      'w.name as workspace_name',
      'w.time_zone',
      'u.name as owner_name',
      'u.email as owner_email',
    ])
    .where('o.id', '=', opportunityId)
    .executeTakeFirst();
  if (!deal) return undefined;
  const contacts = await scoped(db, workspaceId)
    .selectFrom('contacts as c')
    .innerJoin('opportunities as o', 'o.account_id', 'c.account_id')
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.title', 'c.buying_role'])
    .where('o.id', '=', opportunityId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  const project = await scoped(db, workspaceId)
    .selectFrom('projects as p')
    .leftJoin('users as u', 'u.id', 'p.owner_id')
    .select(['p.id', 'p.name', 'p.status', 'p.start_date', 'p.target_date', 'u.name as owner_name', 'u.email as owner_email'])
    .where((eb) =>
      eb.or([
        eb('p.opportunity_id', '=', opportunityId),
        eb.exists(eb.selectFrom('project_deals as pd').select('pd.id').whereRef('pd.project_id', '=', 'p.id').where('pd.opportunity_id', '=', opportunityId)),
      ]),
    )
    .orderBy('p.created_at', 'desc')
    .executeTakeFirst();
  const milestones = project
    ? await scoped(db, workspaceId)
        .selectFrom('milestones')
        .select(['name', 'due_date'])
        .where('project_id', '=', project.id)
        .orderBy('due_date')
        .orderBy('name')
        .execute()
    : [];
  const scope = await scoped(db, workspaceId)
    .selectFrom('scope_documents')
    .select(['title', 'body', 'signed_on'])
    .where('opportunity_id', '=', opportunityId)
    .where('archived_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return { deal, contacts, project, milestones, scope };
}

export type DocumentSources = NonNullable<Awaited<ReturnType<typeof loadDocumentSources>>>;

/** The e-mail that carries a document to the client (the mailer attaches its PDF). */
export async function insertDocumentMail(
  tx: Tx,
  workspaceId: string,
  mail: { documentId: string; to: string; subject: string; body: string; originRunId: string | null },
): Promise<string> {
  const row = await tx
    .insertInto('mail_messages')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      to_user_id: null,
      to_address: mail.to,
      subject: mail.subject,
      body: mail.body,
      origin_run_id: mail.originRunId,
      origin_key: null,
      document_id: mail.documentId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
