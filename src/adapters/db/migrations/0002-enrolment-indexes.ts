// Frozen: indexes for the win path, which stops a deal's active enrolments and then lists what it stopped.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index sequence_enrolments_opportunity_idx on sequence_enrolments (workspace_id, opportunity_id) where status = 'active'`.execute(db);
  await sql`create index sequence_enrolments_stopped_by_idx on sequence_enrolments (workspace_id, stopped_by_outcome_id) where stopped_by_outcome_id is not null`.execute(
    db,
  );
  await sql`create index deal_outcomes_opportunity_idx on deal_outcomes (workspace_id, opportunity_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sequence_enrolments_opportunity_idx`.execute(db);
  await sql`drop index if exists sequence_enrolments_stopped_by_idx`.execute(db);
  await sql`drop index if exists deal_outcomes_opportunity_idx`.execute(db);
}
