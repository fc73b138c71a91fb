// Frozen. The operations digest (issue 13): the hour of the workspace's day it goes out (none by default), one row per workspace and
// day it was sent (the daily send happens once), and an HTML body beside the text of a queued e-mail.
import { sql, type Kysely } from 'kysely';

const statements = [
  // No daily send until the workspace picks its hour (the digest is there on demand meanwhile).
  `alter table workspaces add column digest_hour integer check (digest_hour between 0 and 23)`,
  `create table digests (
    workspace_id uuid not null references workspaces(id),
    on_date date not null,
    sent_at timestamptz not null default now(),
    sent_by_label text not null,
    recipients integer not null,
    primary key (workspace_id, on_date)
  )`,
  `alter table mail_messages add column html_body text`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_messages drop column if exists html_body`.execute(db);
  await sql`drop table if exists digests`.execute(db);
  await sql`alter table workspaces drop column if exists digest_hour`.execute(db);
}
