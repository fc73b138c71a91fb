// Frozen. Delivery state computed from the work (issue 13): a project's health keeps its reasons and the day it was
// last computed (the daily sweep recomputes what the calendar alone changes: tasks becoming overdue); the sweeps
// and the dashboard read partial indexes of what is current, however long the history.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table projects add column health_reasons jsonb not null default '[]'::jsonb`,
  `alter table projects add column health_checked_on date`,
  // The daily health sweep: live projects not computed today, oldest first.
  `create index projects_health_due_idx on projects ((coalesce(health_checked_on, '-infinity'::date))) where status not in ('done','cancelled')`,
  // The first-value sweep: briefs with a first-value date, neither reached nor recorded missed.
  `create index handoff_briefs_first_value_open_idx on handoff_briefs (first_value_due) where first_value_due is not null and first_value_reached_on is null and first_value_missed_at is null`,
  // The dashboard: standing wins, newest first by id (the cursor), with their deal.
  `create index deal_outcomes_won_id_idx on deal_outcomes (workspace_id, id desc) include (opportunity_id, created_at) where outcome = 'won' and reopened_at is null`,
  // The dashboard's health filter reads the projects of one health.
  `create index projects_health_idx on projects (workspace_id, health, opportunity_id)`,
  // A milestone's tasks are its phase's.
  `create index tasks_phase_idx on tasks (phase_id) include (status, completed_at) where phase_id is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['tasks_phase_idx', 'projects_health_idx', 'deal_outcomes_won_id_idx', 'handoff_briefs_first_value_open_idx', 'projects_health_due_idx'])
    await sql.raw(`drop index if exists ${index}`).execute(db);
  await sql`alter table projects drop column if exists health_checked_on`.execute(db);
  await sql`alter table projects drop column if exists health_reasons`.execute(db);
}
