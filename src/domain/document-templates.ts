// Client document templates: what a template declares (its required fields), how missing data is found before
// anything renders, and the three templates a workspace starts with.

export type DocumentTemplateDefinition = {
  key: string;
  name: string;
  description: string;
  /** Paths in the document's data (deal.amount, terms.billing_schedule ...) that must have a value. */
  requiredFields: string[];
  body: string;
};

/** The roots of a document's data; a required field or a template variable starts with one of them. */
export const documentDataRoots = ['deal', 'account', 'contacts', 'primary_contact', 'project', 'owner', 'terms', 'workspace', 'scope', 'document'] as const;

export const requiredFieldPattern = /^[a-z_]+(\.[a-z_][a-z0-9_]*)*$/;

/** Problems with a template's declared fields: each a path under one of the data roots. */
export function checkRequiredFields(fields: readonly string[], base = 'body:/requiredFields'): { path: string; message: string }[] {
  return fields.flatMap((f, i) =>
    !requiredFieldPattern.test(f) || !(documentDataRoots as readonly string[]).includes(f.split('.')[0]!)
      ? [{ path: `${base}/${i}`, message: `"${f}" is not a path in the document's data (it starts with one of ${documentDataRoots.join(', ')})` }]
      : [],
  );
}

const valueAt = (data: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, key) => (v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined), data);

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** The required fields the data has no value for (empty text and empty lists count as missing), in declared order. */
export function missingFields(data: unknown, required: readonly string[]): string[] {
  return required.filter((path) => isBlank(valueAt(data, path)));
}

/** Drops nulls, empty texts and empty lists, so that a template reaching for a value the deal lacks fails instead of rendering a blank. */
export function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!isBlank(v)) out[k] = withoutBlanks(v);
    return out;
  }
  return value;
}

const sow = `# Statement of work {{ document.number }}

{{ workspace.name }} and {{ account.name }}, {{ document.date }}.

## Parties

| Role | Party | Contact |
|---|---|---|
| Provider | {{ workspace.name }} | {{ owner.name }}{% if owner.email %} ({{ owner.email }}){% endif %} |
| Client | {{ account.name }} | {{ primary_contact.name }}{% if primary_contact.email %} ({{ primary_contact.email }}){% endif %} |

## Scope and deliverables

{{ scope.summary }}

{% if scope.deliverables %}{% for d in scope.deliverables -%}
- {{ d }}
{% endfor %}{% endif %}
## Milestones

| Milestone | Due |
|---|---|
{% for m in scope.milestones -%}
| {{ m.name }} | {{ m.due }} |
{% endfor %}
## Fees and billing schedule

The fees for {{ deal.name }} are {{ deal.amount }}{% if terms.discount_percent %}, after a discount of {{ terms.discount_percent }} %{% endif %}, billed {{ terms.billing_schedule }}.

| Invoice | Amount |
|---|---|
{% for i in terms.invoices -%}
| {{ i.label }} | {{ i.amount }} |
{% endfor -%}
| Total | {{ terms.schedule_total }} |

## Payment terms

Invoices are payable {{ terms.payment_terms }}{% if terms.contract_version %}, under {{ terms.contract_version }}{% endif %}.

## Acceptance process

Each deliverable is presented to {{ primary_contact.name }}, who accepts it or lists what is missing within five business days. A deliverable not disputed in that time is accepted.

## Out of scope

{% if scope.out_of_scope %}{{ scope.out_of_scope }}{% else %}Anything not listed under scope and deliverables, including changes requested after acceptance, is agreed separately in writing.{% endif %}
`;

const welcome = `# Welcome to {{ workspace.name }}, {{ account.name }}

Dear {{ primary_contact.first_name }},

Thank you for choosing {{ workspace.name }}. This packet tells you who works with you and what happens next.

## Your team

| Role | Name | E-mail |
|---|---|---|
| Account executive | {{ owner.name }} | {{ owner.email }} |
{% if project.owner_name -%}
| Project manager | {{ project.owner_name }} | {{ project.owner_email }} |
{% endif %}
## What happens next

- A kickoff call with your team and ours
- Set-up and first value{% if project.target_date %}, planned by {{ project.target_date }}{% endif %}
- Regular check-ins until you are live

{% if scope.milestones %}
## Milestones

| Milestone | Due |
|---|---|
{% for m in scope.milestones -%}
| {{ m.name }} | {{ m.due }} |
{% endfor %}
{% endif %}
We look forward to working with you.
`;

const summary = `# Service agreement summary

{{ account.name }} and {{ workspace.name }}: {{ deal.name }}, {{ document.date }}.

## Commercial terms

| Term | Value |
|---|---|
| Value | {{ deal.amount }} |
| Discount | {% if terms.discount_percent %}{{ terms.discount_percent }} %{% else %}none{% endif %} |
| Billing | {{ terms.billing_schedule }} |
| Payment terms | {{ terms.payment_terms }} |
| Contract version | {{ terms.contract_version }} |

## Non-standard clauses

{% if terms.clauses %}{% for c in terms.clauses -%}
### {{ c.title }}

{{ c.text }}

{% endfor %}{% else %}This agreement has no non-standard clauses.{% endif %}
`;

/** What a new workspace starts with; admins change them like any other template (a change is a new version). */
export const defaultDocumentTemplates: DocumentTemplateDefinition[] = [
  {
    key: 'sow',
    name: 'Statement of work',
    description: 'Parties, number, scope and deliverables, milestones, fees and billing schedule, payment terms, acceptance process, out of scope.',
    requiredFields: ['deal.amount', 'terms.billing_schedule', 'terms.payment_terms', 'primary_contact.name', 'owner.name', 'scope.summary', 'scope.milestones'],
    body: sow,
  },
  {
    key: 'welcome_packet',
    name: 'Welcome packet',
    description: 'Who works with the new client and what happens next.',
    requiredFields: ['primary_contact.first_name', 'owner.name', 'owner.email'],
    body: welcome,
  },
  {
    key: 'service_agreement_summary',
    name: 'Service agreement summary',
    description: 'The commercial terms and every non-standard clause, for the client and for legal.',
    requiredFields: ['deal.amount', 'terms.billing_schedule', 'terms.payment_terms', 'terms.contract_version'],
    body: summary,
  },
];
