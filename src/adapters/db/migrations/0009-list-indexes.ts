// Frozen: indexes that keep the list pages fast at 100,000 deals and 1,000,000 tasks (issue 8, "reads at scale").
// Each serves one page's filter and sort, so the page reads its 50 rows (or only what is current) instead of
// all history: a project's task counts, "my tasks" and the open tasks by due date, and each kind of warning.
import { sql, type Kysely } from 'kysely';

const open = `status in ('todo','in_progress','blocked')`;

const statements = [
  // The projects list counts each project's tasks by status, overdue and flagged: read from the index alone.
  `create index tasks_project_status_idx on tasks (project_id, status) include (due_date, flagged)`,
  // "My tasks" and the open tasks list sort by due date (no date last), then id: the index is that order.
  `drop index if exists tasks_owner_open_idx`,
  `create index tasks_owner_open_idx on tasks (workspace_id, owner_id, (coalesce(due_date, 'infinity'::date)), id) where ${open}`,
  `create index tasks_open_due_idx on tasks (workspace_id, (coalesce(due_date, 'infinity'::date)), id) where ${open}`,
  // Warnings: only what needs attention now is in these indexes, however long the history.
  `create index tasks_flagged_open_idx on tasks (workspace_id, created_at desc) where flagged and ${open}`,
  `create index projects_ownerless_idx on projects (workspace_id, created_at desc) where owner_id is null and status not in ('done','cancelled')`,
  `create index rule_runs_attention_idx on rule_runs (workspace_id, id desc) where status in ('failed','pending','retrying','running')`,
  `create index outbox_events_attention_idx on outbox_events (workspace_id, id desc) where status in ('failed','pending')`,
  // Standing wins, newest first, with their deal: checked against the deals' projects without visiting the deals.
  `create index deal_outcomes_won_idx on deal_outcomes (workspace_id, created_at desc) include (opportunity_id) where outcome = 'won' and reopened_at is null`,
  // The timeline: a deal's handoff events, and its outcomes when reached from a stopped enrolment (no workspace column to lead with).
  `create index handoff_events_opportunity_idx on handoff_events (workspace_id, opportunity_id, at)`,
  `create index deal_outcomes_deal_idx on deal_outcomes (opportunity_id)`,
  // Handoff metrics read the briefs created in a period.
  `create index handoff_briefs_created_idx on handoff_briefs (workspace_id, created_at)`,
  // Unread notifications are counted on every page (the bell).
  `create index notifications_unread_idx on notifications (workspace_id, user_id) where read_at is null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'notifications_unread_idx',
    'handoff_briefs_created_idx',
    'deal_outcomes_deal_idx',
    'handoff_events_opportunity_idx',
    'deal_outcomes_won_idx',
    'outbox_events_attention_idx',
    'rule_runs_attention_idx',
    'projects_ownerless_idx',
    'tasks_flagged_open_idx',
    'tasks_open_due_idx',
    'tasks_owner_open_idx',
    'tasks_project_status_idx',
  ])
    await sql.raw(`drop index if exists ${index}`).execute(db);
  await sql.raw(`create index tasks_owner_open_idx on tasks (workspace_id, owner_id, due_date) where ${open}`).execute(db);
}
