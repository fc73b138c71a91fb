// Frozen: finance and legal approvals. A person's manager (for "the deal owner's manager" and escalations), approval
// policies (a condition over the deal and its terms, a chain of steps, an SLA in business hours), one request per
// deal and policy with its frozen context, the approvers of each step and round, and delegations.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column manager_id uuid references users(id)`.execute(db);
  await sql`
    create table approval_policies (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      key text not null check (key ~ '^[a-z][a-z0-9_-]{0,62}$'),
      name text not null check (length(name) between 1 and 200),
      description text,
      context text[] not null default '{finance,legal}',
      condition jsonb,
      steps jsonb not null,
      sla_hours integer not null default 8 check (sla_hours between 1 and 400),
      version integer not null default 1,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (workspace_id, key)
    )`.execute(db);
  await sql`
    create table approval_requests (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      policy_id uuid not null references approval_policies(id),
      opportunity_id uuid not null references opportunities(id),
      policy_version integer not null,
      status text not null default 'pending' check (status in ('pending','approved','rejected','withdrawn')),
      round integer not null default 1,
      step integer not null default 0,
      steps jsonb not null,
      snapshot jsonb not null,
      sla_hours integer not null,
      step_started_at timestamptz not null,
      remind_at timestamptz,
      escalate_at timestamptz,
      reminded_at timestamptz,
      escalated_at timestamptz,
      decided_at timestamptz,
      decision_comment text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // One request per deal and policy, however often (and however concurrently) its triggers repeat.
  await sql`create unique index approval_requests_once on approval_requests (workspace_id, policy_id, opportunity_id)`.execute(db);
  await sql`create index approval_requests_deal on approval_requests (workspace_id, opportunity_id)`.execute(db);
  await sql`create index approval_requests_remind on approval_requests (remind_at) where status = 'pending' and reminded_at is null`.execute(db);
  await sql`create index approval_requests_escalate on approval_requests (escalate_at) where status = 'pending' and escalated_at is null`.execute(db);
  await sql`
    create table approval_assignments (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      request_id uuid not null references approval_requests(id),
      round integer not null,
      step integer not null,
      user_id uuid not null references users(id),
      delegate_id uuid references users(id),
      escalated_to uuid[] not null default '{}',
      decision text check (decision in ('approved','rejected')),
      comment text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      unique (request_id, round, step, user_id)
    )`.execute(db);
  await sql`create index approval_assignments_user on approval_assignments (workspace_id, user_id)`.execute(db);
  await sql`create index approval_assignments_delegate on approval_assignments (workspace_id, delegate_id) where delegate_id is not null`.execute(db);
  await sql`
    create table approval_delegations (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      from_user_id uuid not null references users(id),
      to_user_id uuid not null references users(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      created_at timestamptz not null default now(),
      check (ends_at > starts_at),
      check (from_user_id <> to_user_id)
    )`.execute(db);
  await sql`create index approval_delegations_to on approval_delegations (workspace_id, to_user_id, ends_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists approval_delegations`.execute(db);
  await sql`drop table if exists approval_assignments`.execute(db);
  await sql`drop table if exists approval_requests`.execute(db);
  await sql`drop table if exists approval_policies`.execute(db);
  await sql`alter table users drop column if exists manager_id`.execute(db);
}
