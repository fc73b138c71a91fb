// Frozen: client documents. Templates in Liquid with their versions (each keeps its body and required fields),
// documents made from a template version with the data they used and their review status, and the e-mail that
// carries a document. Workspaces that exist get the three starting templates (a copy of them as of this migration).
import { sql, type Kysely } from 'kysely';

const templates: { key: string; name: string; description: string; requiredFields: string[]; body: string }[] = [
  {
    key: 'sow',
    name: 'Statement of work',
    description: 'Parties, number, scope and deliverables, milestones, fees and billing schedule, payment terms, acceptance process, out of scope.',
    requiredFields: ['deal.amount', 'terms.billing_schedule', 'terms.payment_terms', 'primary_contact.name', 'owner.name', 'scope.summary', 'scope.milestones'],
    body: '# Statement of work {{ document.number }}\n\n{{ workspace.name }} and {{ account.name }}, {{ document.date }}.\n\n## Parties\n\n| Role | Party | Contact |\n|---|---|---|\n| Provider | {{ workspace.name }} | {{ owner.name }}{% if owner.email %} ({{ owner.email }}){% endif %} |\n| Client | {{ account.name }} | {{ primary_contact.name }}{% if primary_contact.email %} ({{ primary_contact.email }}){% endif %} |\n\n## Scope and deliverables\n\n{{ scope.summary }}\n\n{% if scope.deliverables %}{% for d in scope.deliverables -%}\n- {{ d }}\n{% endfor %}{% endif %}\n## Milestones\n\n| Milestone | Due |\n|---|---|\n{% for m in scope.milestones -%}\n| {{ m.name }} | {{ m.due }} |\n{% endfor %}\n## Fees and billing schedule\n\nThe fees for {{ deal.name }} are {{ deal.amount }}{% if terms.discount_percent %}, after a discount of {{ terms.discount_percent }} %{% endif %}, billed {{ terms.billing_schedule }}.\n\n| Invoice | Amount |\n|---|---|\n{% for i in terms.invoices -%}\n| {{ i.label }} | {{ i.amount }} |\n{% endfor -%}\n| Total | {{ terms.schedule_total }} |\n\n## Payment terms\n\nInvoices are payable {{ terms.payment_terms }}{% if terms.contract_version %}, under {{ terms.contract_version }}{% endif %}.\n\n## Acceptance process\n\nEach deliverable is presented to {{ primary_contact.name }}, who accepts it or lists what is missing within five business days. A deliverable not disputed in that time is accepted.\n\n## Out of scope\n\n{% if scope.out_of_scope %}{{ scope.out_of_scope }}{% else %}Anything not listed under scope and deliverables, including changes requested after acceptance, is agreed separately in writing.{% endif %}\n',
  },
  {
    key: 'welcome_packet',
    name: 'Welcome packet',
    description: 'Who works with the new client and what happens next.',
    requiredFields: ['primary_contact.first_name', 'owner.name', 'owner.email'],
    body: '# Welcome to {{ workspace.name }}, {{ account.name }}\n\nDear {{ primary_contact.first_name }},\n\nThank you for choosing {{ workspace.name }}. This packet tells you who works with you and what happens next.\n\n## Your team\n\n| Role | Name | E-mail |\n|---|---|---|\n| Account executive | {{ owner.name }} | {{ owner.email }} |\n{% if project.owner_name -%}\n| Project manager | {{ project.owner_name }} | {{ project.owner_email }} |\n{% endif %}\n## What happens next\n\n- A kickoff call with your team and ours\n- Set-up and first value{% if project.target_date %}, planned by {{ project.target_date }}{% endif %}\n- Regular check-ins until you are live\n\n{% if scope.milestones %}\n## Milestones\n\n| Milestone | Due |\n|---|---|\n{% for m in scope.milestones -%}\n| {{ m.name }} | {{ m.due }} |\n{% endfor %}\n{% endif %}\nWe look forward to working with you.\n',
  },
  {
    key: 'service_agreement_summary',
    name: 'Service agreement summary',
    description: 'The commercial terms and every non-standard clause, for the client and for legal.',
    requiredFields: ['deal.amount', 'terms.billing_schedule', 'terms.payment_terms', 'terms.contract_version'],
    body: '# Service agreement summary\n\n{{ account.name }} and {{ workspace.name }}: {{ deal.name }}, {{ document.date }}.\n\n## Commercial terms\n\n| Term | Value |\n|---|---|\n| Value | {{ deal.amount }} |\n| Discount | {% if terms.discount_percent %}{{ terms.discount_percent }} %{% else %}none{% endif %} |\n| Billing | {{ terms.billing_schedule }} |\n| Payment terms | {{ terms.payment_terms }} |\n| Contract version | {{ terms.contract_version }} |\n\n## Non-standard clauses\n\n{% if terms.clauses %}{% for c in terms.clauses -%}\n### {{ c.title }}\n\n{{ c.text }}\n\n{% endfor %}{% else %}This agreement has no non-standard clauses.{% endif %}\n',
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table document_templates (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      key text not null check (key ~ '^[a-z][a-z0-9_-]{0,62}$'),
      name text not null check (length(name) between 1 and 200),
      description text,
      current_version integer not null default 1,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, key)
    )`.execute(db);
  await sql`
    create table document_template_versions (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      template_id uuid not null references document_templates(id),
      version integer not null,
      body text not null check (length(body) <= 100000),
      required_fields text[] not null default '{}',
      created_by_label text not null,
      created_at timestamptz not null default now(),
      unique (template_id, version)
    )`.execute(db);
  await sql`
    create table documents (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      opportunity_id uuid not null references opportunities(id),
      template_id uuid not null references document_templates(id),
      template_version integer not null,
      number text not null,
      title text not null,
      revision integer not null default 1,
      replaces_id uuid references documents(id),
      status text not null default 'draft' check (status in ('draft','in_review','approved','rejected','sent')),
      data jsonb not null,
      markup text not null,
      review_comment text,
      submitted_at timestamptz,
      decided_at timestamptz,
      decided_by_label text,
      sent_at timestamptz,
      sent_to text,
      mail_id uuid references mail_messages(id),
      created_by_label text not null,
      origin_run_id uuid references rule_runs(id),
      idempotency_key text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index documents_deal on documents (workspace_id, opportunity_id, created_at)`.execute(db);
  // A rule generates a deal's document from a template version once, however often its trigger repeats.
  await sql`create unique index documents_idempotency on documents (workspace_id, idempotency_key) where idempotency_key is not null`.execute(db);
  await sql`alter table mail_messages add column document_id uuid references documents(id)`.execute(db);

  for (const t of templates) {
    await sql`
      insert into document_templates (id, workspace_id, key, name, description)
      select gen_random_uuid(), w.id, ${t.key}, ${t.name}, ${t.description} from workspaces w`.execute(db);
    await sql`
      insert into document_template_versions (id, workspace_id, template_id, version, body, required_fields, created_by_label)
      select gen_random_uuid(), t.workspace_id, t.id, 1, ${t.body}, ${t.requiredFields}::text[], 'Baton'
      from document_templates t where t.key = ${t.key}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_messages drop column if exists document_id`.execute(db);
  await sql`drop table if exists documents`.execute(db);
  await sql`drop table if exists document_template_versions`.execute(db);
  await sql`drop table if exists document_templates`.execute(db);
}
