// The fields a rule's condition may read, with a label and a type each: the deal facts (domain/deal-facts.ts), the
// event, the task or project behind it, and the workspace's custom deal fields. The rule editor builds its pickers from
// this list and saving a rule refuses a condition on a field that is not in it.
import { briefStatuses } from '../brief/review.ts';
import { leadPriorities, leadStages, needMaturities } from '../leads.ts';
import { accountStatuses, buyingRoles, complexities } from '../opportunity.ts';
import { projectStatuses, taskStatuses } from '../project-plan.ts';
import type { Comparison } from './conditions.ts';

/** money: integer minor units (shown in currency units); person: a user id; stage: a stage name; choice: one of `options`. */
export const fieldTypes = ['text', 'number', 'money', 'date', 'boolean', 'choice', 'stage', 'person'] as const;
export type FieldType = (typeof fieldTypes)[number];

export type FieldOption = { value: string; label: string };
export type FieldSpec = { path: string; label: string; type: FieldType; options?: FieldOption[] | undefined };
/** A related list a `some` condition looks into ("some task where status is open"), with the fields of one item. */
export type ListSpec = { path: string; label: string; fields: FieldSpec[] };
export type FieldCatalog = { fields: FieldSpec[]; lists: ListSpec[] };

const choice = (...values: string[]): FieldOption[] => values.map((value) => ({ value, label: humanize(value) }));

/** "paymentTerms" or "first_value" in words: "Payment terms", "First value". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  // Initialisms people say as letters stay capitals ("ae_review" is "AE review").
  const spoken = words.replace(/\b(ae|csm|pm|crm|sow|id)\b/g, (w) => w.toUpperCase());
  return spoken.charAt(0).toUpperCase() + spoken.slice(1);
}

const f = (path: string, label: string, type: FieldType, options?: FieldOption[]): FieldSpec => ({ path, label, type, ...(options ? { options } : {}) });

const taskFields = (prefix: string): FieldSpec[] => [
  f(`${prefix}title`, 'Title', 'text'),
  f(`${prefix}templateKey`, 'Template task key', 'text'),
  f(`${prefix}status`, 'Status', 'choice', choice(...taskStatuses)),
  f(`${prefix}role`, 'Team role', 'text'),
  f(`${prefix}ownerId`, 'Owner', 'person'),
  f(`${prefix}dueDate`, 'Due date', 'date'),
];
const projectFields = (prefix: string): FieldSpec[] => [
  f(`${prefix}name`, 'Name', 'text'),
  f(`${prefix}status`, 'Status', 'choice', choice(...projectStatuses)),
  f(`${prefix}ownerId`, 'Owner', 'person'),
];
const prefixed = (label: string, fields: FieldSpec[]): FieldSpec[] => fields.map((x) => ({ ...x, label: `${label}: ${x.label.toLowerCase()}` }));

/** The fields every workspace has; `stages` are the names a stage field may take. */
export function baseFields(stages: readonly string[] = []): FieldSpec[] {
  const stageOptions = [...new Set(stages)].map((s) => ({ value: s, label: s }));
  return [
    f('deal.name', 'Deal name', 'text'),
    f('deal.amountMinor', 'Deal amount', 'money'),
    f('deal.currency', 'Deal currency', 'text'),
    f('deal.dealType', 'Deal type', 'text'),
    f('deal.complexity', 'Deal complexity', 'choice', choice(...complexities)),
    f('deal.closeDate', 'Deal close date', 'date'),
    f('deal.stage', 'Deal stage', 'stage', stageOptions),
    f('deal.stageCategory', 'Deal stage category', 'choice', choice('open', 'won', 'lost')),
    f('deal.projectCreation', 'Project creation of the pipeline', 'choice', choice('automatic', 'manual')),
    f('deal.ownerId', 'Deal owner', 'person'),
    f('deal.paymentTerms', 'Payment terms', 'text'),
    f('deal.contractVersion', 'Contract version', 'text'),
    f('deal.projectId', 'Deal project', 'text'),
    f('account.name', 'Account name', 'text'),
    f('account.status', 'Account status', 'choice', choice(...accountStatuses)),
    f('account.industry', 'Account industry', 'text'),
    f('account.ownerId', 'Account owner', 'person'),
    f('account.csmId', 'Account CSM', 'person'),
    f('account.isCustomer', 'Account is a customer', 'boolean'),
    f('handoff.status', 'Handoff status', 'choice', choice(...briefStatuses)),
    f('handoff.returns', 'Handoff returns', 'number'),
    f('handoff.score', 'Handoff score', 'number'),
    f('event.type', 'Event type', 'text'),
    f('event.stage', 'Event: stage moved into', 'stage', stageOptions),
    f('event.stageCategory', 'Event: category of that stage', 'choice', choice('open', 'won', 'lost')),
    f('event.field', 'Event: field changed', 'text'),
    f('event.to', 'Event: value it became', 'text'),
    f('event.from', 'Event: value it was', 'text'),
    f('event.depth', 'Event: automated changes before it', 'number'),
    f('event.outcome', 'Event: approval outcome', 'choice', choice('approved', 'rejected')),
    f('workspace.timeZone', 'Workspace time zone', 'text'),
    ...prefixed('Task', taskFields('task.')),
    ...prefixed('Project', projectFields('project.')),
    f('lead.title', 'Lead: title', 'text'),
    f('lead.stage', 'Lead: stage', 'choice', choice(...leadStages)),
    f('lead.needMaturity', 'Lead: need maturity', 'choice', choice(...needMaturities)),
    f('lead.source', 'Lead: source', 'text'),
    f('lead.priority', 'Lead: priority', 'choice', choice(...leadPriorities)),
    f('lead.distributorId', 'Lead: distributor', 'person'),
    f('lead.ownerId', 'Lead: owner', 'person'),
    f('lead.expectedSaleDate', 'Lead: expected sale date', 'date'),
  ];
}

const baseLists: ListSpec[] = [
  { path: 'tasks', label: 'Tasks of the deal', fields: taskFields('') },
  { path: 'projects', label: "Projects of the deal's account", fields: projectFields('') },
  {
    path: 'contacts',
    label: "Contacts of the deal's account",
    fields: [f('email', 'E-mail', 'text'), f('buyingRole', 'Buying role', 'choice', choice(...buyingRoles))],
  },
];

/** A custom deal field as the workspace has it: its key and the kind of value seen. */
export type CustomField = { key: string; type: 'text' | 'number' | 'boolean' };

/** The catalog of a workspace: the base fields, its stages, and its custom deal fields as deal.custom.<key>. */
export function fieldCatalog(input: { stages?: readonly string[]; customFields?: readonly CustomField[] }): FieldCatalog {
  const custom = [...new Map((input.customFields ?? []).map((c) => [c.key, c])).values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((c) => f(`deal.custom.${c.key}`, `${humanize(c.key)} (custom)`, c.type));
  return { fields: [...baseFields(input.stages), ...custom], lists: baseLists };
}

/** The comparisons that make sense for a type, in the order a picker offers them. */
export function operatorsFor(type: FieldType): Comparison[] {
  switch (type) {
    case 'number':
    case 'money':
    case 'date':
      return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'exists', 'not_exists'];
    case 'boolean':
      return ['eq', 'ne', 'exists', 'not_exists'];
    case 'choice':
    case 'stage':
    case 'person':
      return ['eq', 'ne', 'in', 'not_in', 'exists', 'not_exists'];
    case 'text':
      return ['eq', 'ne', 'contains', 'in', 'not_in', 'exists', 'not_exists'];
    default:
      return assertNever(type);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
