// Loads a deal's facts (domain/deal-facts.ts) in one statement: the deal, its account, contacts, projects, tasks and handoff.
import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DealFacts } from '../../domain/deal-facts.ts';
import type { DbOrTx } from './database.ts';
import { prepared } from './prepared.ts';
import { scoped, scopedIn } from './scope.ts';

export type { DealFacts };

/**
 * Loads the facts about a deal; undefined when it is not in the workspace. With `lock` (in a transaction) the deal's
 * row is locked first, as every change of a deal does (lock order: deal, then brief, then project).
 */
export async function loadDealFacts(db: DbOrTx, workspaceId: string, opportunityId: string, options: { lock?: boolean } = {}): Promise<DealFacts | undefined> {
  let query = scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .innerJoin('pipelines as p', 'p.id', 'o.pipeline_id')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('workspaces as w', 'w.id', 'o.workspace_id')
    .select((eb) => [
      'o.id',
      'o.name',
      'o.amount_minor',
      'o.currency',
      'o.deal_type',
      'o.complexity',
      'o.close_date',
      'o.pipeline_id',
      'o.owner_id',
      'o.payment_terms',
      'o.contract_version',
      'o.custom_fields',
      's.name as stage_name',
      's.category as stage_category',
      'p.project_creation',
      'a.id as account_id',
      'a.name as account_name',
      'a.status as account_status',
      'a.industry as account_industry',
      'a.owner_id as account_owner_id',
      'a.csm_id as account_csm_id',
      'w.time_zone',
      'w.config_version',
      jsonArrayFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('contacts as c')
          .select(['c.id', 'c.email', 'c.buying_role as buyingRole'])
          .whereRef('c.account_id', '=', 'o.account_id')
          .orderBy('c.id')
          .limit(200),
      ).as('contacts'),
      jsonArrayFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('projects as pr')
          .select(['pr.id', 'pr.name', 'pr.status', 'pr.owner_id as ownerId'])
          .whereRef('pr.account_id', '=', 'o.account_id')
          .orderBy('pr.id'),
      ).as('projects'),
      jsonArrayFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('tasks as t')
          .select(['t.id', 't.title', 't.template_key as templateKey', 't.status', 't.role', 't.owner_id as ownerId', 't.due_date as dueDate'])
          .whereRef('t.opportunity_id', '=', 'o.id')
          .orderBy('t.position')
          .limit(500),
      ).as('tasks'),
      scopedIn(eb, workspaceId).selectFrom('project_deals as pd').select('pd.project_id').whereRef('pd.opportunity_id', '=', 'o.id').limit(1).as('project_id'),
      eb
        .exists(
          scopedIn(eb, workspaceId)
            .selectFrom('deal_outcomes as w2')
            .innerJoin('opportunities as o2', 'o2.id', 'w2.opportunity_id')
            .select('w2.id')
            .where('w2.outcome', '=', 'won')
            .where('w2.reopened_at', 'is', null)
            .whereRef('o2.account_id', '=', 'o.account_id')
            .whereRef('w2.opportunity_id', '!=', 'o.id'),
        )
        .as('is_customer'),
      jsonObjectFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('handoff_briefs as b')
          .select((hb) => [
            'b.id',
            'b.status',
            'b.returns',
            sql<number | null>`(b.scores->'overall'->>'score')::numeric`.as('score'),
            hb
              .selectFrom('brief_items as i')
              .select(sql<string>`coalesce(string_agg(coalesce(i.edit->>'text', i.extracted->>'text'), ' ' order by i.created_at), '')`.as('q'))
              .whereRef('i.brief_id', '=', 'b.id')
              .where('i.kind', '=', 'question')
              .where('i.raised_by_label', 'is not', null)
              .where('i.answer', 'is', null)
              .where('i.dismissed_at', 'is', null)
              .as('questions'),
            hb
              .selectFrom('brief_conflicts as c')
              .select(sql<string>`coalesce(string_agg(c.summary, '; ' order by c.created_at), '')`.as('c'))
              .whereRef('c.brief_id', '=', 'b.id')
              .where('c.status', '=', 'open')
              .where('c.withdrawn_at', 'is', null)
              .as('conflicts'),
          ])
          .whereRef('b.opportunity_id', '=', 'o.id'),
      ).as('handoff'),
    ])
    .where('o.id', '=', opportunityId);
  if (options.lock) query = query.forUpdate('o');
  // Planned once per connection: planning this statement (13 tables and their indexes) cost more than running it.
  query = query.modifyFront(prepared('deal-facts'));
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const handoff = row.handoff;
  return {
    deal: {
      id: row.id,
      name: row.name,
      amountMinor: row.amount_minor,
      currency: row.currency,
      dealType: row.deal_type,
      complexity: row.complexity,
      closeDate: row.close_date,
      stage: row.stage_name,
      stageCategory: row.stage_category,
      pipelineId: row.pipeline_id,
      projectCreation: row.project_creation as 'automatic' | 'manual',
      ownerId: row.owner_id,
      paymentTerms: row.payment_terms,
      contractVersion: row.contract_version,
      custom: row.custom_fields ?? {},
      projectId: row.project_id ?? null,
    },
    account: {
      id: row.account_id,
      name: row.account_name,
      status: row.account_status,
      industry: row.account_industry,
      ownerId: row.account_owner_id,
      csmId: row.account_csm_id,
      isCustomer: !!row.is_customer,
    },
    contacts: row.contacts,
    projects: row.projects,
    tasks: row.tasks,
    workspace: { timeZone: row.time_zone, configVersion: row.config_version },
    handoff: handoff
      ? {
          id: handoff.id,
          status: handoff.status,
          returns: handoff.returns,
          score: handoff.score === null ? null : Number(handoff.score),
          questions: handoff.questions ?? '',
          conflicts: handoff.conflicts ?? '',
        }
      : null,
  };
}
