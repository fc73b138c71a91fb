// Frozen: the customer-success handoff brief: signed scope documents, the brief and its items with evidence,
// conflicts between the notes and the scope, the handoff's measurement events, and the rules that drive it.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table scope_documents (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    opportunity_id uuid not null references opportunities(id),
    kind text not null check (kind in ('sow','order_form','contract','other')),
    title text not null check (length(title) between 1 and 300),
    body text not null check (length(body) between 1 and 1000000),
    file_name text,
    signed_on date,
    author_id uuid references users(id),
    created_at timestamptz not null default now(),
    archived_at timestamptz
  )`,
  `create index scope_documents_opportunity_idx on scope_documents (workspace_id, opportunity_id) where archived_at is null`,

  `create table handoff_briefs (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    opportunity_id uuid not null references opportunities(id),
    account_id uuid not null references accounts(id),
    status text not null check (status in ('draft','ae_review','csm_review','returned','paused','accepted')),
    paused_from text check (paused_from in ('draft','ae_review','csm_review','returned')),
    ae_id uuid references users(id),
    csm_id uuid references users(id),
    extractor text not null,
    extractor_note text,
    sources_digest text not null,
    revision integer not null default 1,
    dropped jsonb not null default '[]',
    scores jsonb not null default '{}',
    returns integer not null default 0,
    kickoff_on date,
    kickoff_first_on date,
    kickoff_held_on date,
    first_value_due date,
    first_value_reached_on date,
    first_value_missed_at timestamptz,
    won_at timestamptz,
    accepted_at timestamptz,
    accepted_by_label text,
    origin_run_id uuid references rule_runs(id),
    prepared_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (workspace_id, opportunity_id)
  )`,
  `create index handoff_briefs_status_idx on handoff_briefs (workspace_id, status, id)`,

  `create table brief_items (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    brief_id uuid not null references handoff_briefs(id),
    kind text not null check (kind in ('goal','workflow','success_criterion','first_value','stakeholder','promise','risk','question','kickoff_task')),
    origin text not null check (origin in ('extracted','person')),
    item_key text not null,
    position integer not null default 0,
    extracted jsonb,
    evidence jsonb not null default '[]',
    edit jsonb,
    edited_by_label text,
    edited_at timestamptz,
    owner_id uuid references users(id),
    reviewed_by uuid references users(id),
    reviewed_at timestamptz,
    review_decision text check (review_decision in ('confirmed','corrected')),
    review_note text,
    answer text,
    answer_activity_id uuid references activities(id),
    answered_by_label text,
    answered_at timestamptz,
    raised_by_label text,
    dismissed_at timestamptz,
    dismissed_by_label text,
    dismiss_reason text,
    withdrawn_at timestamptz,
    created_by_label text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (brief_id, item_key)
  )`,
  `create index brief_items_brief_idx on brief_items (brief_id, kind, position)`,

  `create table brief_conflicts (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    brief_id uuid not null references handoff_briefs(id),
    conflict_key text not null,
    kind text not null check (kind in ('timeline','integration','discount','scope','pricing','sla')),
    summary text not null,
    notes_evidence jsonb not null,
    scope_evidence jsonb not null,
    status text not null default 'open' check (status in ('open','resolved')),
    resolution text check (resolution in ('scope_prevails','notes_prevail','settled')),
    resolution_note text,
    resolved_by_label text,
    resolved_at timestamptz,
    withdrawn_at timestamptz,
    created_at timestamptz not null default now(),
    unique (brief_id, conflict_key)
  )`,

  `create table handoff_events (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    brief_id uuid not null references handoff_briefs(id),
    opportunity_id uuid not null references opportunities(id),
    type text not null,
    data jsonb not null default '{}',
    actor_type text not null,
    actor_id uuid,
    actor_label text not null,
    at timestamptz not null default now()
  )`,
  `create index handoff_events_brief_idx on handoff_events (brief_id, at)`,
  `create index handoff_events_type_idx on handoff_events (workspace_id, type, at)`,
];

// Every workspace gets the handoff's rules, as createWorkspace adds them to new ones.
const handoffRules = [
  {
    key: 'won-prepare-brief',
    position: 30,
    triggerEvent: 'deal.stage_changed',
    definition: {
      name: 'Won deal: prepare the handoff brief',
      description:
        "Prepares the customer-success handoff brief from the deal's notes, calls, e-mails, signed scope, fields and contacts, and puts it in the AE's review.",
      trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
      condition: null,
      actions: [{ key: 'brief', type: 'prepare_brief', params: {} }],
      repeat: 'once',
    },
  },
  {
    key: 'activity-refresh-brief',
    position: 31,
    triggerEvent: 'activity.logged',
    definition: {
      name: 'New note on a handoff in review: refresh the brief',
      description: 'A note, call, e-mail or meeting logged on a won deal whose handoff is not accepted yet refreshes its brief.',
      trigger: { type: 'event', event: 'activity.logged' },
      condition: { field: 'handoff.status', op: 'in', value: ['draft', 'ae_review', 'csm_review', 'returned', 'paused'] },
      actions: [{ key: 'brief', type: 'prepare_brief', params: {} }],
      repeat: 'every_event',
    },
  },
  {
    key: 'handoff-accepted-kickoff-tasks',
    position: 32,
    triggerEvent: 'handoff.accepted',
    definition: {
      name: 'Handoff accepted: create the kickoff preparation tasks',
      description: "Turns the brief's kickoff preparation list into tasks for the CSM, due before the kickoff.",
      trigger: { type: 'event', event: 'handoff.accepted' },
      condition: null,
      actions: [{ key: 'kickoff-tasks', type: 'create_kickoff_tasks', params: { dueInBusinessDays: 2 } }],
      repeat: 'once',
    },
  },
  {
    key: 'handoff-returned-tell-ae',
    position: 33,
    triggerEvent: 'handoff.returned',
    definition: {
      name: 'Handoff returned: tell the AE',
      description: 'The account executive hears which questions the CSM needs answered.',
      trigger: { type: 'event', event: 'handoff.returned' },
      condition: null,
      actions: [
        {
          key: 'notify-ae',
          type: 'notify',
          params: {
            recipientType: 'deal_owner',
            channel: 'in_app',
            title: 'Handoff returned: {{deal.name}}',
            body: 'The CSM returned the handoff brief with questions: {{handoff.questions}}',
          },
        },
      ],
      repeat: 'every_event',
    },
  },
  {
    key: 'handoff-paused-tell-ae',
    position: 34,
    triggerEvent: 'handoff.paused',
    definition: {
      name: 'Handoff paused: tell the AE and the CSM',
      description: 'The sales notes and the signed scope disagree; the handoff waits until each conflict is settled.',
      trigger: { type: 'event', event: 'handoff.paused' },
      condition: null,
      actions: [
        {
          key: 'notify-ae',
          type: 'notify',
          params: {
            recipientType: 'deal_owner',
            channel: 'in_app',
            title: 'Handoff paused: {{deal.name}}',
            body: 'The sales notes and the signed scope disagree: {{handoff.conflicts}}',
          },
        },
        {
          key: 'notify-csm',
          type: 'notify',
          params: {
            recipientType: 'account_csm',
            channel: 'in_app',
            title: 'Handoff paused: {{deal.name}}',
            body: 'The sales notes and the signed scope disagree: {{handoff.conflicts}}',
          },
        },
      ],
      repeat: 'every_event',
    },
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const rule of handoffRules) {
    const definition = JSON.stringify(rule.definition);
    await sql`
      insert into rules (id, workspace_id, key, name, description, position, version, trigger_event, definition)
      select gen_random_uuid(), w.id, ${rule.key}, ${rule.definition.name}, ${rule.definition.description}, ${rule.position}, 1, ${rule.triggerEvent}, ${definition}::jsonb
      from workspaces w
      where not exists (select 1 from rules r where r.workspace_id = w.id and r.key = ${rule.key})`.execute(db);
    await sql`
      insert into rule_versions (id, workspace_id, rule_id, version, definition, created_by_label)
      select gen_random_uuid(), r.workspace_id, r.id, 1, r.definition, 'migration 0004'
      from rules r where r.key = ${rule.key}
      and not exists (select 1 from rule_versions v where v.rule_id = r.id)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const rule of handoffRules) {
    await sql`delete from rule_versions where rule_id in (select id from rules where key = ${rule.key})`.execute(db);
    await sql`delete from rules where key = ${rule.key} and not exists (select 1 from rule_runs where rule_id = rules.id)`.execute(db);
  }
  for (const table of ['handoff_events', 'brief_conflicts', 'brief_items', 'handoff_briefs', 'scope_documents']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
