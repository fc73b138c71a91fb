// Frozen: a version number per workspace that every change of its set-up (pipelines and stages, rules, the team
// roster, people, the calendar, project templates) raises, in the changing transaction, through triggers. Readers
// keep the set-up in memory and reload it when the version they read with their data has moved on.
import { sql, type Kysely } from 'kysely';

/** The tables whose rows are set-up, and the columns whose change is not (a round-robin turn, a timestamp). */
const setupTables: [table: string, ignored: string[]][] = [
  ['pipelines', ['updated_at']],
  ['stages', ['updated_at']],
  ['rules', ['updated_at']],
  ['team_roles', ['rr_cursor', 'updated_at']],
  ['team_members', []],
  ['users', ['updated_at', 'password_hash']],
  ['holidays', []],
  ['project_templates', ['updated_at']],
  ['project_template_versions', []],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table workspaces add column config_version bigint not null default 1`.execute(db);
  await sql`
    create function baton_bump_config_version() returns trigger language plpgsql as $$
    begin
      update workspaces set config_version = config_version + 1
      where id = (case when tg_op = 'DELETE' then old.workspace_id else new.workspace_id end);
      return null;
    end $$`.execute(db);
  for (const [table, ignored] of setupTables) {
    const strip = ignored.map((c) => ` - '${c}'`).join('');
    await sql
      .raw(`create trigger ${table}_config_version after insert or delete on ${table} for each row execute function baton_bump_config_version()`)
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_config_version_update after update on ${table} for each row
           when ((to_jsonb(old)${strip}) is distinct from (to_jsonb(new)${strip})) execute function baton_bump_config_version()`,
      )
      .execute(db);
  }
  // The workspace's own calendar settings live on its row: a BEFORE trigger raises the version in the same update.
  await sql`
    create function baton_workspace_config_version() returns trigger language plpgsql as $$
    begin
      if (new.time_zone, new.business_days) is distinct from (old.time_zone, old.business_days) then
        new.config_version := old.config_version + 1;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger workspaces_config_version before update on workspaces for each row execute function baton_workspace_config_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists workspaces_config_version on workspaces`.execute(db);
  await sql`drop function if exists baton_workspace_config_version()`.execute(db);
  for (const [table] of setupTables) {
    await sql.raw(`drop trigger if exists ${table}_config_version on ${table}`).execute(db);
    await sql.raw(`drop trigger if exists ${table}_config_version_update on ${table}`).execute(db);
  }
  await sql`drop function if exists baton_bump_config_version()`.execute(db);
  await sql`alter table workspaces drop column config_version`.execute(db);
}
