// Frozen: inbound deal events from another CRM. A connection per sender (its secrets, stage and field maps), every
// event received kept raw with its outcome (idempotent by the sender's event id), and the links from the sender's ids
// to Baton's accounts, contacts and deals (with the sender's time of the newest stage and of each field applied to a
// deal, so an older event that arrives late never moves it back).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table inbound_connections (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      name text not null check (length(name) between 1 and 200),
      kind text not null check (kind in ('hubspot','pipedrive','salesforce','generic')),
      secrets jsonb not null default '{}',
      stage_map jsonb not null default '[]',
      field_map jsonb not null default '{}',
      pipeline_id uuid references pipelines(id),
      public_url text,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, name)
    )`.execute(db);
  await sql`
    create table inbound_events (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      connection_id uuid not null references inbound_connections(id),
      format text not null,
      external_id text,
      external_deal_id text,
      occurred_at timestamptz,
      status text not null check (status in ('received','processed','ignored','stale','failed','rejected','malformed')),
      outcome text,
      opportunity_id uuid references opportunities(id),
      raw text not null,
      headers jsonb not null default '{}',
      attempts integer not null default 0,
      received_at timestamptz not null default now(),
      processed_at timestamptz
    )`.execute(db);
  // The sender's event id is the idempotency key: a redelivery or a replay finds the row already there.
  await sql`create unique index inbound_events_once on inbound_events (connection_id, external_id)`.execute(db);
  await sql`create index inbound_events_recent on inbound_events (workspace_id, connection_id, received_at desc)`.execute(db);
  await sql`
    create table inbound_links (
      workspace_id uuid not null references workspaces(id),
      connection_id uuid not null references inbound_connections(id),
      entity_type text not null check (entity_type in ('account','contact','opportunity')),
      external_id text not null,
      account_id uuid references accounts(id),
      contact_id uuid references contacts(id),
      opportunity_id uuid references opportunities(id),
      stage_occurred_at timestamptz,
      field_times jsonb not null default '{}',
      created_at timestamptz not null default now(),
      primary key (connection_id, entity_type, external_id),
      check ((entity_type = 'account') = (account_id is not null)),
      check ((entity_type = 'contact') = (contact_id is not null)),
      check ((entity_type = 'opportunity') = (opportunity_id is not null))
    )`.execute(db);
  await sql`create index inbound_links_opportunity on inbound_links (workspace_id, opportunity_id) where opportunity_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists inbound_links`.execute(db);
  await sql`drop table if exists inbound_events`.execute(db);
  await sql`drop table if exists inbound_connections`.execute(db);
}
