// Frozen: a team role's kind. A delivery role (the default, every role so far) never has sales people and is what
// project templates use; a sales role (lead distributors, the sales handoff) may have sales people and takes rule tasks.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table team_roles add column kind text not null default 'delivery' check (kind in ('delivery','sales'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table team_roles drop column if exists kind`.execute(db);
}
