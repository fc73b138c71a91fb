// Frozen. A standing win without a project yet is one stored flag (awaiting_project) with a partial index of its own.
// The planner estimated the three conditions it stands for (won, not reopened, not planned) as independent, a third
// of all outcomes, and read every outcome in a sequential scan (100 ms at 50,000 outcomes) instead of the handful in
// the partial index of 0020; one flag has statistics of its own and the index is used.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table deal_outcomes add column awaiting_project boolean
    generated always as (outcome = 'won' and reopened_at is null and planned_at is null) stored`.execute(db);
  await sql`drop index if exists deal_outcomes_unplanned_idx`.execute(db);
  await sql`create index deal_outcomes_awaiting_project_idx on deal_outcomes (workspace_id, created_at desc) include (opportunity_id) where awaiting_project`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists deal_outcomes_awaiting_project_idx`.execute(db);
  await sql`alter table deal_outcomes drop column if exists awaiting_project`.execute(db);
  await sql`
    create index deal_outcomes_unplanned_idx on deal_outcomes (workspace_id, created_at desc)
    where outcome = 'won' and reopened_at is null and planned_at is null`.execute(db);
}
