// Frozen. Each person's number of open tasks (todo, in progress, blocked), kept by statement triggers on tasks in the
// writing transaction, so that "fewest open tasks" reads one row per candidate instead of counting their open tasks
// (a count that grew with every project: 15 ms per project at 6,000 open tasks a person, half the database's work of
// a handoff). Every write path of tasks goes through the triggers: inserts, updates of owner or status, deletes.
// Counters change in (workspace, person) order within a statement, so that two statements lock them in one order.
import { sql, type Kysely } from 'kysely';

const open = `status in ('todo', 'in_progress', 'blocked')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table open_task_counts (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      open_tasks integer not null,
      primary key (workspace_id, user_id)
    )`.execute(db);
  // Adds the changes (a row per task: +1 or -1) to the counters; a net change of zero writes nothing.
  const apply = (changes: string) => `
      insert into open_task_counts as c (workspace_id, user_id, open_tasks)
      select workspace_id, owner_id, sum(delta)::int from (${changes}) d
      where owner_id is not null
      group by workspace_id, owner_id having sum(delta) <> 0
      order by workspace_id, owner_id
      on conflict (workspace_id, user_id) do update set open_tasks = c.open_tasks + excluded.open_tasks;`;
  const added = `select workspace_id, owner_id, 1 as delta from new_tasks where ${open}`;
  const removed = `select workspace_id, owner_id, -1 as delta from old_tasks where ${open}`;
  await sql.raw(`create function baton_open_tasks_inserted() returns trigger language plpgsql as $$ begin ${apply(added)} return null; end $$`).execute(db);
  await sql
    .raw(
      `create function baton_open_tasks_updated() returns trigger language plpgsql as $$ begin ${apply(`${added} union all ${removed}`)} return null; end $$`,
    )
    .execute(db);
  await sql.raw(`create function baton_open_tasks_deleted() returns trigger language plpgsql as $$ begin ${apply(removed)} return null; end $$`).execute(db);
  await sql`create trigger tasks_open_count_insert after insert on tasks referencing new table as new_tasks
    for each statement execute function baton_open_tasks_inserted()`.execute(db);
  await sql`create trigger tasks_open_count_update after update on tasks referencing old table as old_tasks new table as new_tasks
    for each statement execute function baton_open_tasks_updated()`.execute(db);
  await sql`create trigger tasks_open_count_delete after delete on tasks referencing old table as old_tasks
    for each statement execute function baton_open_tasks_deleted()`.execute(db);
  await sql
    .raw(
      `insert into open_task_counts (workspace_id, user_id, open_tasks)
       select workspace_id, owner_id, count(*)::int from tasks where owner_id is not null and ${open} group by workspace_id, owner_id`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists tasks_open_count_insert on tasks`.execute(db);
  await sql`drop trigger if exists tasks_open_count_update on tasks`.execute(db);
  await sql`drop trigger if exists tasks_open_count_delete on tasks`.execute(db);
  await sql`drop function if exists baton_open_tasks_inserted()`.execute(db);
  await sql`drop function if exists baton_open_tasks_updated()`.execute(db);
  await sql`drop function if exists baton_open_tasks_deleted()`.execute(db);
  await sql`drop table if exists open_task_counts`.execute(db);
}
