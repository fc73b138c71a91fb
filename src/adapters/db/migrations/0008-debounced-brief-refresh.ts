// Frozen: the core rule that refreshes a brief when a note is logged on a handoff in review runs once per deal
// and few seconds (repeat: debounce) instead of once per note: 10,000 notes made 8,757 refreshes, and other deals'
// automation waited behind them. Rules people have changed from the core definition are left as they are.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update rules set
      definition = jsonb_set(definition, '{repeat}', '"debounce"'),
      version = version + 1,
      updated_at = now()
    where key = 'activity-refresh-brief' and definition->>'repeat' = 'every_event'`.execute(db);
  await sql`
    insert into rule_versions (id, workspace_id, rule_id, version, definition, created_by_label)
    select gen_random_uuid(), r.workspace_id, r.id, r.version, r.definition, 'migration 0008'
    from rules r
    where r.key = 'activity-refresh-brief' and r.definition->>'repeat' = 'debounce'
      and not exists (select 1 from rule_versions v where v.rule_id = r.id and v.version = r.version)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update rules set definition = jsonb_set(definition, '{repeat}', '"every_event"'), version = version + 1, updated_at = now()
    where key = 'activity-refresh-brief' and definition->>'repeat' = 'debounce'`.execute(db);
}
