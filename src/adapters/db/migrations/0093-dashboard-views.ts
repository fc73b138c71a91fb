// Frozen: saved views of the delivery dashboard (a second list a view may filter), and the indexes its charts read at
// 100,000 wins: each win's outcome and each brief's funnel dates read from the index alone (index-only scans, no
// heap visit per win) when the summary counts every win the filters keep.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table saved_views drop constraint saved_views_entity_check`,
  `alter table saved_views add constraint saved_views_entity_check check (entity in ('opportunities', 'dashboard'))`,
  // The standing wins by deal: the summary joins them to their brief and project by opportunity.
  `create index deal_outcomes_won_opportunity_idx on deal_outcomes (workspace_id, opportunity_id) include (created_at)
     where outcome = 'won' and reopened_at is null`,
  // What the funnel and won-to-kickoff count of a brief.
  `create index handoff_briefs_funnel_idx on handoff_briefs (workspace_id, opportunity_id) include (accepted_at, kickoff_held_on, first_value_reached_on)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop index if exists handoff_briefs_funnel_idx`).execute(db);
  await sql.raw(`drop index if exists deal_outcomes_won_opportunity_idx`).execute(db);
  await sql.raw(`delete from saved_views where entity = 'dashboard'`).execute(db);
  await sql.raw(`alter table saved_views drop constraint saved_views_entity_check`).execute(db);
  await sql.raw(`alter table saved_views add constraint saved_views_entity_check check (entity in ('opportunities'))`).execute(db);
}
