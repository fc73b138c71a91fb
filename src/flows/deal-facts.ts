// What rules and templates can look at: a deal with its account, contacts, projects and tasks, as plain data.
import { sql } from 'kysely';
import type { DbOrTx } from '../adapters/db/database.ts';

export type DealFacts = {
  deal: {
    id: string;
    name: string;
    amountMinor: number;
    currency: string;
    dealType: string;
    complexity: string;
    closeDate: string | null;
    stage: string;
    stageCategory: string;
    pipelineId: string;
    projectCreation: 'automatic' | 'manual';
    ownerId: string | null;
    paymentTerms: string | null;
    contractVersion: string | null;
    custom: Record<string, unknown>;
  };
  account: { id: string; name: string; status: string; industry: string | null; ownerId: string | null; csmId: string | null; isCustomer: boolean };
  contacts: { id: string; email: string | null; buyingRole: string | null }[];
  projects: { id: string; name: string; status: string; ownerId: string | null }[];
  tasks: { id: string; title: string; templateKey: string | null; status: string; role: string | null; ownerId: string | null; dueDate: string | null }[];
  workspace: { timeZone: string };
  /** The customer-success handoff: its review status, and what the CSM asked and the scope contradicts (for messages). */
  handoff: { id: string; status: string; returns: number; score: number | null; questions: string; conflicts: string } | null;
};

/** Loads the facts about a deal; undefined when it is not in the workspace. */
export async function loadDealFacts(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<DealFacts | undefined> {
  const row = await db
    .selectFrom('opportunities as o')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .innerJoin('pipelines as p', 'p.id', 'o.pipeline_id')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('workspaces as w', 'w.id', 'o.workspace_id')
    .select([
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
    ])
    .where('o.workspace_id', '=', workspaceId)
    .where('o.id', '=', opportunityId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [contacts, projects, tasks, earlierWins, brief] = await Promise.all([
    db
      .selectFrom('contacts')
      .select(['id', 'email', 'buying_role'])
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', row.account_id)
      .orderBy('id')
      .limit(200)
      .execute(),
    db
      .selectFrom('projects as pr')
      .select(['pr.id', 'pr.name', 'pr.status', 'pr.owner_id'])
      .where('pr.workspace_id', '=', workspaceId)
      .where('pr.account_id', '=', row.account_id)
      .orderBy('pr.id')
      .execute(),
    db
      .selectFrom('tasks')
      .select(['id', 'title', 'template_key', 'status', 'role', 'owner_id', 'due_date'])
      .where('workspace_id', '=', workspaceId)
      .where('opportunity_id', '=', opportunityId)
      .orderBy('position')
      .limit(500)
      .execute(),
    db
      .selectFrom('deal_outcomes')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('outcome', '=', 'won')
      .where('reopened_at', 'is', null)
      .where('opportunity_id', '!=', opportunityId)
      .where('opportunity_id', 'in', (eb) =>
        eb.selectFrom('opportunities').select('id').where('workspace_id', '=', workspaceId).where('account_id', '=', row.account_id),
      )
      .limit(1)
      .execute(),
    db
      .selectFrom('handoff_briefs as b')
      .select([
        'b.id',
        'b.status',
        'b.returns',
        'b.scores',
        (eb) =>
          eb
            .selectFrom('brief_items as i')
            .select(sql<string>`string_agg(coalesce(i.edit->>'text', i.extracted->>'text'), ' ' order by i.created_at)`.as('q'))
            .whereRef('i.brief_id', '=', 'b.id')
            .where('i.kind', '=', 'question')
            .where('i.raised_by_label', 'is not', null)
            .where('i.answer', 'is', null)
            .where('i.dismissed_at', 'is', null)
            .as('questions'),
        (eb) =>
          eb
            .selectFrom('brief_conflicts as c')
            .select(sql<string>`string_agg(c.summary, '; ' order by c.created_at)`.as('c'))
            .whereRef('c.brief_id', '=', 'b.id')
            .where('c.status', '=', 'open')
            .where('c.withdrawn_at', 'is', null)
            .as('conflicts'),
      ])
      .where('b.workspace_id', '=', workspaceId)
      .where('b.opportunity_id', '=', opportunityId)
      .executeTakeFirst(),
  ]);
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
    },
    account: {
      id: row.account_id,
      name: row.account_name,
      status: row.account_status,
      industry: row.account_industry,
      ownerId: row.account_owner_id,
      csmId: row.account_csm_id,
      isCustomer: earlierWins.length > 0,
    },
    contacts: contacts.map((c) => ({ id: c.id, email: c.email, buyingRole: c.buying_role })),
    projects: projects.map((p) => ({ id: p.id, name: p.name, status: p.status, ownerId: p.owner_id })),
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      templateKey: t.template_key,
      status: t.status,
      role: t.role,
      ownerId: t.owner_id,
      dueDate: t.due_date,
    })),
    workspace: { timeZone: row.time_zone },
    handoff: brief
      ? {
          id: brief.id,
          status: brief.status,
          returns: brief.returns,
          score:
            typeof (brief.scores as { overall?: { score?: unknown } })?.overall?.score === 'number'
              ? (brief.scores as { overall: { score: number } }).overall.score
              : null,
          questions: brief.questions ?? '',
          conflicts: brief.conflicts ?? '',
        }
      : null,
  };
}
