// Frozen: contacts an import matched or created, by the source's own ids (a file's "Contact ID" column), beside the
// accounts and deals of migration 0081; and contacts by e-mail, the match of a row without an id.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table import_links add column contact_id uuid references contacts(id)`.execute(db);
  await sql`alter table import_links drop constraint import_links_entity_type_check`.execute(db);
  await sql`alter table import_links add constraint import_links_entity_type_check check (entity_type in ('account','opportunity','contact'))`.execute(db);
  await sql`alter table import_links add constraint import_links_contact_check check ((entity_type = 'contact') = (contact_id is not null))`.execute(db);
  // An import finds each row's contact by e-mail: without this, every row would read all the workspace's contacts.
  await sql`create index contacts_email_lower on contacts (workspace_id, lower(email)) where email is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists contacts_email_lower`.execute(db);
  await sql`delete from import_links where entity_type = 'contact'`.execute(db);
  await sql`alter table import_links drop constraint import_links_contact_check`.execute(db);
  await sql`alter table import_links drop constraint import_links_entity_type_check`.execute(db);
  await sql`alter table import_links add constraint import_links_entity_type_check check (entity_type in ('account','opportunity'))`.execute(db);
  await sql`alter table import_links drop column contact_id`.execute(db);
}
