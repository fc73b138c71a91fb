// Frozen. The rule steps the traction gate held (a create_task skipped because its owner may not join the deal yet,
// marked in the step's output): found by deal when a signal arrives, so the task is made then instead of waiting for
// the rule's event to come again.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index rule_run_steps_held_idx on rule_run_steps (workspace_id, run_id)
    where status = 'skipped' and output ->> 'heldForTraction' = 'true'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists rule_run_steps_held_idx`.execute(db);
}
