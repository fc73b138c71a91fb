// The handoff with documents and approvals on (issue 11): the bench workspace gets the starting document templates,
// the terms a statement of work needs on every deal (an upfront billing schedule, payment terms, a contract version,
// a scope), a finance approval policy that every bench deal meets when won (over 10,000 EUR), and the rule
// "won: generate the statement of work and put it in review". Each handoff then also freezes a finance approval
// request (its approver told) and renders, numbers and stores a SOW in review.
import { sql } from 'kysely';
import type { Db } from '../src/adapters/db/database.ts';
import { listRules } from '../src/adapters/db/rules.repo.ts';
import type { Actor } from '../src/domain/actor.ts';
import { createApprovalPolicy } from '../src/flows/approvals.flow.ts';
import { seedDocumentTemplates } from '../src/flows/documents.flow.ts';
import { createRule } from '../src/flows/rules.flow.ts';
import { silentLog } from './baton.ts';
import type { BenchWorkspace } from './seed.ts';

const system: Actor = { type: 'system', id: null, label: 'bench seed' };

export type DocumentsSetup = {
  /** Active finance users: the policy's approvers, each told of every request. */
  financeUserIds: string[];
};

export async function addDocumentsAndApprovals(db: Db, w: BenchWorkspace): Promise<DocumentsSetup> {
  const ws = w.workspaceId;
  const deps = { db, log: silentLog, now: () => new Date(), wakeOutbox: () => {} };
  const ctx = { workspaceId: ws, actor: system };
  await seedDocumentTemplates(deps, ctx);
  await sql`
    update opportunities set
      payment_terms = 'net 30',
      contract_version = 'MSA v4.0',
      custom_fields = custom_fields || jsonb_build_object('scope', 'Roll out scheduling to ' || name || ', with training and a data migration.')
    where workspace_id = ${ws}`.execute(db);
  await sql`
    insert into deal_terms (opportunity_id, workspace_id, billing_schedule)
    select id, workspace_id, jsonb_build_object('kind', 'upfront', 'amountMinor', amount_minor) from opportunities where workspace_id = ${ws}
    on conflict (opportunity_id) do update set billing_schedule = excluded.billing_schedule`.execute(db);
  await createApprovalPolicy(deps, ctx, {
    key: 'finance-over-10k',
    name: 'Finance approval over 10,000',
    context: ['finance'],
    condition: {
      all: [
        { field: 'deal.stageCategory', op: 'eq', value: 'won' },
        { field: 'deal.amountMinor', op: 'gt', value: 1_000_000 },
      ],
    },
    steps: [{ name: 'Finance', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
  });
  await createRule(deps, ctx, {
    key: 'won-sow',
    name: 'Won deal: the statement of work, in review',
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'sow', type: 'generate_document', params: { template: 'sow', review: 'submit' } }],
    position: 40,
  });
  // The runs a win starts now include this rule's.
  w.delivery.wonRules = (await listRules(db, ws)).filter((r) => r.enabled && r.trigger.event === 'deal.stage_changed' && r.trigger.toCategory === 'won');
  const finance = await db.selectFrom('users').select('id').where('workspace_id', '=', ws).where('role', '=', 'finance').where('active', '=', true).execute();
  return { financeUserIds: finance.map((u) => u.id) };
}
