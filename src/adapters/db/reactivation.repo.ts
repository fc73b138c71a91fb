// Lost deals to bring back: the deals whose standing outcome is a loss, with the reason, the stage they were lost
// from, when, and whether a reactivation sequence is running for them.
import { sql } from 'kysely';
import type { DbOrTx } from './database.ts';
import { toPage, type Page } from './page.ts';
import { scoped } from './scope.ts';

type Ref = { id: string; name: string };

export type LostDeal = {
  id: string;
  name: string;
  account: Ref;
  owner: Ref | null;
  amountMinor: number;
  currency: string;
  lostAt: string;
  /** Whole days since the loss. */
  ageDays: number;
  lossReason: Ref | null;
  lossNote: string | null;
  /** The open stage the deal was lost from (reopening restores it). */
  lostFrom: Ref | null;
  /** Contacts in an active sequence started for this deal. */
  activeEnrolments: number;
};

export type LostDealFilter = {
  lossReasonId?: string | undefined;
  amountMinorMin?: number | undefined;
  amountMinorMax?: number | undefined;
  /** Lost at least this many days ago. */
  minAgeDays?: number | undefined;
  /** Lost at most this many days ago. */
  maxAgeDays?: number | undefined;
  ownerId?: string | undefined;
  accountId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Lost deals, the most recently lost first; the cursor is the last deal's id. */
export async function listLostDeals(db: DbOrTx, workspaceId: string, filter: LostDealFilter, now: Date): Promise<Page<LostDeal>> {
  let q = scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .innerJoin('deal_outcomes as d', (j) => j.onRef('d.opportunity_id', '=', 'o.id').on('d.reopened_at', 'is', null).on('d.outcome', '=', 'lost'))
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('users as u', 'u.id', 'o.owner_id')
    .leftJoin('loss_reasons as r', 'r.id', 'd.loss_reason_id')
    .leftJoin('stages as fs', 'fs.id', 'd.from_stage_id')
    .where('s.category', '=', 'lost')
    .select([
      'o.id',
      'o.name',
      'o.amount_minor',
      'o.currency',
      'a.id as account_id',
      'a.name as account_name',
      'u.id as owner_id',
      'u.name as owner_name',
      'd.created_at as lost_at',
      'd.loss_note',
      'r.id as reason_id',
      'r.label as reason_label',
      'fs.id as from_stage_id',
      'fs.name as from_stage_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('sequence_enrolments as e')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('e.opportunity_id', '=', 'o.id')
        .where('e.status', '=', 'active')
        .as('active_enrolments'),
    );
  if (filter.lossReasonId) q = q.where('d.loss_reason_id', '=', filter.lossReasonId);
  if (filter.amountMinorMin !== undefined) q = q.where('o.amount_minor', '>=', filter.amountMinorMin);
  if (filter.amountMinorMax !== undefined) q = q.where('o.amount_minor', '<=', filter.amountMinorMax);
  if (filter.minAgeDays !== undefined) q = q.where('d.created_at', '<=', new Date(now.getTime() - filter.minAgeDays * 86_400_000));
  if (filter.maxAgeDays !== undefined) q = q.where('d.created_at', '>=', new Date(now.getTime() - filter.maxAgeDays * 86_400_000));
  if (filter.ownerId) q = q.where('o.owner_id', '=', filter.ownerId);
  if (filter.accountId) q = q.where('o.account_id', '=', filter.accountId);
  if (filter.cursor) q = q.where('o.id', '<', filter.cursor);
  const rows = await q
    .orderBy('o.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => ({
    id: r.id,
    name: r.name,
    account: { id: r.account_id, name: r.account_name },
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    lostAt: r.lost_at.toISOString(),
    ageDays: Math.max(0, Math.floor((now.getTime() - r.lost_at.getTime()) / 86_400_000)),
    lossReason: r.reason_id ? { id: r.reason_id, name: r.reason_label ?? '' } : null,
    lossNote: r.loss_note,
    lostFrom: r.from_stage_id ? { id: r.from_stage_id, name: r.from_stage_name ?? '' } : null,
    activeEnrolments: Number(r.active_enrolments ?? 0),
  }));
}

/** The deal's stage category and account, for a reactivation step (locked by the caller first). */
export async function findDealStanding(db: DbOrTx, workspaceId: string, opportunityId: string) {
  return scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .select(['o.id', 'o.name', 'o.account_id', 's.category'])
    .where('o.id', '=', opportunityId)
    .executeTakeFirst();
}

/** The e-mail addressable contacts of an account (a reactivation sequence writes to them). */
export async function listAccountContactIdsWithEmail(db: DbOrTx, workspaceId: string, accountId: string): Promise<string[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('contacts')
    .select('id')
    .where('account_id', '=', accountId)
    .where('email', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
