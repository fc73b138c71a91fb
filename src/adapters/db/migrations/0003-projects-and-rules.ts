// Frozen: the workspace calendar, the team roster, project templates and projects, and the rules engine.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table workspaces add column business_days smallint[] not null default '{1,2,3,4,5}'`,
  `create table holidays (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    date date not null,
    name text not null check (length(name) between 1 and 200),
    created_at timestamptz not null default now(),
    unique (workspace_id, date)
  )`,
  `alter table pipelines add column project_creation text not null default 'automatic' check (project_creation in ('automatic','manual'))`,
  `alter table opportunities add column custom_fields jsonb not null default '{}'`,

  `create table team_roles (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    key text not null check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
    name text not null check (length(name) between 1 and 200),
    strategy text not null default 'round_robin' check (strategy in ('deal_owner','deal_csm','fixed','round_robin','least_open')),
    fixed_user_id uuid references users(id),
    rr_cursor integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (workspace_id, key)
  )`,
  `create table team_members (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    team_role_id uuid not null references team_roles(id) on delete cascade,
    user_id uuid not null references users(id),
    is_lead boolean not null default false,
    position integer not null default 0,
    created_at timestamptz not null default now(),
    unique (team_role_id, user_id)
  )`,

  `create table project_templates (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    key text not null check (key ~ '^[a-z][a-z0-9_-]{0,62}$'),
    name text not null check (length(name) between 1 and 200),
    description text,
    deal_type text,
    upsell_mode text not null default 'new_project' check (upsell_mode in ('new_project','add_to_existing')),
    current_version integer not null default 1,
    archived_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (workspace_id, key)
  )`,
  `create table project_template_versions (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    template_id uuid not null references project_templates(id),
    version integer not null,
    definition jsonb not null,
    created_by_label text not null,
    created_at timestamptz not null default now(),
    unique (template_id, version)
  )`,

  `create table rules (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    key text not null check (key ~ '^[a-z][a-z0-9_-]{0,62}$'),
    name text not null check (length(name) between 1 and 200),
    description text,
    enabled boolean not null default true,
    position integer not null default 0,
    version integer not null default 1,
    trigger_event text not null,
    definition jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (workspace_id, key)
  )`,
  `create index rules_trigger_idx on rules (workspace_id, trigger_event) where enabled`,
  `create table rule_versions (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    rule_id uuid not null references rules(id),
    version integer not null,
    definition jsonb not null,
    created_by_label text not null,
    created_at timestamptz not null default now(),
    unique (rule_id, version)
  )`,
  `create table rule_runs (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    rule_id uuid not null references rules(id),
    rule_version integer not null,
    run_key text not null,
    trigger_event_id uuid references outbox_events(id),
    trigger_type text not null,
    trigger_label text not null,
    subject_type text not null,
    subject_id uuid not null,
    depth integer not null default 0,
    status text not null default 'pending' check (status in ('pending','running','retrying','succeeded','failed','skipped')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    locked_by text,
    locked_until timestamptz,
    error text,
    conditions jsonb not null default '[]',
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    unique (workspace_id, run_key)
  )`,
  `create index rule_runs_due_idx on rule_runs (next_attempt_at) where status in ('pending','retrying','running')`,
  `create index rule_runs_subject_idx on rule_runs (workspace_id, subject_id, id)`,
  `create index rule_runs_rule_idx on rule_runs (workspace_id, rule_id, id desc)`,
  `create table rule_run_steps (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    run_id uuid not null references rule_runs(id),
    position integer not null,
    action_key text not null,
    action_type text not null,
    params jsonb not null,
    idempotency_key text not null,
    status text not null default 'pending' check (status in ('pending','retrying','succeeded','failed','skipped')),
    attempts integer not null default 0,
    output jsonb,
    error text,
    log jsonb not null default '[]',
    started_at timestamptz,
    finished_at timestamptz,
    unique (workspace_id, idempotency_key)
  )`,
  `create index rule_run_steps_run_idx on rule_run_steps (run_id, position)`,
  `create table rule_timers (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    rule_id uuid not null references rules(id),
    rule_version integer not null,
    timer_key text not null,
    event_id uuid references outbox_events(id),
    subject_type text not null,
    subject_id uuid not null,
    depth integer not null default 0,
    due_at timestamptz not null,
    status text not null default 'waiting' check (status in ('waiting','fired','skipped')),
    reason text,
    run_id uuid references rule_runs(id),
    created_at timestamptz not null default now(),
    decided_at timestamptz,
    unique (workspace_id, timer_key)
  )`,
  `create index rule_timers_due_idx on rule_timers (due_at) where status = 'waiting'`,

  `create table projects (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    account_id uuid not null references accounts(id),
    opportunity_id uuid not null references opportunities(id),
    template_id uuid references project_templates(id),
    template_version integer,
    name text not null check (length(name) between 1 and 300),
    owner_id uuid references users(id),
    status text not null default 'planned' check (status in ('planned','active','on_hold','done','cancelled')),
    health text not null default 'on_track' check (health in ('on_track','at_risk','off_track')),
    start_date date not null,
    target_date date not null,
    origin_run_id uuid references rule_runs(id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index projects_account_idx on projects (workspace_id, account_id)`,
  // One project per deal, whoever creates it (a rule, a person, or both at once).
  `create table project_deals (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    project_id uuid not null references projects(id),
    opportunity_id uuid not null references opportunities(id),
    template_id uuid references project_templates(id),
    template_version integer,
    origin_run_id uuid references rule_runs(id),
    added_by_label text not null,
    added_at timestamptz not null default now(),
    unique (workspace_id, opportunity_id)
  )`,
  `create index project_deals_project_idx on project_deals (workspace_id, project_id)`,
  `create table project_phases (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    project_id uuid not null references projects(id),
    opportunity_id uuid not null references opportunities(id),
    key text not null,
    name text not null,
    position integer not null,
    unique (project_id, opportunity_id, key)
  )`,
  `create table milestones (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    project_id uuid not null references projects(id),
    phase_id uuid not null references project_phases(id),
    key text not null,
    name text not null,
    due_date date not null,
    reached_at timestamptz
  )`,
  `create index milestones_project_idx on milestones (project_id)`,
  `create table tasks (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    project_id uuid references projects(id),
    phase_id uuid references project_phases(id),
    opportunity_id uuid references opportunities(id),
    account_id uuid not null references accounts(id),
    template_key text,
    group_name text,
    title text not null check (length(title) between 1 and 300),
    description text,
    role text,
    owner_id uuid references users(id),
    due_date date,
    estimate_hours real,
    status text not null default 'todo' check (status in ('todo','in_progress','blocked','done','cancelled')),
    flagged boolean not null default false,
    flag_reason text,
    assignment text,
    depends_on uuid[] not null default '{}',
    position integer not null default 0,
    origin_run_id uuid references rule_runs(id),
    origin_key text,
    completed_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create unique index tasks_origin_key on tasks (workspace_id, origin_key) where origin_key is not null`,
  `create index tasks_project_idx on tasks (workspace_id, project_id, position)`,
  `create index tasks_owner_open_idx on tasks (workspace_id, owner_id, due_date) where status in ('todo','in_progress','blocked')`,
  `create index tasks_opportunity_idx on tasks (workspace_id, opportunity_id)`,
  `create table task_comments (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    task_id uuid not null references tasks(id),
    author_id uuid references users(id),
    author_label text not null,
    body text not null check (length(body) between 1 and 10000),
    created_at timestamptz not null default now()
  )`,
  `create index task_comments_task_idx on task_comments (task_id, id)`,

  `create table mail_messages (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    to_user_id uuid references users(id),
    to_address text not null,
    subject text not null,
    body text not null,
    status text not null default 'queued' check (status in ('queued','sent','failed')),
    origin_run_id uuid references rule_runs(id),
    origin_key text,
    transport text,
    error text,
    created_at timestamptz not null default now(),
    sent_at timestamptz
  )`,
  `create unique index mail_messages_origin_key on mail_messages (workspace_id, origin_key) where origin_key is not null`,

  // Notifications made by rules are unique per action and person; one event may now notify a person through two rules.
  `drop index notifications_event_user_key`,
  `alter table notifications add column origin_run_id uuid references rule_runs(id)`,
  `alter table notifications add column origin_key text`,
  `create unique index notifications_origin_key on notifications (workspace_id, origin_key) where origin_key is not null`,
  `create index notifications_event_idx on notifications (event_id) where event_id is not null`,
];

// Workspaces created before rules existed keep what a win did for them: the core rules, as createWorkspace adds them.
const coreRules = [
  {
    key: 'won-activate-client',
    position: 10,
    definition: {
      name: 'Won deal: activate the client',
      description: 'A won deal makes its account an active client (the win itself does this too; the rule shows it).',
      trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
      condition: null,
      actions: [{ key: 'activate', type: 'activate_client', params: {} }],
      repeat: 'once',
    },
  },
  {
    key: 'won-notify-operations',
    position: 20,
    definition: {
      name: 'Won deal: notify Operations',
      description: 'Everyone with the ops role hears about the win in the app.',
      trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
      condition: null,
      actions: [
        {
          key: 'notify-ops',
          type: 'notify',
          params: {
            recipientType: 'role',
            recipient: 'ops',
            channel: 'in_app',
            title: 'Deal won: {{deal.name}}',
            body: '{{account.name}} signed {{deal.amount}} on {{deal.closeDate}}. Delivery can start.',
          },
        },
      ],
      repeat: 'once',
    },
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const rule of coreRules) {
    const definition = JSON.stringify(rule.definition);
    await sql`
      insert into rules (id, workspace_id, key, name, description, position, version, trigger_event, definition)
      select gen_random_uuid(), w.id, ${rule.key}, ${rule.definition.name}, ${rule.definition.description}, ${rule.position}, 1, 'deal.stage_changed', ${definition}::jsonb
      from workspaces w`.execute(db);
    await sql`
      insert into rule_versions (id, workspace_id, rule_id, version, definition, created_by_label)
      select gen_random_uuid(), r.workspace_id, r.id, 1, r.definition, 'migration 0003'
      from rules r where r.key = ${rule.key}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop index if exists notifications_event_idx`).execute(db);
  await sql.raw(`drop index if exists notifications_origin_key`).execute(db);
  await sql.raw(`alter table notifications drop column if exists origin_key, drop column if exists origin_run_id`).execute(db);
  await sql.raw(`create unique index if not exists notifications_event_user_key on notifications (event_id, user_id) where event_id is not null`).execute(db);
  for (const table of [
    'mail_messages',
    'task_comments',
    'tasks',
    'milestones',
    'project_phases',
    'project_deals',
    'projects',
    'rule_timers',
    'rule_run_steps',
    'rule_runs',
    'rule_versions',
    'rules',
    'project_template_versions',
    'project_templates',
    'team_members',
    'team_roles',
    'holidays',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
  await sql.raw(`alter table opportunities drop column if exists custom_fields`).execute(db);
  await sql.raw(`alter table pipelines drop column if exists project_creation`).execute(db);
  await sql.raw(`alter table workspaces drop column if exists business_days`).execute(db);
}
