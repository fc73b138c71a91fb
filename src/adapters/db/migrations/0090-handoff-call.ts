// Frozen: the handoff call. A meeting on a won deal (one handoff call per deal), its required attendees and their
// attendance, the times it proposes, its iCalendar identity (UID, SEQUENCE) and outcome; e-mails that carry an
// invitation; and the account's watchers (the sales rep after the handoff).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table meetings (
      id uuid primary key,
      workspace_id uuid not null references workspaces(id),
      opportunity_id uuid not null references opportunities(id),
      account_id uuid not null references accounts(id),
      kind text not null check (kind in ('handoff_call')),
      title text not null check (length(title) between 1 and 300),
      owner_id uuid references users(id),
      status text not null default 'proposed' check (status in ('proposed','invited','held','no_show','cancelled')),
      time_zone text not null,
      starts_at timestamptz,
      ends_at timestamptz,
      proposed_times jsonb not null default '[]',
      uid text not null,
      sequence integer not null default 0,
      outcome text check (outcome in ('held','no_show','rescheduled')),
      outcome_notes text,
      outcome_at timestamptz,
      origin_run_id uuid references rule_runs(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((starts_at is null) = (ends_at is null) and (ends_at is null or ends_at > starts_at))
    )`.execute(db);
  await sql`create unique index meetings_handoff_call_key on meetings (workspace_id, opportunity_id) where kind = 'handoff_call'`.execute(db);
  await sql`create unique index meetings_uid_key on meetings (uid)`.execute(db);
  await sql`
    create table meeting_attendees (
      meeting_id uuid not null references meetings(id),
      workspace_id uuid not null references workspaces(id),
      user_id uuid not null references users(id),
      role text not null check (role in ('sales_rep','pm','tech_lead')),
      required boolean not null default true,
      attended boolean,
      primary key (meeting_id, user_id)
    )`.execute(db);
  await sql`create index meeting_attendees_user_idx on meeting_attendees (workspace_id, user_id)`.execute(db);
  await sql`
    alter table mail_messages
      add column meeting_id uuid references meetings(id),
      add column calendar_method text check (calendar_method in ('REQUEST','CANCEL')),
      add column calendar_ics text`.execute(db);
  await sql`
    create table account_watchers (
      account_id uuid not null references accounts(id),
      workspace_id uuid not null references workspaces(id),
      user_id uuid not null references users(id),
      reason text not null,
      meeting_id uuid references meetings(id),
      created_at timestamptz not null default now(),
      primary key (account_id, user_id)
    )`.execute(db);
  await sql`create index account_watchers_user_idx on account_watchers (workspace_id, user_id)`.execute(db);
}
