// Frozen: a deal's terms for finance and legal beside the opportunity (its payment terms and contract version stay
// on the opportunity): the billing schedule, the discount and the non-standard clauses as a list.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table deal_terms (
      opportunity_id uuid primary key references opportunities(id),
      workspace_id uuid not null references workspaces(id),
      billing_schedule jsonb,
      discount_percent numeric(5,2) check (discount_percent between 0 and 100),
      clauses jsonb not null default '[]',
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index deal_terms_workspace on deal_terms (workspace_id)`.execute(db);
  // Deals that had their non-standard clauses as one text keep it as the first clause of the list.
  await sql`
    insert into deal_terms (opportunity_id, workspace_id, clauses)
    select id, workspace_id, jsonb_build_array(jsonb_build_object('title', 'Non-standard clauses', 'text', non_standard_clauses))
    from opportunities where coalesce(non_standard_clauses, '') <> ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists deal_terms`.execute(db);
}
