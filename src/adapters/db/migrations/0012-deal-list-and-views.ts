// Frozen: the deals list sorted by close date, amount, last change or name, and by owner, at 100,000 deals (issue 9,
// "work the CRM from the browser"): each sort is an index in its order, so a page reads its 50 rows. Saved views:
// a person's named filters of a list, shared with the workspace or not; a name once per person and list.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create index opportunities_owner_idx on opportunities (workspace_id, owner_id, id)`,
  // Deals without a close date come last, as on the tasks' due dates (0009).
  `create index opportunities_close_idx on opportunities (workspace_id, (coalesce(close_date, 'infinity'::date)), id)`,
  `create index opportunities_amount_idx on opportunities (workspace_id, amount_minor, id)`,
  `create index opportunities_updated_idx on opportunities (workspace_id, updated_at, id)`,
  `create index opportunities_name_idx on opportunities (workspace_id, name, id)`,
  `create table saved_views (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    owner_id uuid not null references users(id),
    entity text not null check (entity in ('opportunities')),
    name text not null check (length(name) between 1 and 100),
    filters jsonb not null default '{}'::jsonb,
    shared boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create unique index saved_views_name_key on saved_views (workspace_id, owner_id, entity, lower(name))`,
  `create index saved_views_shared_idx on saved_views (workspace_id, entity) where shared`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists saved_views`).execute(db);
  for (const index of ['opportunities_name_idx', 'opportunities_updated_idx', 'opportunities_amount_idx', 'opportunities_close_idx', 'opportunities_owner_idx'])
    await sql.raw(`drop index if exists ${index}`).execute(db);
}
