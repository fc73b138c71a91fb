// Frozen: a contact's buying role may also be champion, finance, legal or procurement (the handoff brief already
// knows these authorities). The column kept the four roles of 0001 in a CHECK; it now takes the eight.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table contacts drop constraint if exists contacts_buying_role_check`.execute(db);
  await sql`
    alter table contacts add constraint contacts_buying_role_check
      check (buying_role in ('sponsor','decision_maker','champion','user','technical','finance','legal','procurement'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table contacts drop constraint if exists contacts_buying_role_check`.execute(db);
  await sql`update contacts set buying_role = null where buying_role not in ('sponsor','decision_maker','user','technical')`.execute(db);
  await sql`alter table contacts add constraint contacts_buying_role_check check (buying_role in ('sponsor','decision_maker','user','technical'))`.execute(db);
}
