// Reading accounts, contacts and deals for a CSV export one page at a time (keyset on the list's own order), with what
// a file needs beside the record: owners by e-mail, a deal's won or lost date and its loss reason.
import type { AccountExportRow, ContactExportRow, DealExportRow } from '../../domain/record-export.ts';
import type { AccountStatus } from '../../domain/opportunity.ts';
import type { DbOrTx } from './database.ts';
import { escapeLike } from './accounts.repo.ts';
import { listOpportunities, type OpportunityFilter } from './opportunities.repo.ts';
import { toPage, type Page } from './page.ts';
import { scoped } from './scope.ts';

/** One page of deals under the deal list's filters and sort, as an export writes them. */
export async function dealExportPage(db: DbOrTx, workspaceId: string, filter: OpportunityFilter): Promise<Page<DealExportRow>> {
  const page = await listOpportunities(db, workspaceId, filter);
  if (page.items.length === 0) return { items: [], next: null };
  const ids = page.items.map((d) => d.id);
  const ownerIds = [...new Set(page.items.map((d) => d.ownerId).filter((id): id is string => !!id))];
  const owners = new Map(
    ownerIds.length === 0
      ? []
      : (await scoped(db, workspaceId).selectFrom('users').select(['id', 'email']).where('id', 'in', ownerIds).execute()).map((u) => [u.id, u.email]),
  );
  const outcomes = new Map(
    (
      await scoped(db, workspaceId)
        .selectFrom('deal_outcomes as d')
        .leftJoin('loss_reasons as r', 'r.id', 'd.loss_reason_id')
        .select(['d.opportunity_id', 'd.close_date', 'd.outcome', 'd.reason', 'r.label'])
        .where('d.opportunity_id', 'in', ids)
        .where('d.reopened_at', 'is', null)
        .execute()
    ).map((o) => [o.opportunity_id, o]),
  );
  return {
    next: page.next,
    items: page.items.map((d) => {
      const outcome = outcomes.get(d.id);
      return {
        id: d.id,
        name: d.name,
        accountName: d.accountName,
        accountId: d.accountId,
        stageName: d.stageName,
        amountMinor: d.amountMinor,
        currency: d.currency,
        closeDate: d.closeDate,
        ownerEmail: d.ownerId ? (owners.get(d.ownerId) ?? null) : null,
        customFields: d.customFields,
        closedOn: outcome?.close_date ?? null,
        lossReason: outcome?.outcome === 'lost' ? (outcome.reason ?? outcome.label) : null,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
      };
    }),
  };
}

export type AccountExportFilter = {
  status?: AccountStatus | undefined;
  ownerId?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** One page of accounts, oldest first, as the accounts list filters them. */
export async function accountExportPage(db: DbOrTx, workspaceId: string, filter: AccountExportFilter): Promise<Page<AccountExportRow>> {
  let q = scoped(db, workspaceId)
    .selectFrom('accounts as a')
    .leftJoin('users as owner', 'owner.id', 'a.owner_id')
    .leftJoin('users as csm', 'csm.id', 'a.csm_id')
    .select(['a.id', 'a.name', 'a.domain', 'a.industry', 'a.status', 'a.created_at', 'a.updated_at', 'owner.email as owner_email', 'csm.email as csm_email']);
  if (filter.status) q = q.where('a.status', '=', filter.status);
  if (filter.ownerId) q = q.where('a.owner_id', '=', filter.ownerId);
  if (filter.q) q = q.where('a.name', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.cursor) q = q.where('a.id', '>', filter.cursor);
  const rows = await q
    .orderBy('a.id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => ({
    id: r.id,
    name: r.name,
    domain: r.domain,
    industry: r.industry,
    status: r.status,
    ownerEmail: r.owner_email,
    csmEmail: r.csm_email,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export type ContactExportFilter = { accountId?: string | undefined; q?: string | undefined; cursor?: string | undefined; limit: number };

/** One page of contacts, oldest first, with their account's name. */
export async function contactExportPage(db: DbOrTx, workspaceId: string, filter: ContactExportFilter): Promise<Page<ContactExportRow>> {
  let q = scoped(db, workspaceId)
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select([
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.phone',
      'c.title',
      'c.buying_role',
      'c.account_id',
      'a.name as account_name',
      'c.created_at',
      'c.updated_at',
    ]);
  if (filter.accountId) q = q.where('c.account_id', '=', filter.accountId);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('c.first_name', 'ilike', like), eb('c.last_name', 'ilike', like), eb('c.email', 'ilike', like)]));
  }
  if (filter.cursor) q = q.where('c.id', '>', filter.cursor);
  const rows = await q
    .orderBy('c.id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    title: r.title,
    buyingRole: r.buying_role,
    accountName: r.account_name,
    accountId: r.account_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
