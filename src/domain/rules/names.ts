// The words the rule editor shows for the keys a rule stores: roles, who a notification goes to, its channel.
import type { Role } from '../roles.ts';
import type { Channel, RecipientType } from './actions.ts';

export const roleLabels: Record<Role, string> = {
  admin: 'Administrators',
  sales: 'Sales',
  cs: 'Customer success',
  pm: 'Project managers',
  ops: 'Operations',
  finance: 'Finance',
  legal: 'Legal',
};

/** One person's role ("Project manager"); roleLabels name everyone who has it. */
export const personRoleLabels: Record<Role, string> = {
  admin: 'Administrator',
  sales: 'Sales',
  cs: 'Customer success',
  pm: 'Project manager',
  ops: 'Operations',
  finance: 'Finance',
  legal: 'Legal',
};

export const recipientTypeLabels: Record<RecipientType, string> = {
  role: 'Everyone with a role',
  team: 'A team role (from the roster)',
  user: 'A person',
  deal_owner: 'The deal owner',
  account_csm: "The account's CSM",
  handoff_csm: "The handoff brief's CSM (the account's when the brief names none)",
  project_owner: 'The project owner',
  account_watchers: "The account's watchers (the sales rep after the handoff call)",
};

export const channelLabels: Record<Channel, string> = { in_app: 'In the app', email: 'By e-mail', both: 'In the app and by e-mail' };

/** A key with its words, as the catalog sends them. */
export const named = <K extends string>(labels: Record<K, string>) => (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
