// Roles and what each may do. The permission table is the one place access is decided.
export const roles = ['admin', 'sales', 'cs', 'pm', 'ops', 'finance', 'legal'] as const;
export type Role = (typeof roles)[number];

export type Permission =
  | 'crm.read'
  | 'crm.write'
  | 'deal.close'
  | 'activity.write'
  | 'sequence.write'
  | 'users.manage'
  | 'tokens.manage'
  | 'outbox.read'
  | 'outbox.retry'
  | 'audit.read'
  | 'project.write'
  | 'task.write'
  | 'templates.manage'
  | 'rules.manage'
  | 'team.manage'
  | 'brief.write'
  /** Change anyone's handoff people (the AE, the CSM, an item's owner); the deal's own AE may too. */
  | 'brief.assign'
  /** The webhook allow-list, and reading webhook signing secrets and responses. */
  | 'webhooks.manage'
  /** Create pipelines, change, reorder and archive their stages. */
  | 'pipelines.manage'
  /** The service's health in detail: the database, the outbox and rule-run backlog. */
  | 'health.read'
  /** A deal's billing schedule, discount, payment terms, contract version and clauses. */
  | 'terms.write'
  /** Generate a client document from a template and submit it for review. */
  | 'documents.write'
  /** Approve or reject a client document in review (finance and legal). */
  | 'documents.approve'
  /** E-mail an approved document to the client. */
  | 'documents.send'
  /**
   * The mailbox: the workspace's outgoing mail, its bodies and the client documents' PDFs it carried. Whoever sends
   * client documents (sales, cs, ops) needs to see that they went out and where; admins and ops run the mail. Finance
   * and legal decide on documents, they do not send them (their context is the approval), and pm sends none.
   */
  | 'mail.read'
  /** Create and change approval policies (the conditions and chains of finance and legal approvals). */
  | 'approvals.manage';

const grants: Record<Role, readonly Permission[]> = {
  admin: [
    'crm.read',
    'crm.write',
    'deal.close',
    'activity.write',
    'sequence.write',
    'users.manage',
    'tokens.manage',
    'outbox.read',
    'outbox.retry',
    'audit.read',
    'project.write',
    'task.write',
    'templates.manage',
    'rules.manage',
    'team.manage',
    'brief.write',
    'brief.assign',
    'webhooks.manage',
    'pipelines.manage',
    'health.read',
    'terms.write',
    'documents.write',
    'documents.approve',
    'documents.send',
    'mail.read',
    'approvals.manage',
  ],
  sales: [
    'crm.read',
    'crm.write',
    'deal.close',
    'activity.write',
    'sequence.write',
    'task.write',
    'brief.write',
    'terms.write',
    'documents.write',
    'documents.send',
    'mail.read',
  ],
  cs: ['crm.read', 'activity.write', 'project.write', 'task.write', 'brief.write', 'documents.write', 'documents.send', 'mail.read'],
  pm: ['crm.read', 'activity.write', 'project.write', 'task.write', 'templates.manage', 'brief.write', 'documents.write'],
  ops: [
    'crm.read',
    'activity.write',
    'outbox.read',
    'outbox.retry',
    'audit.read',
    'project.write',
    'task.write',
    'templates.manage',
    'rules.manage',
    'team.manage',
    'brief.write',
    'brief.assign',
    'pipelines.manage',
    'documents.write',
    'documents.send',
    'mail.read',
  ],
  finance: ['crm.read', 'task.write', 'terms.write', 'documents.approve', 'approvals.manage'],
  legal: ['crm.read', 'task.write', 'terms.write', 'documents.approve', 'approvals.manage'],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
