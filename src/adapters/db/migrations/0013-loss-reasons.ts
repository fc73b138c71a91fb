// Frozen: a workspace's list of loss reasons (seeded for the workspaces that exist), the reason and note a loss
// records, and the deal fields a pipeline requires before a deal may be won.
import { sql, type Kysely } from 'kysely';

const defaults: [string, string][] = [
  ['price', 'Price'],
  ['competitor', 'Chose a competitor'],
  ['no_budget', 'No budget'],
  ['no_decision', 'No decision'],
  ['timing', 'Timing'],
  ['other', 'Other'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table loss_reasons (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      key text not null check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
      label text not null check (length(label) between 1 and 120),
      archived boolean not null default false,
      position integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, key),
      unique (workspace_id, id)
    )`.execute(db);
  const values = sql.join(defaults.map(([key, label], i) => sql`(${key}, ${label}, ${i + 1})`));
  await sql`
    insert into loss_reasons (id, workspace_id, key, label, position)
    select gen_random_uuid(), w.id, d.key::text, d.label::text, d.position::int
    from workspaces w cross join (values ${values}) as d(key, label, position)`.execute(db);
  await sql`alter table deal_outcomes add column loss_reason_id uuid references loss_reasons(id)`.execute(db);
  await sql`alter table deal_outcomes add column loss_note text check (length(loss_note) <= 2000)`.execute(db);
  await sql`alter table pipelines add column required_to_win text[] not null default '{}'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table pipelines drop column if exists required_to_win`.execute(db);
  await sql`alter table deal_outcomes drop column if exists loss_note`.execute(db);
  await sql`alter table deal_outcomes drop column if exists loss_reason_id`.execute(db);
  await sql`drop table if exists loss_reasons`.execute(db);
}
