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
  | 'audit.read';

const grants: Record<Role, readonly Permission[]> = {
  admin: ['crm.read', 'crm.write', 'deal.close', 'activity.write', 'sequence.write', 'users.manage', 'tokens.manage', 'outbox.read', 'outbox.retry', 'audit.read'],
  sales: ['crm.read', 'crm.write', 'deal.close', 'activity.write', 'sequence.write'],
  cs: ['crm.read', 'activity.write'],
  pm: ['crm.read', 'activity.write'],
  ops: ['crm.read', 'activity.write', 'outbox.read', 'outbox.retry', 'audit.read'],
  finance: ['crm.read'],
  legal: ['crm.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
