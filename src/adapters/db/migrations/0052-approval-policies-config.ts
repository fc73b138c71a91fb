// Frozen. Approval policies are set-up: a change of them raises the workspace's config version (the triggers of
// 0007), so that a won deal's delivery knows from the cached set-up whether any policy exists, without a query.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create trigger approval_policies_config_version after insert or delete on approval_policies
    for each row execute function baton_bump_config_version()`.execute(db);
  await sql`create trigger approval_policies_config_version_update after update on approval_policies for each row
    when ((to_jsonb(old) - 'updated_at') is distinct from (to_jsonb(new) - 'updated_at')) execute function baton_bump_config_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists approval_policies_config_version on approval_policies`.execute(db);
  await sql`drop trigger if exists approval_policies_config_version_update on approval_policies`.execute(db);
}
