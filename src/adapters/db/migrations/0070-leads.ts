// Frozen: leads and their handoff to sales. A lead with its stage, need maturity, source, the contact and account
// when known, its distributor and owner, the handoff details a distributor filled in, and the deal it became; its
// history; the workspace's base currency (a handoff budget is in it); and tasks that belong to a lead (the handoff
// task) with a reporter, a start, a priority, a category and the result they were completed with.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table workspaces add column base_currency char(3) not null default 'USD' check (base_currency ~ '^[A-Z]{3}$')`.execute(db);
  await sql`
    create table leads (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      title text not null check (length(title) between 1 and 200),
      stage text not null default 'new'
        check (stage in ('new','qualification','distribution','handoff_to_sales','awaiting_sale','converted','disqualified')),
      need_maturity text not null default 'discovered' check (need_maturity in ('discovered','sales_ready','not_interested')),
      source text check (length(source) between 1 and 100),
      company_name text check (length(company_name) between 1 and 200),
      contact_name text check (length(contact_name) between 1 and 200),
      email text check (length(email) between 3 and 320),
      phone text check (length(phone) between 1 and 50),
      account_id uuid references accounts(id),
      contact_id uuid references contacts(id),
      distributor_id uuid references users(id),
      owner_id uuid references users(id),
      author_id uuid references users(id),
      expected_sale_date date,
      priority text not null default 'normal' check (priority in ('low','normal','high','urgent')),
      handoff jsonb,
      opportunity_id uuid references opportunities(id),
      converted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // A deal comes from one lead at most (the lead's row lock makes repeated conversions find the first one's deal).
  await sql`create unique index leads_opportunity_key on leads (workspace_id, opportunity_id) where opportunity_id is not null`.execute(db);
  await sql`create index leads_stage_idx on leads (workspace_id, stage, id)`.execute(db);
  await sql`create index leads_owner_idx on leads (workspace_id, owner_id, id)`.execute(db);
  await sql`create index leads_distributor_idx on leads (workspace_id, distributor_id, id)`.execute(db);
  await sql`
    create table lead_events (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      lead_id uuid not null references leads(id),
      kind text not null check (kind ~ '^[a-z][a-z_]{0,40}$'),
      data jsonb not null default '{}',
      actor_type text not null,
      actor_id uuid,
      actor_label text not null,
      at timestamptz not null default now()
    )`.execute(db);
  await sql`create index lead_events_lead_idx on lead_events (workspace_id, lead_id, id)`.execute(db);
  // Tasks of a lead: a lead has no account before it is known, so a task may have none.
  await sql`alter table tasks alter column account_id drop not null`.execute(db);
  await sql`alter table tasks add column lead_id uuid references leads(id)`.execute(db);
  await sql`alter table tasks add column contact_id uuid references contacts(id)`.execute(db);
  await sql`alter table tasks add column reporter_id uuid references users(id)`.execute(db);
  await sql`alter table tasks add column starts_at timestamptz`.execute(db);
  await sql`alter table tasks add column priority text check (priority in ('low','normal','high','urgent'))`.execute(db);
  await sql`alter table tasks add column category text check (category ~ '^[a-z][a-z0-9_]{0,40}$')`.execute(db);
  await sql`alter table tasks add column result text check (result ~ '^[a-z][a-z_]{0,40}$')`.execute(db);
  await sql`alter table tasks add column result_details jsonb`.execute(db);
  await sql`create index tasks_lead_idx on tasks (workspace_id, lead_id) where lead_id is not null`.execute(db);
  // One open handoff task per lead, however often (and however concurrently) the lead enters "handoff to sales".
  await sql`
    create unique index tasks_lead_handoff_open_key on tasks (workspace_id, lead_id)
    where category = 'lead_handoff' and status in ('todo','in_progress','blocked')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tasks_lead_handoff_open_key`.execute(db);
  await sql`drop index if exists tasks_lead_idx`.execute(db);
  for (const column of ['result_details', 'result', 'category', 'priority', 'starts_at', 'reporter_id', 'contact_id', 'lead_id'])
    await sql`alter table tasks drop column if exists ${sql.raw(column)}`.execute(db);
  await sql`drop table if exists lead_events`.execute(db);
  await sql`drop table if exists leads`.execute(db);
  await sql`alter table workspaces drop column if exists base_currency`.execute(db);
}
