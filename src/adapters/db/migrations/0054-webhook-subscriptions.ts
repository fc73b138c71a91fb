// Outbound webhook subscriptions (Standard Webhooks): an admin subscribes a URL to event types; each matching outbox
// event becomes one delivery per subscription (unique), sent signed and retried with backoff for days; a subscription
// failing for three days on end is disabled. Subscriptions are set-up: a change of one (not of its failure count)
// raises the workspace's config version, so the outbox knows from the cached set-up which events to fan out.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      url text not null,
      description text,
      event_types text[] not null,
      secret text not null,
      enabled boolean not null default true,
      disabled_reason text,
      failing_since timestamptz,
      consecutive_failures integer not null default 0,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index webhook_subscriptions_workspace_idx on webhook_subscriptions (workspace_id, created_at) where deleted_at is null`.execute(db);
  await sql`
    create table webhook_deliveries (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      subscription_id uuid not null references webhook_subscriptions(id),
      event_id uuid not null references outbox_events(id),
      event_type text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending','retrying','delivered','failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      locked_until timestamptz,
      last_status integer,
      last_error text,
      log jsonb not null default '[]',
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      unique (subscription_id, event_id)
    )`.execute(db);
  await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status in ('pending','retrying')`.execute(db);
  await sql`create index webhook_deliveries_subscription_idx on webhook_deliveries (workspace_id, subscription_id, id desc)`.execute(db);
  await sql`create trigger webhook_subscriptions_config_version after insert or delete on webhook_subscriptions
    for each row execute function baton_bump_config_version()`.execute(db);
  await sql`create trigger webhook_subscriptions_config_version_update after update on webhook_subscriptions for each row
    when ((to_jsonb(old) - 'updated_at' - 'failing_since' - 'consecutive_failures') is distinct from (to_jsonb(new) - 'updated_at' - 'failing_since' - 'consecutive_failures'))
    execute function baton_bump_config_version()`.execute(db);
}
