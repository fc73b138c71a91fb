// Prepares a benchmark workspace: one user per role, a pipeline, a nurture sequence, and N open deals
// (an account with two contacts enrolled in the sequence and one open opportunity each), in bulk SQL.
import { sql } from 'kysely';
import type { Db } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import type { Actor } from '../src/domain/actor.ts';
import { roles } from '../src/domain/roles.ts';
import { createWorkspace } from '../src/flows/identity.flow.ts';

export type BenchWorkspace = {
  workspaceId: string;
  /** The sales person who marks the deals won. */
  actor: Actor;
  stages: { open: { id: string; name: string }; won: { id: string; name: string } };
  /** Open opportunities, each on its own account, in the order the runs take them. */
  opportunityIds: string[];
  opsUsers: number;
};

const CHUNK = 5_000;

export async function seedWorkspace(db: Db, slug: string, deals: number): Promise<BenchWorkspace> {
  const workspace = await createWorkspace(db, { name: `Bench ${slug}`, slug });
  const ws = workspace.id;
  const users = roles.map((role) => ({ id: newId(), workspace_id: ws, email: `${role}@${slug}.bench`, name: `${role} person`, role }));
  await db.insertInto('users').values(users).execute();
  const sales = users.find((u) => u.role === 'sales')!;
  const cs = users.find((u) => u.role === 'cs')!;

  const pipelineId = newId();
  await db.insertInto('pipelines').values({ id: pipelineId, workspace_id: ws, name: 'Sales', is_default: true }).execute();
  const stages = (
    [
      ['Qualified', 'open'],
      ['Proposal', 'open'],
      ['Won', 'won'],
      ['Lost', 'lost'],
    ] as const
  ).map(([name, category], i) => ({ id: newId(), workspace_id: ws, pipeline_id: pipelineId, name, category, position: i + 1 }));
  await db.insertInto('stages').values(stages).execute();
  const open = stages[1]!;
  const won = stages[2]!;

  const sequenceId = newId();
  await db.insertInto('sequences').values({ id: sequenceId, workspace_id: ws, name: 'Prospect nurture' }).execute();

  const opportunityIds: string[] = [];
  for (let from = 1; from <= deals; from += CHUNK) {
    const to = Math.min(deals, from + CHUNK - 1);
    // One statement per chunk: accounts, their two contacts, the contacts' enrolments, one open deal per account.
    const result = await sql<{ id: string }>`
      with a as (
        insert into accounts (id, workspace_id, name, status, owner_id, csm_id)
        select gen_random_uuid(), ${ws}, 'Account ' || g, 'prospect', ${sales.id}, ${cs.id}
        from generate_series(${from}::int, ${to}::int) g
        returning id, name
      ), c as (
        insert into contacts (id, workspace_id, account_id, first_name, last_name, buying_role)
        select gen_random_uuid(), ${ws}, a.id, r.first_name, r.last_name, r.buying_role
        from a cross join (values ('Maria', 'Garcia', 'sponsor'), ('Chen', 'Kim', 'technical')) r(first_name, last_name, buying_role)
        returning id, account_id
      ), e as (
        insert into sequence_enrolments (id, workspace_id, sequence_id, contact_id, account_id)
        select gen_random_uuid(), ${ws}, ${sequenceId}, c.id, c.account_id from c
      )
      insert into opportunities (id, workspace_id, account_id, pipeline_id, stage_id, name, amount_minor, currency, close_date, owner_id)
      select gen_random_uuid(), ${ws}, a.id, ${pipelineId}, ${open.id}, a.name || ' rollout', 1250000, 'EUR', '2026-12-31', ${sales.id}
      from a
      returning id`.execute(db);
    for (const row of result.rows) opportunityIds.push(row.id);
  }
  return {
    workspaceId: ws,
    actor: { type: 'user', id: sales.id, label: sales.name },
    stages: { open: { id: open.id, name: open.name }, won: { id: won.id, name: won.name } },
    opportunityIds,
    opsUsers: users.filter((u) => u.role === 'ops').length,
  };
}
