// Frozen: saved views of the delivery dashboard (a second list a view may filter).
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table saved_views drop constraint saved_views_entity_check`,
  `alter table saved_views add constraint saved_views_entity_check check (entity in ('opportunities', 'dashboard'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`delete from saved_views where entity = 'dashboard'`).execute(db);
  await sql.raw(`alter table saved_views drop constraint saved_views_entity_check`).execute(db);
  await sql.raw(`alter table saved_views add constraint saved_views_entity_check check (entity in ('opportunities'))`).execute(db);
}
