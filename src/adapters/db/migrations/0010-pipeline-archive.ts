// Frozen: pipelines and stages can be archived (hidden from the board and from new deals, kept for history).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pipelines add column archived_at timestamptz`.execute(db);
  await sql`alter table stages add column archived_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table stages drop column if exists archived_at`.execute(db);
  await sql`alter table pipelines drop column if exists archived_at`.execute(db);
}
