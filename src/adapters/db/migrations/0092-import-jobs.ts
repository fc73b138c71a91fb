// Frozen: imports as records and their saved column mappings. A win imported as history (won before Baton, delivered
// elsewhere) is marked on its outcome, so it never counts as "won, no project yet" (awaiting_project of 0046 is
// regenerated with it). An import runs as a job with its progress and its per-row problems kept for the report; the
// mapping a user confirmed is kept per workspace, source and entity and suggested the next time.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deal_outcomes add column historical boolean not null default false`.execute(db);
  // A generated column's expression cannot be changed in place on every server we run on: drop (its index goes with
  // it) and add it again, then the same partial index as 0046.
  await sql`alter table deal_outcomes drop column awaiting_project`.execute(db);
  await sql`
    alter table deal_outcomes add column awaiting_project boolean
    generated always as (outcome = 'won' and reopened_at is null and planned_at is null and not historical) stored`.execute(db);
  await sql`create index deal_outcomes_awaiting_project_idx on deal_outcomes (workspace_id, created_at desc) include (opportunity_id) where awaiting_project`.execute(
    db,
  );

  await sql`
    create table import_mappings (
      workspace_id uuid not null references workspaces(id),
      source text not null check (length(source) between 1 and 100),
      entity text not null check (entity in ('deals')),
      mapping jsonb not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, source, entity)
    )`.execute(db);

  await sql`
    create table imports (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      entity text not null check (entity in ('deals')),
      source text not null,
      file_name text,
      status text not null check (status in ('running','done','failed','interrupted')),
      dry_run boolean not null default false,
      total integer not null default 0,
      done integer not null default 0,
      created integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      failed integer not null default 0,
      options jsonb not null default '{}'::jsonb,
      problems jsonb not null default '[]'::jsonb,
      error text,
      created_by uuid references users(id),
      created_by_label text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
  // The history list, newest first (the id is the cursor); the start-up sweep finds the running ones.
  await sql`create index imports_list_idx on imports (workspace_id, id desc)`.execute(db);
  await sql`create index imports_running_idx on imports (id) where status = 'running'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists imports`.execute(db);
  await sql`drop table if exists import_mappings`.execute(db);
  await sql`drop index if exists deal_outcomes_awaiting_project_idx`.execute(db);
  await sql`alter table deal_outcomes drop column if exists awaiting_project`.execute(db);
  await sql`
    alter table deal_outcomes add column awaiting_project boolean
    generated always as (outcome = 'won' and reopened_at is null and planned_at is null) stored`.execute(db);
  await sql`create index deal_outcomes_awaiting_project_idx on deal_outcomes (workspace_id, created_at desc) include (opportunity_id) where awaiting_project`.execute(
    db,
  );
  await sql`alter table deal_outcomes drop column if exists historical`.execute(db);
}
