// Frozen: the hosts a workspace's admin allows rule webhooks to call although they are not public (an internal n8n).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table workspaces add column webhook_allowed_hosts text[] not null default '{}'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table workspaces drop column if exists webhook_allowed_hosts`.execute(db);
}
