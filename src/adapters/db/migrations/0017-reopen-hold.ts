// Reopening a deal: a lost deal goes back to the stage it was lost from with its expected close date (kept on the
// loss), a won deal's project waits on hold (marked, so winning again resumes only that hold) and its brief is
// marked reopened until the deal is won again.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table deal_outcomes
      add column from_stage_id uuid,
      add column close_date_before date`.execute(db);
  await sql`alter table projects add column reopen_hold_at timestamptz`.execute(db);
  await sql`alter table handoff_briefs add column reopened_at timestamptz`.execute(db);
  await sql`create index projects_reopen_hold_idx on projects (workspace_id, reopen_hold_at) where reopen_hold_at is not null`.execute(db);
}
