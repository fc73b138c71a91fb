// Frozen. One row per standing win (won, not reopened, not imported as history) with what the dashboard's charts
// count and filter on: the deal's owner and pipeline, its project's owner and health, its brief's funnel dates and
// the fields named when the brief was returned.
// At 100,000 wins the charts' summary joined every win to its deal, project and brief (522 ms p50, 775 ms p99 on
// PostgreSQL); over this narrow table it reads one index. Row triggers keep it in the writing transaction, on every
// write path: a win recorded, reopened or marked historical; a deal's owner or pipeline changed; a project linked or
// unlinked, its health or owner changed; a brief made, accepted, returned, its kickoff held or first value reached. Each
// trigger sets only the columns of its own table, so two transactions changing different sides of one win (a
// brief accepted while the project's health moves) cannot overwrite each other's part.
import { sql, type Kysely } from 'kysely';

const standing = (o: string) => `(${o}.outcome = 'won' and ${o}.reopened_at is null and not ${o}.historical)`;

const statements = [
  `create table win_summaries (
    outcome_id uuid primary key references deal_outcomes(id) on delete cascade,
    workspace_id uuid not null references workspaces(id) on delete cascade,
    opportunity_id uuid not null,
    won_at timestamptz not null,
    owner_id uuid,
    pipeline_id uuid not null,
    project_id uuid,
    project_owner_id uuid,
    health text,
    brief_accepted_at timestamptz,
    kickoff_held_on date,
    first_value_reached_on date,
    return_fields text[] not null default '{}'
  )`,
  // The charts read a workspace's wins (by the day won when a period is asked) from this index alone.
  `create index win_summaries_workspace_idx on win_summaries (workspace_id, won_at)
     include (owner_id, pipeline_id, project_owner_id, health, brief_accepted_at, kickoff_held_on, first_value_reached_on)`,
  // The wins whose brief came back to the sales rep, with the fields the CSM named (returns by missing field).
  `create index win_summaries_returned_idx on win_summaries (workspace_id, won_at)
     include (owner_id, pipeline_id, project_owner_id, health, return_fields) where cardinality(return_fields) > 0`,
  `create index win_summaries_opportunity_idx on win_summaries (opportunity_id)`,
  `create index win_summaries_project_idx on win_summaries (project_id) where project_id is not null`,

  // The full row of a standing win, read from its deal, project and brief.
  `create function baton_win_summary_insert(outcome deal_outcomes) returns void language sql as $$
     insert into win_summaries (outcome_id, workspace_id, opportunity_id, won_at, owner_id, pipeline_id, project_id,
       project_owner_id, health, brief_accepted_at, kickoff_held_on, first_value_reached_on, return_fields)
     select outcome.id, outcome.workspace_id, outcome.opportunity_id, outcome.created_at, o.owner_id, o.pipeline_id,
       p.id, p.owner_id, p.health, b.accepted_at, b.kickoff_held_on, b.first_value_reached_on,
       coalesce(b.measured_return_fields, '{}')
     from opportunities o
     left join project_deals pd on pd.workspace_id = o.workspace_id and pd.opportunity_id = o.id
     left join projects p on p.id = pd.project_id
     left join handoff_briefs b on b.workspace_id = o.workspace_id and b.opportunity_id = o.id
     where o.id = outcome.opportunity_id
     on conflict (outcome_id) do update set won_at = excluded.won_at
   $$`,
  `create function baton_win_summary_outcome() returns trigger language plpgsql as $$ begin
     if ${standing('new')} then
       perform baton_win_summary_insert(new);
     elsif tg_op = 'UPDATE' then
       delete from win_summaries where outcome_id = new.id;
     end if;
     return null;
   end $$`,
  `create trigger deal_outcomes_win_summary after insert or update of outcome, reopened_at, historical, created_at on deal_outcomes
     for each row execute function baton_win_summary_outcome()`,

  `create function baton_win_summary_deal() returns trigger language plpgsql as $$ begin
     update win_summaries set owner_id = new.owner_id, pipeline_id = new.pipeline_id where opportunity_id = new.id;
     return null;
   end $$`,
  `create trigger opportunities_win_summary after update of owner_id, pipeline_id on opportunities
     for each row when (old.owner_id is distinct from new.owner_id or old.pipeline_id is distinct from new.pipeline_id)
     execute function baton_win_summary_deal()`,

  `create function baton_win_summary_project_link() returns trigger language plpgsql as $$ begin
     if tg_op = 'DELETE' then
       update win_summaries set project_id = null, project_owner_id = null, health = null
       where opportunity_id = old.opportunity_id and project_id = old.project_id;
     else
       update win_summaries s set project_id = p.id, project_owner_id = p.owner_id, health = p.health
       from projects p where p.id = new.project_id and s.opportunity_id = new.opportunity_id;
     end if;
     return null;
   end $$`,
  `create trigger project_deals_win_summary after insert or delete on project_deals
     for each row execute function baton_win_summary_project_link()`,

  `create function baton_win_summary_project() returns trigger language plpgsql as $$ begin
     update win_summaries set project_owner_id = new.owner_id, health = new.health where project_id = new.id;
     return null;
   end $$`,
  `create trigger projects_win_summary after update of owner_id, health on projects
     for each row when (old.owner_id is distinct from new.owner_id or old.health is distinct from new.health)
     execute function baton_win_summary_project()`,

  // Without a column list: the columns are compared in the body, which does not tie them to the trigger (an older
  // migration that drops and adds one of them stays reversible).
  `create function baton_win_summary_brief() returns trigger language plpgsql as $$ begin
     if tg_op = 'DELETE' then
       update win_summaries set brief_accepted_at = null, kickoff_held_on = null, first_value_reached_on = null,
         return_fields = '{}'
       where opportunity_id = old.opportunity_id;
     elsif tg_op = 'INSERT'
       or (old.accepted_at, old.kickoff_held_on, old.first_value_reached_on, old.measured_return_fields)
          is distinct from (new.accepted_at, new.kickoff_held_on, new.first_value_reached_on, new.measured_return_fields) then
       update win_summaries set brief_accepted_at = new.accepted_at, kickoff_held_on = new.kickoff_held_on,
         first_value_reached_on = new.first_value_reached_on, return_fields = new.measured_return_fields
       where opportunity_id = new.opportunity_id;
     end if;
     return null;
   end $$`,
  `create trigger handoff_briefs_win_summary after insert or update or delete on handoff_briefs
     for each row execute function baton_win_summary_brief()`,

  // The wins already standing.
  `insert into win_summaries (outcome_id, workspace_id, opportunity_id, won_at, owner_id, pipeline_id, project_id,
     project_owner_id, health, brief_accepted_at, kickoff_held_on, first_value_reached_on, return_fields)
   select d.id, d.workspace_id, d.opportunity_id, d.created_at, o.owner_id, o.pipeline_id,
     p.id, p.owner_id, p.health, b.accepted_at, b.kickoff_held_on, b.first_value_reached_on,
     coalesce(b.measured_return_fields, '{}')
   from deal_outcomes d
   join opportunities o on o.id = d.opportunity_id
   left join project_deals pd on pd.workspace_id = o.workspace_id and pd.opportunity_id = o.id
   left join projects p on p.id = pd.project_id
   left join handoff_briefs b on b.workspace_id = o.workspace_id and b.opportunity_id = o.id
   where ${standing('d')}`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, trigger] of [
    ['deal_outcomes', 'deal_outcomes_win_summary'],
    ['opportunities', 'opportunities_win_summary'],
    ['project_deals', 'project_deals_win_summary'],
    ['projects', 'projects_win_summary'],
    ['handoff_briefs', 'handoff_briefs_win_summary'],
  ] as const)
    await sql.raw(`drop trigger if exists ${trigger} on ${table}`).execute(db);
  for (const fn of ['outcome()', 'deal()', 'project_link()', 'project()', 'brief()', 'insert(deal_outcomes)'])
    await sql.raw(`drop function if exists baton_win_summary_${fn}`).execute(db);
  await sql.raw(`drop table if exists win_summaries`).execute(db);
}
