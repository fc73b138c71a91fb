// Frozen. A standing win remembers when a project first took its deal (planned_at), so that the "won, no project
// yet" warning reads only the wins still waiting (a partial index) instead of every win against every project link.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deal_outcomes add column planned_at timestamptz`.execute(db);
  await sql`
    update deal_outcomes w set planned_at = d.first_added
    from (select workspace_id, opportunity_id, min(added_at) as first_added from project_deals group by workspace_id, opportunity_id) d
    where d.workspace_id = w.workspace_id and d.opportunity_id = w.opportunity_id and w.outcome = 'won'`.execute(db);
  await sql`
    create index deal_outcomes_unplanned_idx on deal_outcomes (workspace_id, created_at desc)
    where outcome = 'won' and reopened_at is null and planned_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists deal_outcomes_unplanned_idx`.execute(db);
  await sql`alter table deal_outcomes drop column if exists planned_at`.execute(db);
}
