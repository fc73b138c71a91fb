// The demo's approval policies: finance approves won deals above 50,000 (in the deal's currency), legal approves any
// deal with a non-standard clause. Won deals above the threshold wait for finance once the automation has run; one
// won deal gets a non-standard clause and waits for legal.
import type { Actor } from '../domain/actor.ts';
import { findPolicyByKey, setManager } from '../adapters/db/approvals.repo.ts';
import { createApprovalPolicy, type PolicyInput } from '../flows/approvals.flow.ts';
import { updateDealTerms } from '../flows/deal-terms.flow.ts';
import type { Deps } from '../flows/deps.ts';

/** Won deals above this amount (minor units) wait for finance. */
export const financeThresholdMinor = 5_000_000;

export const demoPolicies: PolicyInput[] = [
  {
    key: 'finance-large-deals',
    name: 'Finance approval of large deals',
    description: 'Finance checks the value, discount, payment terms and billing schedule of every won deal above 50,000.',
    context: ['finance'],
    condition: {
      all: [
        { field: 'deal.stageCategory', op: 'eq', value: 'won' },
        { field: 'deal.amountMinor', op: 'gt', value: financeThresholdMinor },
      ],
    },
    steps: [{ name: 'Finance review', mode: 'any', approvers: [{ type: 'role', role: 'finance' }] }],
    slaHours: 8,
  },
  {
    key: 'legal-non-standard-clauses',
    name: 'Legal review of non-standard clauses',
    description: 'Legal reads every non-standard clause against the contract version before the documents go out.',
    context: ['legal'],
    condition: { field: 'terms.clauseCount', op: 'gt', value: 0 },
    steps: [{ name: 'Legal review', mode: 'any', approvers: [{ type: 'role', role: 'legal' }] }],
    slaHours: 16,
  },
];

/** Adds the policies a workspace lacks (by key), and gives finance, legal and the sellers a manager to escalate to. */
export async function seedApprovalPolicies(
  deps: Deps,
  ctx: { workspaceId: string; actor: Actor },
  managers: { managerId: string; of: string[] },
): Promise<void> {
  for (const policy of demoPolicies) {
    if (await findPolicyByKey(deps.db, ctx.workspaceId, policy.key)) continue;
    await createApprovalPolicy(deps, ctx, policy);
  }
  await deps.db.transaction().execute(async (tx) => {
    for (const id of managers.of) await setManager(tx, ctx.workspaceId, id, managers.managerId);
  });
}

/** One won deal gets a non-standard clause: its terms change, and the legal policy requests its review. */
export async function seedLegalClause(deps: Deps, ctx: { workspaceId: string; actor: Actor }, opportunityId: string): Promise<void> {
  await updateDealTerms(deps, ctx, opportunityId, {
    clauses: [
      {
        title: 'Termination for convenience',
        text: 'The client may terminate this agreement for convenience after six months with 30 days written notice; fees for work delivered remain due.',
      },
    ],
  });
}
