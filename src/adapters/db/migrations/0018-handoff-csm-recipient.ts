// Frozen: the rule that tells the CSM a handoff brief was sent now tells the brief's CSM (the account's while the
// brief names none), the person its review task goes to. Existing workspaces get a new version of the rule where
// its notification still goes to the account's CSM as migration 0016 wrote it; a rule someone changed is left alone.
import { sql, type Kysely } from 'kysely';

const key = 'handoff-submitted-tell-csm';

export async function up(db: Kysely<any>): Promise<void> {
  // The notify action at index 0 of the rule 0016 (and createWorkspace before this change) installed.
  const unchanged = sql`r.key = ${key} and r.definition #>> '{actions,0,key}' = 'notify-csm' and r.definition #>> '{actions,0,params,recipientType}' = 'account_csm'`;
  const updated = await sql<{ id: string }>`
    update rules r
    set definition = jsonb_set(r.definition, '{actions,0,params,recipientType}', '"handoff_csm"'), version = r.version + 1, updated_at = now()
    where ${unchanged}
    returning r.id`.execute(db);
  if (updated.rows.length === 0) return;
  await sql`
    insert into rule_versions (id, workspace_id, rule_id, version, definition, created_by_label)
    select gen_random_uuid(), r.workspace_id, r.id, r.version, r.definition, 'migration 0018'
    from rules r
    where r.id in (${sql.join(updated.rows.map((row) => row.id))})
      and not exists (select 1 from rule_versions v where v.rule_id = r.id and v.version = r.version)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Only rules still at the version this migration wrote go back (the account's CSM, the version before).
  await sql`
    update rules r
    set definition = jsonb_set(r.definition, '{actions,0,params,recipientType}', '"account_csm"'), version = r.version - 1, updated_at = now()
    from rule_versions v
    where v.rule_id = r.id and v.version = r.version and v.created_by_label = 'migration 0018' and r.key = ${key}`.execute(db);
  await sql`
    delete from rule_versions v using rules r
    where v.rule_id = r.id and v.created_by_label = 'migration 0018' and v.version > r.version`.execute(db);
}
