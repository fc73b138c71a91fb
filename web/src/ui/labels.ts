// The words the app shows for the keys the API sends: people's roles, event types, audit actions,
// and the kinds of record an event or a change is about (with the page each one has). One place, so a key reads
// the same on every page (team roles come from the roster: roleNameOf in modules/team; the rule editor's words for
// roles, channels and recipients from the rules catalog, which reads src/domain/rules/names.ts as this module does).
import { isRole, type Role } from '../../../src/domain/roles.ts';
import { personRoleLabels } from '../../../src/domain/rules/names.ts';
import { humanize } from './format.ts';

/** One person's role ("Project manager"). Rules name everyone with a role, channels and recipients from the catalog. */
export const roleLabel = (role: string): string => (isRole(role) ? personRoleLabels[role] : humanize(role));
/** The short form the top bar has room for ("Admin", "Ops", "CS"), as people say it. */
const roleShortNames: Record<Role, string> = { admin: 'Admin', sales: 'Sales', cs: 'CS', pm: 'PM', ops: 'Ops', finance: 'Finance', legal: 'Legal' };
export const roleShortLabel = (role: string): string => (isRole(role) ? roleShortNames[role] : humanize(role));

/** The kinds of record, as a user calls them. */
const recordNames: Record<string, string> = {
  opportunity: 'Deal',
  deal: 'Deal',
  account: 'Account',
  contact: 'Contact',
  activity: 'Activity',
  project: 'Project',
  task: 'Task',
  handoff_brief: 'Handoff brief',
  brief: 'Handoff brief',
  handoff: 'Handoff',
  kickoff: 'Kickoff',
  first_value: 'First value',
  scope_document: 'Scope document',
  sequence: 'Sequence',
  sequence_enrolment: 'Sequence enrolment',
  enrolment: 'Sequence enrolment',
  deal_outcome: 'Win or loss',
  outcome: 'Win or loss',
  rule: 'Rule',
  rule_run: 'Rule run',
  run: 'Rule run',
  pipeline: 'Pipeline',
  loss_reason: 'Loss reason',
  team_role: 'Team role',
  calendar: 'Calendar',
  project_template: 'Project template',
  template: 'Project template',
  api_token: 'API token',
  token: 'API token',
  user: 'Person',
  saved_view: 'Saved view',
  view: 'Saved view',
  workspace: 'Workspace',
  import: 'Import',
  webhooks: 'Webhooks',
  mail: 'E-mail',
  lead: 'Lead',
};

export const recordTypeLabel = (type: string): string => recordNames[type] ?? humanize(type);

/** What happened, for the verbs whose words differ from the key. */
const verbNames: Record<string, string> = {
  on_hold: 'put on hold',
  owner_set: 'given an owner',
  reopen_cleared: 'no longer reopened',
  hosts_updated: 'allowed hosts changed',
  kickoff_recorded: 'kickoff recorded',
  first_value_recorded: 'first value recorded',
  logged: 'logged',
  recorded: 'recorded',
  phases_added: 'phases added',
};

/** "deal.won" -> "Deal won", "project.created" -> "Project created", "opportunity.stage_changed" -> "Deal stage changed". */
function keyLabel(key: string): string {
  const dot = key.indexOf('.');
  if (dot < 0) return humanize(key);
  const record = key.slice(0, dot);
  const verb = key.slice(dot + 1);
  return `${recordTypeLabel(record)} ${verbNames[verb] ?? verb.replace(/[_-]+/g, ' ')}`;
}

/** Event types whose words say more than the key. */
const eventNames: Record<string, string> = {
  'deal.field_changed': 'Deal field changed',
  'activity.logged': 'Note, call or e-mail logged',
  'mail.requested': 'E-mail queued',
  'handoff.created': 'Handoff brief prepared',
  'handoff.submitted': 'Handoff sent to the CSM',
  'handoff.returned': 'Handoff returned with questions',
  'first_value.reached': 'First value reached',
  'first_value.missed': 'First value missed',
  'project.deal_added': "A deal's phases added to the customer's project",
};

export const eventTypeLabel = (type: string): string => eventNames[type] ?? keyLabel(type);

const auditNames: Record<string, string> = {
  'outcome.recorded': 'Win or loss recorded',
  'account.activated': 'Account became a client',
  'activity.logged': 'Activity logged',
  'brief.reopened': 'Handoff brief marked reopened',
  'task.commented': 'Task commented',
};

export const auditActionLabel = (action: string): string => auditNames[action] ?? keyLabel(action);

/** The page of a record, when the app has one. */
export function recordPath(type: string | null | undefined, id: string | null | undefined): string | null {
  if (!type || !id) return null;
  const at = encodeURIComponent(id);
  switch (type) {
    case 'opportunity':
      return `/opportunities/${at}`;
    case 'account':
      return `/accounts/${at}`;
    case 'project':
      return `/projects/${at}`;
    case 'task':
      return `/tasks/${at}`;
    case 'lead':
      return `/leads/${at}`;
    case 'rule':
      return `/rules/${at}`;
    case 'rule_run':
    case 'run':
      return `/runs/${at}`;
    case 'project_template':
      return `/settings/templates/${at}`;
    // An import has no page of its own: its history lists it with its report.
    case 'import':
      return '/imports/deals';
    default:
      return null;
  }
}

const leadingEventKey = /^([a-z_]+\.[a-z_]+)(:\s|$)/;

/** What started a run, as the engine wrote it ("deal.won: deal … moved to Closed won"), with the event in words. */
export const triggerText = (text: string): string => text.replace(leadingEventKey, (_, key: string, rest: string) => `${eventTypeLabel(key)}${rest}`);

/** An approval request's state, as finance and legal say it. */
const approvalStatusNames: Record<string, string> = { pending: 'Waiting', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' };
export const approvalStatusLabel = (status: string): string => approvalStatusNames[status] ?? humanize(status);

/** How a deal is invoiced (the billing schedule's kind). */
const billingKindNames: Record<string, string> = {
  upfront: 'Upfront',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annually: 'Annually',
  milestones: 'Milestones',
};
export const billingKindLabel = (kind: string | null | undefined): string => (kind ? (billingKindNames[kind] ?? humanize(kind)) : 'No schedule');
