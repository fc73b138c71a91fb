// Frozen: what an import matched or created, by the source's own ids (a file's "Deal ID" column, per source name), so
// importing the same file again finds its deals and accounts instead of creating them twice; and accounts by name.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table import_links (
      workspace_id uuid not null references workspaces(id),
      source text not null check (length(source) between 1 and 100),
      entity_type text not null check (entity_type in ('account','opportunity')),
      external_id text not null,
      account_id uuid references accounts(id),
      opportunity_id uuid references opportunities(id),
      created_at timestamptz not null default now(),
      primary key (workspace_id, source, entity_type, external_id),
      check ((entity_type = 'account') = (account_id is not null)),
      check ((entity_type = 'opportunity') = (opportunity_id is not null))
    )`.execute(db);
  // An import finds each row's account by name: without this, every row would read all the workspace's accounts.
  await sql`create index accounts_name_lower on accounts (workspace_id, lower(trim(name)))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists accounts_name_lower`.execute(db);
  await sql`drop table if exists import_links`.execute(db);
}
