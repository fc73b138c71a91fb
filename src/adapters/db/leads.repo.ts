// Leads, their history, their handoff tasks, and the account and contact a conversion matches by e-mail.
import { sql, type Updateable } from 'kysely';
import type { Actor } from '../../domain/actor.ts';
import type { HandoffDetails, LeadPriority, LeadStage, NeedMaturity } from '../../domain/leads.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';
import { openTaskStatuses } from './projects.repo.ts';
import type { DB, NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';

type Ref = { id: string; name: string };

export type Lead = {
  id: string;
  title: string;
  stage: LeadStage;
  needMaturity: NeedMaturity;
  source: string | null;
  companyName: string | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  account: Ref | null;
  contact: Ref | null;
  distributor: Ref | null;
  owner: Ref | null;
  author: Ref | null;
  expectedSaleDate: string | null;
  priority: LeadPriority;
  handoff: (HandoffDetails & { salesOwnerName: string | null }) | null;
  opportunity: Ref | null;
  convertedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

function selectLeads(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('leads as l')
    .leftJoin('accounts as a', 'a.id', 'l.account_id')
    .leftJoin('contacts as c', 'c.id', 'l.contact_id')
    .leftJoin('users as d', 'd.id', 'l.distributor_id')
    .leftJoin('users as o', 'o.id', 'l.owner_id')
    .leftJoin('users as au', 'au.id', 'l.author_id')
    .leftJoin('opportunities as op', 'op.id', 'l.opportunity_id')
    .leftJoin('users as so', (j) => j.on(sql<boolean>`so.id::text = l.handoff->>'salesOwnerId'`))
    .selectAll('l')
    .select([
      'a.name as account_name',
      sql<string | null>`trim(c.first_name || ' ' || c.last_name)`.as('contact_full_name'),
      'd.name as distributor_name',
      'o.name as owner_name',
      'au.name as author_name',
      'op.name as opportunity_name',
      'so.name as sales_owner_name',
    ]);
}

type LeadRow = Awaited<ReturnType<ReturnType<typeof selectLeads>['executeTakeFirstOrThrow']>>;

const ref = (id: string | null, name: string | null): Ref | null => (id ? { id, name: name ?? '' } : null);

function toLead(r: LeadRow): Lead {
  return {
    id: r.id,
    title: r.title,
    stage: r.stage as LeadStage,
    needMaturity: r.need_maturity as NeedMaturity,
    source: r.source,
    companyName: r.company_name,
    contactName: r.contact_name,
    email: r.email,
    phone: r.phone,
    account: ref(r.account_id, r.account_name),
    contact: ref(r.contact_id, r.contact_full_name),
    distributor: ref(r.distributor_id, r.distributor_name),
    owner: ref(r.owner_id, r.owner_name),
    author: ref(r.author_id, r.author_name),
    expectedSaleDate: r.expected_sale_date,
    priority: r.priority as LeadPriority,
    handoff: r.handoff ? { ...(r.handoff as HandoffDetails), salesOwnerName: r.sales_owner_name } : null,
    opportunity: ref(r.opportunity_id, r.opportunity_name),
    convertedAt: r.converted_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function findLead(db: DbOrTx, workspaceId: string, id: string): Promise<Lead | undefined> {
  const row = await selectLeads(db, workspaceId).where('l.id', '=', id).executeTakeFirst();
  return row && toLead(row);
}

export type LeadFilter = {
  stage?: LeadStage | undefined;
  needMaturity?: NeedMaturity | undefined;
  ownerId?: string | undefined;
  distributorId?: string | undefined;
  /** Leads this person owns or distributes. */
  involvedId?: string | undefined;
  source?: string | undefined;
  opportunityId?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Leads, newest first; the cursor is the last lead's id (ids are time-ordered). */
export async function listLeads(db: DbOrTx, workspaceId: string, filter: LeadFilter): Promise<Page<Lead>> {
  let q = selectLeads(db, workspaceId);
  if (filter.stage) q = q.where('l.stage', '=', filter.stage);
  if (filter.needMaturity) q = q.where('l.need_maturity', '=', filter.needMaturity);
  if (filter.ownerId) q = q.where('l.owner_id', '=', filter.ownerId);
  if (filter.distributorId) q = q.where('l.distributor_id', '=', filter.distributorId);
  if (filter.involvedId) {
    const person = filter.involvedId;
    q = q.where((eb) => eb.or([eb('l.owner_id', '=', person), eb('l.distributor_id', '=', person)]));
  }
  if (filter.source) q = q.where('l.source', '=', filter.source);
  if (filter.opportunityId) q = q.where('l.opportunity_id', '=', filter.opportunityId);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('l.title', 'ilike', like), eb('l.company_name', 'ilike', like), eb('l.contact_name', 'ilike', like), eb('l.email', 'ilike', like)]),
    );
  }
  if (filter.cursor) q = q.where('l.id', '<', filter.cursor);
  const rows = await q
    .orderBy('l.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toLead);
}

export async function insertLead(tx: Tx, row: NewRow<'leads'>): Promise<void> {
  await tx.insertInto('leads').values(row).execute();
}

export async function lockLead(tx: Tx, workspaceId: string, id: string): Promise<Row<'leads'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('leads').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateLeadRow(tx: Tx, workspaceId: string, id: string, set: Updateable<DB['leads']>): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('leads')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export type LeadEvent = { id: string; kind: string; data: Record<string, unknown>; actor: string; at: string };

export async function insertLeadEvent(tx: Tx, workspaceId: string, leadId: string, actor: Actor, kind: string, data: Record<string, unknown>): Promise<string> {
  const id = newId();
  await tx
    .insertInto('lead_events')
    .values({
      id,
      workspace_id: workspaceId,
      lead_id: leadId,
      kind,
      data: JSON.stringify(data),
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
    })
    .execute();
  return id;
}

/** The lead's history, oldest first (at most 500 entries). */
export async function listLeadEvents(db: DbOrTx, workspaceId: string, leadId: string): Promise<LeadEvent[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('lead_events')
    .select(['id', 'kind', 'data', 'actor_label', 'at'])
    .where('lead_id', '=', leadId)
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, data: r.data, actor: r.actor_label, at: r.at.toISOString() }));
}

/** The lead's open handoff task, locked. */
export async function lockOpenHandoffTask(tx: Tx, workspaceId: string, leadId: string): Promise<Row<'tasks'> | undefined> {
  return scoped(tx, workspaceId)
    .selectFrom('tasks')
    .selectAll()
    .where('lead_id', '=', leadId)
    .where('category', '=', 'lead_handoff')
    .where('status', 'in', [...openTaskStatuses])
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Inserts a handoff task unless the lead has an open one (the partial unique index decides, also under concurrent
 * calls). Returns the new task's id, or undefined when one was open.
 */
export async function insertHandoffTask(tx: Tx, row: NewRow<'tasks'> & { lead_id: string }): Promise<string | undefined> {
  const inserted = await tx
    .insertInto('tasks')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'lead_id'])
        .where(sql<boolean>`category = 'lead_handoff' and status in ('todo','in_progress','blocked')`)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** The ids of the lead's tasks, newest first. */
export async function listLeadTaskIds(db: DbOrTx, workspaceId: string, leadId: string): Promise<string[]> {
  const rows = await scoped(db, workspaceId).selectFrom('tasks').select('id').where('lead_id', '=', leadId).orderBy('id', 'desc').limit(100).execute();
  return rows.map((r) => r.id);
}

/**
 * Holds a transaction-long lock on a matching key (an e-mail domain, an address) so concurrent conversions of
 * different leads of one company find one another's account and contact instead of creating two.
 */
export async function lockMatchKey(tx: Tx, workspaceId: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${workspaceId}:${key}`}, 0))`.execute(tx);
}

/** The oldest account of the workspace with this domain. */
export async function findAccountByDomain(db: DbOrTx, workspaceId: string, domain: string): Promise<{ id: string; name: string } | undefined> {
  return scoped(db, workspaceId)
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where(sql<boolean>`lower(domain) = ${domain}`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The oldest contact with this e-mail address, on the account when one is given first. */
export async function findContactByEmail(db: DbOrTx, workspaceId: string, email: string, accountId: string | null) {
  return scoped(db, workspaceId)
    .selectFrom('contacts')
    .select(['id', 'account_id'])
    .where(sql<boolean>`lower(email) = ${email.toLowerCase()}`)
    .orderBy(sql`account_id = ${accountId ?? '00000000-0000-0000-0000-000000000000'}`, 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function findBaseCurrency(db: DbOrTx, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('workspaces').select('base_currency').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return row.base_currency;
}

export async function findUserName(db: DbOrTx, workspaceId: string, id: string): Promise<string | undefined> {
  return (await scoped(db, workspaceId).selectFrom('users').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

/** The account a contact belongs to. */
export async function findContactAccountId(db: DbOrTx, workspaceId: string, contactId: string): Promise<string | undefined> {
  return (await scoped(db, workspaceId).selectFrom('contacts').select('account_id').where('id', '=', contactId).executeTakeFirst())?.account_id;
}

/** A converted lead's tasks without an account get the account and contact it was converted into. */
export async function linkLeadTasks(tx: Tx, workspaceId: string, leadId: string, accountId: string, contactId: string | null): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('tasks')
    .set({ account_id: accountId, contact_id: contactId, updated_at: sql`now()` })
    .where('lead_id', '=', leadId)
    .where('account_id', 'is', null)
    .execute();
}

/** The task's category and lead, when the workspace has it. */
export async function findTaskLead(db: DbOrTx, workspaceId: string, taskId: string): Promise<{ category: string | null; leadId: string | null } | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('tasks').select(['category', 'lead_id']).where('id', '=', taskId).executeTakeFirst();
  return row && { category: row.category, leadId: row.lead_id };
}

/** A lead as rules see it (the record behind a lead event). */
export async function findLeadFacts(db: DbOrTx, workspaceId: string, id: string) {
  const lead = await scoped(db, workspaceId)
    .selectFrom('leads')
    .select(['id', 'title', 'stage', 'need_maturity', 'source', 'priority', 'distributor_id', 'owner_id', 'expected_sale_date', 'opportunity_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    lead && {
      id: lead.id,
      title: lead.title,
      stage: lead.stage,
      needMaturity: lead.need_maturity,
      source: lead.source,
      priority: lead.priority,
      distributorId: lead.distributor_id,
      ownerId: lead.owner_id,
      expectedSaleDate: lead.expected_sale_date,
      opportunityId: lead.opportunity_id,
    }
  );
}
