// What rules, templates and messages can look at about a deal: the deal with its account, contacts, projects,
// tasks and handoff, as plain data (conditions read it by path: deal.amountMinor, account.status, tasks ...).
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
    /** The delivery project this deal is part of (its own, or the customer's it was added to). */
    projectId: string | null;
  };
  account: { id: string; name: string; status: string; industry: string | null; ownerId: string | null; csmId: string | null; isCustomer: boolean };
  contacts: { id: string; email: string | null; buyingRole: string | null }[];
  projects: { id: string; name: string; status: string; ownerId: string | null }[];
  tasks: { id: string; title: string; templateKey: string | null; status: string; role: string | null; ownerId: string | null; dueDate: string | null }[];
  /** configVersion: the set-up's version when the facts were read (see adapters/db/workspace-config.repo.ts). */
  workspace: { timeZone: string; configVersion: number };
  /** The customer-success handoff: its review status, and what the CSM asked and the scope contradicts (for messages). */
  handoff: { id: string; status: string; returns: number; score: number | null; questions: string; conflicts: string } | null;
};
