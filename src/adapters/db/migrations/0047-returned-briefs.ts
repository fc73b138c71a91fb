// Frozen. The briefs that came back for missing context, in an index of their own: the handoff metrics count the
// returned fields from these alone instead of unnesting every brief of the period (most have none).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index handoff_briefs_returned_idx on handoff_briefs (workspace_id, created_at) where cardinality(measured_return_fields) > 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists handoff_briefs_returned_idx`.execute(db);
}
