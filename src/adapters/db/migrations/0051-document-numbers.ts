// Frozen: a per-workspace counter for document numbers. A number taken from a count of the documents let two
// generations at once take the same one; the counter row is bumped in the generating transaction, so the second waits
// for the first and takes the next. Workspaces with documents start after the count they have (no number reused).
// Also the mailbox's index: a workspace's outgoing mail, newest first.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table document_counters (
      workspace_id uuid primary key references workspaces(id),
      last_number integer not null check (last_number >= 0)
    )`.execute(db);
  await sql`
    insert into document_counters (workspace_id, last_number)
    select workspace_id, count(*) from documents group by workspace_id`.execute(db);
  await sql`create index mail_messages_mailbox on mail_messages (workspace_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists mail_messages_mailbox`.execute(db);
  await sql`drop table if exists document_counters`.execute(db);
}
