// Frozen: the traction gate and trial tasks. The workspace chooses which traction signals a deal must show before
// delivery people join it (a stage reached, by position; a meeting held; the budget confirmed), a deal records
// whether its budget is confirmed, and a trial task carries its acceptance criteria.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table workspaces
      add column traction_signals text[] not null default '{}'
        check (traction_signals <@ array['stage','meeting','budget']::text[]),
      add column traction_stage_position integer check (traction_stage_position >= 0),
      add constraint workspaces_traction_stage_check
        check (not ('stage' = any(traction_signals)) or traction_stage_position is not null)`.execute(db);
  await sql`alter table opportunities add column budget_confirmed boolean not null default false`.execute(db);
  await sql`alter table tasks add column acceptance_criteria text check (length(acceptance_criteria) between 1 and 5000)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks drop column if exists acceptance_criteria`.execute(db);
  await sql`alter table opportunities drop column if exists budget_confirmed`.execute(db);
  await sql`alter table workspaces drop constraint if exists workspaces_traction_stage_check`.execute(db);
  await sql`alter table workspaces drop column if exists traction_stage_position`.execute(db);
  await sql`alter table workspaces drop column if exists traction_signals`.execute(db);
}
