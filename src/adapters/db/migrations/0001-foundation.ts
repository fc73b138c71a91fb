// Frozen: the foundation schema. Every table carries workspace_id; ids are UUIDs (v7 from the app).
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table workspaces (
    id uuid primary key,
    workspace_id uuid not null generated always as (id) stored,
    name text not null check (length(name) between 1 and 200),
    slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    time_zone text not null default 'UTC',
    created_at timestamptz not null default now()
  )`,
  `create table users (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    email text not null,
    name text not null,
    role text not null check (role in ('admin','sales','cs','pm','ops','finance','legal')),
    password_hash text,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create unique index users_email_key on users (lower(email))`,
  `create index users_workspace_role_idx on users (workspace_id, role)`,
  `create table sessions (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    user_id uuid not null references users(id),
    token_hash text not null unique,
    csrf_token text not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
  )`,
  `create table api_tokens (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    name text not null,
    role text not null check (role in ('admin','sales','cs','pm','ops','finance','legal')),
    token_hash text not null unique,
    token_prefix text not null,
    created_by uuid references users(id),
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create table accounts (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    name text not null,
    domain text,
    industry text,
    status text not null default 'prospect' check (status in ('prospect','active','inactive','churned')),
    owner_id uuid references users(id),
    csm_id uuid references users(id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index accounts_workspace_idx on accounts (workspace_id, id)`,
  `create table contacts (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    account_id uuid not null references accounts(id),
    first_name text not null,
    last_name text not null,
    email text,
    phone text,
    title text,
    buying_role text check (buying_role in ('sponsor','decision_maker','user','technical')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index contacts_account_idx on contacts (workspace_id, account_id)`,
  `create table pipelines (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    name text not null,
    is_default boolean not null default false,
    created_at timestamptz not null default now()
  )`,
  `create unique index pipelines_default_key on pipelines (workspace_id) where is_default`,
  `create table stages (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    pipeline_id uuid not null references pipelines(id),
    name text not null,
    position integer not null,
    category text not null check (category in ('open','won','lost')),
    probability integer not null default 0 check (probability between 0 and 100),
    unique (pipeline_id, name)
  )`,
  `create table opportunities (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    account_id uuid not null references accounts(id),
    pipeline_id uuid not null references pipelines(id),
    stage_id uuid not null references stages(id),
    name text not null,
    amount_minor bigint not null default 0 check (amount_minor >= 0),
    currency char(3) not null default 'USD',
    close_date date,
    deal_type text not null default 'new_business',
    complexity text not null default 'simple' check (complexity in ('simple','complex')),
    payment_terms text,
    contract_version text,
    non_standard_clauses text,
    owner_id uuid references users(id),
    primary_contact_id uuid references contacts(id),
    stage_changed_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index opportunities_stage_idx on opportunities (workspace_id, stage_id, id)`,
  `create index opportunities_account_idx on opportunities (workspace_id, account_id)`,
  `create table stage_changes (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    opportunity_id uuid not null references opportunities(id),
    from_stage_id uuid references stages(id),
    to_stage_id uuid not null references stages(id),
    actor_type text not null,
    actor_id uuid,
    actor_label text not null,
    at timestamptz not null default now()
  )`,
  `create index stage_changes_opportunity_idx on stage_changes (workspace_id, opportunity_id, at)`,
  `create table deal_outcomes (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    opportunity_id uuid not null references opportunities(id),
    outcome text not null check (outcome in ('won','lost')),
    reason text,
    stage_id uuid not null references stages(id),
    amount_minor bigint not null,
    currency char(3) not null,
    close_date date not null,
    account_status_before text not null,
    account_status_after text not null,
    actor_type text not null,
    actor_id uuid,
    actor_label text not null,
    created_at timestamptz not null default now(),
    reopened_at timestamptz,
    reopened_by_label text
  )`,
  // At most one standing outcome per deal: the second concurrent win cannot insert a second record.
  `create unique index deal_outcomes_current_key on deal_outcomes (opportunity_id) where reopened_at is null`,
  `create table sequences (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    name text not null,
    description text,
    steps integer not null default 3,
    active boolean not null default true,
    created_at timestamptz not null default now()
  )`,
  `create table sequence_enrolments (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    sequence_id uuid not null references sequences(id),
    contact_id uuid not null references contacts(id),
    account_id uuid not null references accounts(id),
    opportunity_id uuid references opportunities(id),
    status text not null default 'active' check (status in ('active','stopped','completed')),
    stopped_reason text,
    stopped_at timestamptz,
    stopped_by_outcome_id uuid references deal_outcomes(id),
    enrolled_at timestamptz not null default now()
  )`,
  `create unique index sequence_enrolments_active_key on sequence_enrolments (sequence_id, contact_id) where status = 'active'`,
  `create index sequence_enrolments_account_idx on sequence_enrolments (workspace_id, account_id, status)`,
  `create table activities (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    account_id uuid not null references accounts(id),
    opportunity_id uuid references opportunities(id),
    contact_id uuid references contacts(id),
    kind text not null check (kind in ('note','call','email','meeting')),
    subject text,
    body text not null,
    occurred_at timestamptz not null,
    author_id uuid references users(id),
    created_at timestamptz not null default now()
  )`,
  `create index activities_opportunity_idx on activities (workspace_id, opportunity_id, occurred_at)`,
  `create index activities_account_idx on activities (workspace_id, account_id, occurred_at)`,
  `create table outbox_events (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    type text not null,
    subject_type text not null,
    subject_id uuid not null,
    payload jsonb not null,
    idempotency_key text not null unique,
    status text not null default 'pending' check (status in ('pending','done','failed')),
    attempts integer not null default 0,
    max_attempts integer not null default 8,
    next_attempt_at timestamptz not null default now(),
    locked_by text,
    locked_until timestamptz,
    last_error text,
    created_at timestamptz not null default now(),
    processed_at timestamptz
  )`,
  `create index outbox_events_due_idx on outbox_events (next_attempt_at) where status = 'pending'`,
  `create index outbox_events_subject_idx on outbox_events (workspace_id, subject_id)`,
  `create table outbox_attempts (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    event_id uuid not null references outbox_events(id),
    attempt integer not null,
    worker text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    error text
  )`,
  `create index outbox_attempts_event_idx on outbox_attempts (event_id, attempt)`,
  `create table notifications (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    user_id uuid not null references users(id),
    kind text not null,
    title text not null,
    body text not null,
    subject_type text,
    subject_id uuid,
    event_id uuid references outbox_events(id),
    read_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  // One notification per event and recipient, however often the event is delivered.
  `create unique index notifications_event_user_key on notifications (event_id, user_id) where event_id is not null`,
  `create index notifications_user_idx on notifications (workspace_id, user_id, id desc)`,
  `create index notifications_subject_idx on notifications (workspace_id, subject_id)`,
  `create table audit_log (
    id uuid primary key,
    workspace_id uuid not null references workspaces(id),
    actor_type text not null check (actor_type in ('user','token','automation','system')),
    actor_id uuid,
    actor_label text not null,
    action text not null,
    entity_type text not null,
    entity_id uuid not null,
    before jsonb,
    after jsonb,
    at timestamptz not null default now()
  )`,
  `create index audit_log_entity_idx on audit_log (workspace_id, entity_id, at)`,
  `create index audit_log_workspace_idx on audit_log (workspace_id, id desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'notifications', 'outbox_attempts', 'outbox_events', 'activities', 'sequence_enrolments', 'sequences', 'deal_outcomes', 'stage_changes', 'opportunities', 'stages', 'pipelines', 'contacts', 'accounts', 'api_tokens', 'sessions', 'users', 'workspaces']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
