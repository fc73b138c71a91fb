// A workspace at scale for the list pages (issue 8, "reads at scale"): 100,000 deals over three years and about
// 1,000,000 tasks, in the shape a busy team leaves behind: accounts with contacts, deals across the pipeline, wins
// with their outcome, project (30 tasks in 3 phases), rule runs, handoff brief and its events, notifications,
// activities, audit records and outbox history. Everything is written in bulk SQL (insert ... select from
// generate_series), one statement per table and chunk, so the 100,000-deal workspace takes minutes, not hours.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../src/adapters/db/database.ts';
import { seedWorkspace } from './seed.ts';

export type ScaleWorkspace = {
  workspaceId: string;
  slug: string;
  deals: number;
  tasks: number;
  pipelineId: string;
  stageIds: string[];
  /** An ops person (sees every warning), the delivery person with the most open tasks, a sales person. */
  people: { opsId: string; busiestOwnerId: string; pmId: string; salesId: string };
  /** A won deal with its project, activities, runs, notifications and brief (the timeline page). */
  sampleWonDealId: string;
  /** The oldest brief's creation time (the metrics page over all history starts there). */
  firstBriefAt: Date;
};

export const scaleSlug = 'scale';

/** Deals are numbered 1..N, oldest first; their kind follows the number: a third won, a sixth lost, half open. */
const kindOf = (n: string) => `(case when ${n} % 6 in (0, 3) then 'won' when ${n} % 6 = 1 then 'lost' else 'open' end)`;

/**
 * A UUIDv7-like id whose first 48 bits are the given time in ms, as the app's ids are (ids order by time, and
 * the list pages order by id). The rest is random.
 */
const v7 = (ts: string) =>
  `encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from ${ts}) * 1000)::bigint) from 3) from 1 for 6), 'hex')::uuid`;

const CHUNK = 20_000;

type Log = (line: string) => void;

/** Finds the scale workspace already in this database (seeded by an earlier run), or undefined. */
export async function findScaleWorkspace(db: Db): Promise<ScaleWorkspace | undefined> {
  const ws = await db.selectFrom('workspaces').select('id').where('slug', '=', scaleSlug).executeTakeFirst();
  if (!ws) return undefined;
  return describe(db, ws.id);
}

async function describe(db: Db, workspaceId: string): Promise<ScaleWorkspace> {
  const one = async <T>(query: string) => (await sql.raw<T>(query).execute(db)).rows[0]!;
  const w = `'${workspaceId}'::uuid`;
  const counts = await one<{ deals: number; tasks: number }>(
    `select (select count(*)::int from opportunities where workspace_id = ${w}) as deals, (select count(*)::int from tasks where workspace_id = ${w}) as tasks`,
  );
  const pipeline = await one<{ id: string }>(`select id from pipelines where workspace_id = ${w} and is_default`);
  const stages = (await sql.raw<{ id: string }>(`select id from stages where pipeline_id = '${pipeline.id}' order by position`).execute(db)).rows;
  const ops = await one<{ id: string }>(`select id from users where workspace_id = ${w} and email like 'ops@%'`);
  const pm = await one<{ id: string }>(`select id from users where workspace_id = ${w} and email like 'pm@%'`);
  const sales = await one<{ id: string }>(`select id from users where workspace_id = ${w} and email like 'sales@%'`);
  const busiest = await one<{ owner_id: string }>(
    `select owner_id from tasks where workspace_id = ${w} and status in ('todo','in_progress','blocked') and owner_id is not null group by owner_id order by count(*) desc limit 1`,
  );
  const sample = await one<{ opportunity_id: string }>(
    `select d.opportunity_id from project_deals d join handoff_briefs b on b.opportunity_id = d.opportunity_id where d.workspace_id = ${w} order by d.opportunity_id desc limit 1`,
  );
  const first = await one<{ at: Date }>(`select min(created_at) as at from handoff_briefs where workspace_id = ${w}`);
  return {
    workspaceId,
    slug: scaleSlug,
    deals: counts.deals,
    tasks: counts.tasks,
    pipelineId: pipeline.id,
    stageIds: stages.map((s) => s.id),
    people: { opsId: ops.id, busiestOwnerId: busiest.owner_id, pmId: pm.id, salesId: sales.id },
    sampleWonDealId: sample.opportunity_id,
    firstBriefAt: new Date(first.at),
  };
}

/**
 * Seeds the scale workspace: `deals` deals (default 100,000), a third of them won with a 30-task project each
 * (about 1,000,000 tasks at 100,000 deals). Deals are spread over three years; projects older than six months
 * are done, newer ones are under way.
 */
export async function seedScale(db: Db, options: { deals?: number; tasksPerPhase?: number; log?: Log } = {}): Promise<ScaleWorkspace> {
  const deals = options.deals ?? 100_000;
  /** Tasks in each of a project's 3 phases (10: 30 tasks a project; the dashboard bench takes fewer, more projects). */
  const perPhase = options.tasksPerPhase ?? 10;
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const step = async (label: string, statements: string[]) => {
    const t = performance.now();
    for (const s of statements) await sql.raw(s).execute(db);
    log(`${label} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const chunks = (total: number, make: (from: number, to: number) => string) => {
    const out: string[] = [];
    for (let from = 1; from <= total; from += CHUNK) out.push(make(from, Math.min(total, from + CHUNK - 1)));
    return out;
  };

  // The people, roster, template, rules, pipeline (Qualified, Proposal, Won, Lost) and sequence of the handoff bench.
  const base = await seedWorkspace(db, scaleSlug, 0);
  const ws = `'${base.workspaceId}'::uuid`;
  const rules = base.delivery.wonRules;
  const createProjectRule = rules.find((r) => r.key === 'won-create-project') ?? rules.at(-1)!;
  const templateId = base.delivery.template.id;
  const sequence = (await sql<{ id: string }>`select id from sequences where workspace_id = ${base.workspaceId}`.execute(db)).rows[0]!.id;
  const stages = (
    await sql<{ id: string; category: string; name: string }>`
    select id, category, name from stages where workspace_id = ${base.workspaceId} order by position`.execute(db)
  ).rows;
  const [qualified, proposal, won, lost] = stages as [(typeof stages)[0], (typeof stages)[0], (typeof stages)[0], (typeof stages)[0]];
  const pipelineId = (await sql<{ id: string }>`select id from pipelines where workspace_id = ${base.workspaceId}`.execute(db)).rows[0]!.id;

  // 20 more sales people and 30 more delivery people (10 each of cs, pm, ops), so work spreads as in a real team.
  await step('people', [
    `insert into users (id, workspace_id, email, name, role)
     select gen_random_uuid(), ${ws}, r.role || '-' || g || '@scale.bench', initcap(r.role) || ' person ' || g, r.role
     from generate_series(1, 10) g cross join (values ('sales'), ('sales'), ('cs'), ('pm'), ('ops')) r(role)
     on conflict do nothing`,
  ]);
  const people = async (roles: string[]) =>
    (
      await sql<{ id: string }>`select id from users where workspace_id = ${base.workspaceId} and role in (${sql.join(roles)}) order by id`.execute(db)
    ).rows.map((r) => r.id);
  const sales = await people(['sales']);
  const csms = await people(['cs']);
  const pms = await people(['pm']);
  const delivery = await people(['cs', 'pm', 'ops']);
  const ops = await people(['ops']);
  const pick = (ids: string[], n: string) => `(array['${ids.join("','")}']::uuid[])[1 + (${n}) % ${ids.length}]`;

  // Scratch tables map deal and account numbers to ids for the statements that follow; dropped at the end.
  const accounts = Math.ceil(deals * 0.4);
  const span = `interval '1095 days'`;
  // Deal n was created at now() - 3 years * (1 - n/N), so numbers and ids both follow time.
  const createdAt = (n: string) => `(now() - ${span} * (1 - ${n}::float8 / ${deals}) - interval '2 hours')`;
  await step('scratch maps', [
    `drop table if exists scale_accounts`,
    `drop table if exists scale_deals`,
    `create unlogged table scale_accounts as
       select g as n, ${v7(createdAt(`(g * ${deals / accounts})`))} as id, ${createdAt(`(g * ${deals / accounts})`)} as at
       from generate_series(1, ${accounts}) g`,
    `alter table scale_accounts add primary key (n)`,
    `create unlogged table scale_deals as
       select g as n, ${v7(createdAt('g'))} as id, ${createdAt('g')} as at, ${kindOf('g')} as kind, 1 + (g::bigint * 7919) % ${accounts} as account_n
       from generate_series(1, ${deals}) g`,
    `alter table scale_deals add primary key (n)`,
    `create index on scale_deals (id)`,
  ]);

  await step(`${accounts} accounts, ${accounts * 2} contacts`, [
    ...chunks(
      accounts,
      (from, to) => `
      insert into accounts (id, workspace_id, name, domain, industry, status, owner_id, csm_id, created_at, updated_at)
      select a.id, ${ws}, 'Account ' || a.n, 'account' || a.n || '.example', (array['Software','Retail','Health','Finance','Logistics'])[1 + a.n % 5],
        'prospect', ${pick(sales, 'a.n')}, ${pick(csms, 'a.n')}, a.at, a.at
      from scale_accounts a where a.n between ${from} and ${to}`,
    ),
    ...chunks(
      accounts,
      (from, to) => `
      insert into contacts (id, workspace_id, account_id, first_name, last_name, email, title, buying_role, created_at, updated_at)
      select ${v7('a.at')}, ${ws}, a.id, r.first_name, r.last_name || ' ' || a.n, lower(r.first_name) || '.' || a.n || '@account' || a.n || '.example', r.title, r.buying_role, a.at, a.at
      from scale_accounts a cross join (values ('Maria', 'Garcia', 'VP Operations', 'sponsor'), ('Chen', 'Kim', 'IT lead', 'technical')) r(first_name, last_name, title, buying_role)
      where a.n between ${from} and ${to}`,
    ),
  ]);

  const stageOf = `(case d.kind when 'won' then '${won.id}'::uuid when 'lost' then '${lost.id}'::uuid else (case when d.n % 2 = 0 then '${qualified.id}'::uuid else '${proposal.id}'::uuid end) end)`;
  const closedAt = `(d.at + interval '30 days')`;
  await step(`${deals} deals with stage changes, outcomes and enrolments`, [
    ...chunks(
      deals,
      (from, to) => `
      insert into opportunities (id, workspace_id, account_id, pipeline_id, stage_id, name, amount_minor, currency, close_date, deal_type, owner_id,
        primary_contact_id, stage_changed_at, created_at, updated_at)
      select d.id, ${ws}, a.id, '${pipelineId}', ${stageOf}, 'Account ' || a.n || ' deal ' || d.n, 100000 * (1 + d.n % 97), 'EUR',
        (${closedAt})::date, 'new_business', ${pick(sales, 'd.n')}, null, case when d.kind = 'open' then d.at else ${closedAt} end, d.at, d.at
      from scale_deals d join scale_accounts a on a.n = d.account_n where d.n between ${from} and ${to}`,
    ),
    ...chunks(
      deals,
      (from, to) => `
      insert into stage_changes (id, workspace_id, opportunity_id, from_stage_id, to_stage_id, actor_type, actor_id, actor_label, at)
      select ${v7('d.at')}, ${ws}, d.id, null::uuid, '${qualified.id}'::uuid, 'user', null::uuid, 'Sales person', d.at from scale_deals d where d.n between ${from} and ${to}
      union all
      select ${v7(closedAt)}, ${ws}, d.id, '${proposal.id}'::uuid, ${stageOf}, 'user', null::uuid, 'Sales person', ${closedAt}
      from scale_deals d where d.kind <> 'open' and d.n between ${from} and ${to}`,
    ),
    ...chunks(
      deals,
      (from, to) => `
      insert into deal_outcomes (id, workspace_id, opportunity_id, outcome, reason, stage_id, amount_minor, currency, close_date,
        account_status_before, account_status_after, actor_type, actor_id, actor_label, created_at)
      select ${v7(closedAt)}, ${ws}, d.id, d.kind, case when d.kind = 'lost' then 'price' end, ${stageOf}, 100000 * (1 + d.n % 97), 'EUR', (${closedAt})::date,
        'prospect', case when d.kind = 'won' then 'active' else 'prospect' end, 'user', null, 'Sales person', ${closedAt}
      from scale_deals d where d.kind <> 'open' and d.n between ${from} and ${to}`,
    ),
    `update accounts set status = 'active' where workspace_id = ${ws} and id in (select a.id from scale_deals d join scale_accounts a on a.n = d.account_n where d.kind = 'won')`,
    // Each account's contacts in the nurture sequence; stopped on a win.
    `insert into sequence_enrolments (id, workspace_id, sequence_id, contact_id, account_id, status, stopped_reason, stopped_at, enrolled_at)
     select ${v7('c.created_at')}, ${ws}, '${sequence}', c.id, c.account_id,
       case when a.status = 'active' then 'stopped' else 'active' end, case when a.status = 'active' then 'deal won' end,
       case when a.status = 'active' then c.created_at + interval '30 days' end, c.created_at
     from contacts c join accounts a on a.id = c.account_id where c.workspace_id = ${ws}`,
  ]);

  // Rule runs of the wins: the two core rules and the create-project rule, all succeeded but a few failed.
  await step('rule runs of the wins', [
    ...rules.map(
      (r) => `
      insert into rule_runs (id, workspace_id, rule_id, rule_version, run_key, trigger_type, trigger_label, subject_type, subject_id, status, attempts,
        next_attempt_at, error, created_at, started_at, finished_at)
      select ${v7(closedAt)}, ${ws}, '${r.id}', ${r.version}, '${r.key}:' || d.id, 'event', 'deal.stage_changed', 'opportunity', d.id,
        case when d.n % 5000 = 3 then 'failed' else 'succeeded' end, 1, ${closedAt},
        case when d.n % 5000 = 3 then 'webhook answered 500' end, ${closedAt}, ${closedAt}, ${closedAt} + interval '1 second'
      from scale_deals d where d.kind = 'won'`,
    ),
  ]);

  // Projects: every won deal but one in a thousand (the client-without-project warning); one in 500 without owner.
  const projectStart = `(${closedAt})::date`;
  await step('projects, phases and milestones', [
    `insert into projects (id, workspace_id, account_id, opportunity_id, template_id, template_version, name, owner_id, status, health, start_date,
       target_date, origin_run_id, created_at, updated_at)
     select ${v7(closedAt)}, ${ws}, a.id, d.id, '${templateId}', 1, 'Onboarding: Account ' || a.n, case when d.n % 3000 = 0 then null else ${pick(pms, 'd.n')} end,
       case when ${closedAt} < now() - interval '180 days' then 'done' else 'active' end,
       (array['on_track','on_track','on_track','at_risk','off_track'])[1 + d.n % 5],
       ${projectStart}, ${projectStart} + 60, r.id, ${closedAt}, ${closedAt}
     from scale_deals d join scale_accounts a on a.n = d.account_n
       join rule_runs r on r.workspace_id = ${ws} and r.run_key = '${createProjectRule.key}:' || d.id
     where d.kind = 'won' and d.n % 1000 <> 0`,
    `insert into project_deals (id, workspace_id, project_id, opportunity_id, template_id, template_version, origin_run_id, added_by_label, added_at)
     select ${v7('p.created_at')}, ${ws}, p.id, p.opportunity_id, p.template_id, 1, p.origin_run_id, 'Rule: create project', p.created_at
     from projects p where p.workspace_id = ${ws}`,
    // As linkProjectDeal does: a win is planned from its deal's first project (the warnings read only unplanned wins).
    `update deal_outcomes w set planned_at = d.added_at from project_deals d
     where w.workspace_id = ${ws} and d.workspace_id = ${ws} and d.opportunity_id = w.opportunity_id and w.outcome = 'won'`,
    `insert into project_phases (id, workspace_id, project_id, opportunity_id, key, name, position)
     select ${v7('p.created_at')}, ${ws}, p.id, p.opportunity_id, ph.key, ph.name, ph.position
     from projects p cross join (values ('kickoff', 'Kickoff', 1), ('setup', 'Setup', 2), ('go-live', 'Go-live', 3)) ph(key, name, position)
     where p.workspace_id = ${ws}`,
    `insert into milestones (id, workspace_id, project_id, phase_id, key, name, due_date, reached_at)
     select ${v7('p.created_at')}, ${ws}, p.id, ph.id, ph.key || '-done', ph.name || ' done', p.start_date + 20 * ph.position,
       case when p.status = 'done' then p.created_at + interval '20 days' * ph.position end
     from projects p join project_phases ph on ph.project_id = p.id where p.workspace_id = ${ws}`,
  ]);

  // 30 tasks per project. Done projects: all tasks done (one in ten cancelled). Projects under way: the first
  // ten done, the rest open (todo, in progress, blocked), one in 2,000 open tasks flagged.
  const projects = (await sql<{ n: number }>`select count(*)::int as n from projects where workspace_id = ${base.workspaceId}`.execute(db)).rows[0]!.n;
  await step(`${projects * 3 * perPhase} tasks`, [
    `drop table if exists scale_projects`,
    `create unlogged table scale_projects as
       select row_number() over (order by p.id)::int as n, p.id, p.opportunity_id, p.account_id, p.start_date, p.status, p.created_at, p.origin_run_id
       from projects p where p.workspace_id = ${ws}`,
    `alter table scale_projects add primary key (n)`,
    ...chunks(
      projects,
      (from, to) => `
      insert into tasks (id, workspace_id, project_id, phase_id, opportunity_id, account_id, template_key, group_name, title, role, owner_id, due_date,
        estimate_hours, status, flagged, flag_reason, assignment, position, origin_run_id, origin_key, completed_at, created_at, updated_at)
      select ${v7('p.created_at')}, ${ws}, p.id, ph.id, p.opportunity_id, p.account_id, 'p' || ph.position || '-t' || t.i, ph.name || ': part ' || (1 + (t.i - 1) / 5),
        ph.name || ' step ' || t.i, (array['account_manager','it','project_lead'])[1 + (t.pos % 3)], ${pick(delivery, 'p.n * 31 + t.pos')},
        p.start_date + t.pos * 2, 1 + t.pos % 4, s.status, s.flagged, case when s.flagged then 'nobody on the roster: assigned by fallback' end,
        'round_robin', t.pos, p.origin_run_id, 'scale:' || p.id || ':' || t.pos,
        case when s.status = 'done' then p.created_at + interval '1 day' * t.pos end, p.created_at, p.created_at
      from scale_projects p
        join project_phases ph on ph.project_id = p.id
        cross join lateral (select g as i, (ph.position - 1) * ${perPhase} + g as pos from generate_series(1, ${perPhase}) g) t
        cross join lateral (select
          case when p.status = 'done' then (case when (p.n + t.pos) % 10 = 0 then 'cancelled' else 'done' end)
               when t.pos <= ${perPhase} then 'done'
               else (array['todo','todo','todo','in_progress','blocked'])[1 + (p.n + t.pos) % 5] end as status,
          p.status <> 'done' and t.pos > ${perPhase} and (p.n * 30 + t.pos) % 2000 = 0 as flagged) s
      where p.n between ${from} and ${to}`,
    ),
  ]);

  // Briefs of the wins (accepted, but those won in the last 30 days still in review), and their events.
  await step('handoff briefs and events', [
    `insert into handoff_briefs (id, workspace_id, opportunity_id, account_id, status, ae_id, csm_id, extractor, sources_digest, revision, scores, returns,
       measured_returns, measured_return_fields,
       kickoff_on, kickoff_first_on, kickoff_held_on, first_value_due, first_value_reached_on, won_at, accepted_at, accepted_by_label, prepared_at,
       created_at, updated_at)
     select ${v7(closedAt)}, ${ws}, d.id, a.id,
       case when ${closedAt} > now() - interval '30 days' then (array['ae_review','csm_review','returned'])[1 + d.n % 3] else 'accepted' end,
       ${pick(sales, 'd.n')}, ${pick(csms, 'd.n')}, 'rules-v1', md5(d.id::text), 1 + d.n % 3,
       jsonb_build_object('overall', jsonb_build_object('score', 50 + d.n % 50)), case when d.n % 10 = 0 then 1 else 0 end,
       -- What the handoff.returned event below says, kept on the brief as insertHandoffEvent keeps it.
       case when d.n % 10 = 0 then 1 else 0 end, case when d.n % 10 = 0 then array['success_criteria', 'stakeholders'] else '{}'::text[] end,
       (${closedAt})::date + 7, (${closedAt})::date + 7, case when ${closedAt} < now() - interval '30 days' then (${closedAt})::date + 7 + d.n % 4 end,
       (${closedAt})::date + 45, case when ${closedAt} < now() - interval '60 days' and d.n % 4 <> 0 then (${closedAt})::date + 40 end,
       ${closedAt}, case when ${closedAt} < now() - interval '30 days' then ${closedAt} + interval '1 hour' * (2 + d.n % 70) end,
       case when ${closedAt} < now() - interval '30 days' then 'CSM' end, ${closedAt}, ${closedAt}, ${closedAt}
     from scale_deals d join scale_accounts a on a.n = d.account_n where d.kind = 'won'`,
    `insert into handoff_events (id, workspace_id, brief_id, opportunity_id, type, data, actor_type, actor_label, at)
     select ${v7('e.at')}, ${ws}, b.id, b.opportunity_id, e.type, e.data, 'user', 'Someone', e.at
     from handoff_briefs b cross join lateral (values
       ('handoff.created', '{}'::jsonb, b.created_at),
       ('handoff.submitted', '{}'::jsonb, b.created_at + interval '1 hour'),
       ('handoff.returned', '{"missing": ["success_criteria", "stakeholders"]}'::jsonb, case when b.returns > 0 then b.created_at + interval '2 hours' end),
       ('handoff.accepted', '{}'::jsonb, b.accepted_at),
       ('kickoff.scheduled', '{}'::jsonb, b.created_at + interval '3 hours'),
       ('kickoff.held', '{}'::jsonb, b.kickoff_held_on::timestamptz)) e(type, data, at)
     where b.workspace_id = ${ws} and e.at is not null`,
  ]);

  // Three activities per deal (one per deal in four on the contact's account only), outbox history of each change.
  await step('activities', [
    ...chunks(
      deals,
      (from, to) => `
      insert into activities (id, workspace_id, account_id, opportunity_id, contact_id, kind, subject, body, occurred_at, author_id, created_at)
      select ${v7(`d.at + interval '1 day' * k`)}, ${ws}, a.id, d.id, null, (array['note','call','email','meeting'])[1 + (d.n + k) % 4], 'Touchpoint ' || k,
        'Talked about the rollout, the integration with their ERP and the go-live date. Next step agreed.', d.at + interval '1 day' * k,
        ${pick(sales, 'd.n')}, d.at + interval '1 day' * k
      from scale_deals d join scale_accounts a on a.n = d.account_n cross join generate_series(1, 3) k where d.n between ${from} and ${to}`,
    ),
  ]);
  await step('outbox history', [
    ...chunks(
      deals,
      (from, to) => `
      insert into outbox_events (id, workspace_id, type, subject_type, subject_id, payload, idempotency_key, status, attempts, next_attempt_at, last_error,
        created_at, processed_at)
      select ${v7('e.at')}, ${ws}, e.type, 'opportunity', d.id, jsonb_build_object('opportunityId', d.id), e.type || ':' || d.id || ':' || e.k,
        case when e.type = 'deal.stage_changed' and d.n % 20000 = 7 then 'failed' else 'done' end, 1, e.at,
        case when e.type = 'deal.stage_changed' and d.n % 20000 = 7 then 'handler threw' end, e.at, e.at
      from scale_deals d cross join lateral (values
        ('opportunity.created', d.at, 0),
        ('activity.logged', d.at + interval '1 day', 1), ('activity.logged', d.at + interval '2 days', 2), ('activity.logged', d.at + interval '3 days', 3),
        ('deal.stage_changed', case when d.kind <> 'open' then ${closedAt} end, 4),
        ('project.created', case when d.kind = 'won' then ${closedAt} + interval '1 second' end, 5)) e(type, at, k)
      where e.at is not null and d.n between ${from} and ${to}`,
    ),
  ]);

  // Three ops people hear of each win (read, but the last month's);
  await step('notifications and audit', [
    `insert into notifications (id, workspace_id, user_id, kind, title, body, subject_type, subject_id, read_at, created_at)
     select ${v7(closedAt)}, ${ws}, u.id, 'rule', 'Deal won: deal ' || d.n, 'Delivery can start.', 'opportunity', d.id,
       case when ${closedAt} < now() - interval '30 days' then ${closedAt} + interval '1 day' end, ${closedAt}
     from scale_deals d cross join generate_series(0, 2) k cross join lateral (select ${pick(ops, 'd.n + k')} as id) u
     where d.kind = 'won'`,
    ...chunks(
      deals,
      (from, to) => `
      insert into audit_log (id, workspace_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, at)
      select ${v7('d.at')}, ${ws}, 'user', null::uuid, 'Sales person', 'opportunity.created', 'opportunity', d.id, null::jsonb, jsonb_build_object('name', 'deal ' || d.n), d.at
      from scale_deals d where d.n between ${from} and ${to}
      union all
      select ${v7(closedAt)}, ${ws}, 'user', null::uuid, 'Sales person', 'opportunity.' || d.kind, 'opportunity', d.id, null::jsonb, jsonb_build_object('outcome', d.kind), ${closedAt}
      from scale_deals d where d.kind <> 'open' and d.n between ${from} and ${to}`,
    ),
  ]);

  await step('drop scratch maps, analyze', [`drop table scale_projects`, `drop table scale_deals`, `drop table scale_accounts`, `vacuum analyze`]);
  const w = await describe(db, base.workspaceId);
  log(`scale workspace: ${w.deals} deals, ${w.tasks} tasks in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return w;
}
