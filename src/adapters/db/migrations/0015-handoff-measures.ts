// Frozen: what the handoff metrics count of a brief's history, kept on the brief as its events are written, so the
// metrics of any period read the briefs alone (at 33,000 briefs, all history took 0.9 s of lookups into every
// brief's events). Filled here from the events already stored.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table handoff_briefs
      add column measured_returns int not null default 0,
      add column measured_return_fields text[] not null default '{}',
      add column measured_paused boolean not null default false,
      add column measured_kickoff_scheduled boolean not null default false,
      add column measured_kickoff_delayed boolean not null default false`.execute(db);
  await sql`
    with r as (
      select e.brief_id, count(*)::int as n,
        array_agg(f.field order by e.at, e.id, f.ord) as fields
      from handoff_events e
      cross join lateral (
        select x.field, x.ord from jsonb_array_elements_text(
          case when jsonb_typeof(e.data->'missing') = 'array' and jsonb_array_length(e.data->'missing') > 0 then e.data->'missing' else '["other"]'::jsonb end
        ) with ordinality as x(field, ord)
      ) f
      where e.type = 'handoff.returned'
      group by e.brief_id
    ), n as (
      select brief_id, count(*)::int as n from handoff_events where type = 'handoff.returned' group by brief_id
    )
    update handoff_briefs b set measured_returns = n.n, measured_return_fields = r.fields
    from r join n using (brief_id)
    where b.id = r.brief_id`.execute(db);
  for (const [type, column] of [
    ['handoff.paused', 'measured_paused'],
    ['kickoff.scheduled', 'measured_kickoff_scheduled'],
    ['kickoff.delayed', 'measured_kickoff_delayed'],
  ] as const) {
    await sql`update handoff_briefs b set ${sql.raw(column)} = true where exists (select 1 from handoff_events e where e.brief_id = b.id and e.type = ${type})`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table handoff_briefs
      drop column measured_returns, drop column measured_return_fields, drop column measured_paused,
      drop column measured_kickoff_scheduled, drop column measured_kickoff_delayed`.execute(db);
}
