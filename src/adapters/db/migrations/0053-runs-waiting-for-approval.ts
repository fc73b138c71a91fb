// A rule run can wait for an approval: a request_approval step set to hold the next actions parks its run as
// 'waiting' on the request until the request is approved (or withdrawn); a rejection keeps it waiting. A waiting run
// is not due and does not hold back the record's later runs.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rule_runs drop constraint rule_runs_status_check`.execute(db);
  await sql`
    alter table rule_runs
      add constraint rule_runs_status_check check (status in ('pending','running','retrying','waiting','succeeded','failed','skipped')),
      add column waiting_for uuid references approval_requests(id)`.execute(db);
  await sql`create index rule_runs_waiting_idx on rule_runs (waiting_for) where status = 'waiting'`.execute(db);
}
