// The table types Kysely checks every query against. Keep in step with the migrations.
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
/** A JSON column with a database default. */
type JsonWithDefault<T = unknown> = ColumnType<T, string | undefined, string>;

export type WorkspacesTable = {
  id: string;
  workspace_id: GeneratedAlways<string>;
  name: string;
  slug: string;
  time_zone: Generated<string>;
  business_days: Generated<number[]>;
  /** Raised by triggers on every change of the workspace's set-up (migration 0007). */
  config_version: Generated<number>;
  webhook_allowed_hosts: Generated<string[]>;
  /** The currency budgets are given in when no other is named (migration 0070). */
  base_currency: Generated<string>;
  created_at: Timestamp;
  /** The hour of the workspace's day the operations digest goes out, null for none (migration 0061). */
  digest_hour: Generated<number | null>;
  /** The traction signals a deal shows before delivery people join it, and the stage position one of them is (migration 0091). */
  traction_signals: Generated<string[]>;
  traction_stage_position: Generated<number | null>;
};

export type UsersTable = {
  id: string;
  workspace_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  active: Generated<boolean>;
  /** Who approves in their place when a step names "the deal owner's manager", and whom a late approval escalates to. */
  manager_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SessionsTable = {
  id: string;
  workspace_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  expires_at: Timestamp;
  created_at: Timestamp;
};

export type ApiTokensTable = {
  id: string;
  workspace_id: string;
  name: string;
  role: string;
  token_hash: string;
  token_prefix: string;
  created_by: string | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
};

export type AccountsTable = {
  id: string;
  workspace_id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  status: Generated<string>;
  owner_id: string | null;
  csm_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ContactsTable = {
  id: string;
  workspace_id: string;
  account_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  buying_role: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type PipelinesTable = {
  id: string;
  workspace_id: string;
  name: string;
  is_default: Generated<boolean>;
  project_creation: Generated<string>;
  created_at: Timestamp;
  archived_at: Timestamp | null;
  /** Deal field keys that must be filled before a deal of this pipeline is won (migration 0013). */
  required_to_win: Generated<string[]>;
};

export type StagesTable = {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  name: string;
  position: number;
  category: string;
  probability: Generated<number>;
  archived_at: Timestamp | null;
};

export type OpportunitiesTable = {
  id: string;
  workspace_id: string;
  account_id: string;
  pipeline_id: string;
  stage_id: string;
  name: string;
  amount_minor: Generated<number>;
  currency: Generated<string>;
  close_date: string | null;
  deal_type: Generated<string>;
  complexity: Generated<string>;
  payment_terms: string | null;
  contract_version: string | null;
  non_standard_clauses: string | null;
  owner_id: string | null;
  primary_contact_id: string | null;
  stage_changed_at: Timestamp;
  custom_fields: JsonWithDefault<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Whether the buyer confirmed the budget: a traction signal (migration 0091). */
  budget_confirmed: Generated<boolean>;
};

export type StageChangesTable = {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  at: Timestamp;
};

export type DealOutcomesTable = {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  outcome: string;
  reason: string | null;
  stage_id: string;
  amount_minor: number;
  currency: string;
  close_date: string;
  account_status_before: string;
  account_status_after: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  created_at: Timestamp;
  reopened_at: Timestamp | null;
  reopened_by_label: string | null;
  loss_reason_id: string | null;
  loss_note: string | null;
  /** A loss: the open stage and expected close date the deal had, restored when it is reopened. */
  from_stage_id: string | null;
  close_date_before: string | null;
  /** When a project first took the deal of this win (null: none yet, the "won, no project" warning). */
  planned_at: Timestamp | null;
  /** Won before Baton (an import that marks wins as history): no handoff ran, no project is awaited (migration 0092). */
  historical: Generated<boolean>;
  /** Won, standing and without a project yet (kept by the database from the three columns; migration 0046). */
  awaiting_project: GeneratedAlways<boolean>;
};

export type SequencesTable = {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  steps: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
};

export type SequenceEnrolmentsTable = {
  id: string;
  workspace_id: string;
  sequence_id: string;
  contact_id: string;
  account_id: string;
  opportunity_id: string | null;
  status: Generated<string>;
  stopped_reason: string | null;
  stopped_at: Timestamp | null;
  stopped_by_outcome_id: string | null;
  enrolled_at: Timestamp;
};

export type ActivitiesTable = {
  id: string;
  workspace_id: string;
  account_id: string;
  opportunity_id: string | null;
  contact_id: string | null;
  kind: string;
  subject: string | null;
  body: string;
  occurred_at: Timestamp;
  author_id: string | null;
  created_at: Timestamp;
};

export type OutboxEventsTable = {
  id: string;
  workspace_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: Json<Record<string, unknown>>;
  idempotency_key: string;
  status: Generated<string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  processed_at: Timestamp | null;
};

export type OutboxAttemptsTable = {
  id: string;
  workspace_id: string;
  event_id: string;
  attempt: number;
  worker: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  error: string | null;
};

export type NotificationsTable = {
  id: string;
  workspace_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  subject_type: string | null;
  subject_id: string | null;
  event_id: string | null;
  origin_run_id: string | null;
  origin_key: string | null;
  read_at: Timestamp | null;
  created_at: Timestamp;
};

export type AuditLogTable = {
  id: string;
  workspace_id: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  at: Timestamp;
};

export type HolidaysTable = { id: string; workspace_id: string; date: string; name: string; created_at: Timestamp };

export type TeamRolesTable = {
  id: string;
  workspace_id: string;
  key: string;
  name: string;
  strategy: Generated<string>;
  fixed_user_id: string | null;
  rr_cursor: Generated<number>;
  /** 'delivery' (no sales people; project templates use it) or 'sales' (migration 0095). */
  kind: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type TeamMembersTable = {
  id: string;
  workspace_id: string;
  team_role_id: string;
  user_id: string;
  is_lead: Generated<boolean>;
  position: Generated<number>;
  created_at: Timestamp;
};

export type ProjectTemplatesTable = {
  id: string;
  workspace_id: string;
  key: string;
  name: string;
  description: string | null;
  deal_type: string | null;
  upsell_mode: Generated<string>;
  current_version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ProjectTemplateVersionsTable = {
  id: string;
  workspace_id: string;
  template_id: string;
  version: number;
  definition: Json<Record<string, unknown>>;
  created_by_label: string;
  created_at: Timestamp;
};

export type RulesTable = {
  id: string;
  workspace_id: string;
  key: string;
  name: string;
  description: string | null;
  enabled: Generated<boolean>;
  position: Generated<number>;
  version: Generated<number>;
  trigger_event: string;
  definition: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type RuleVersionsTable = {
  id: string;
  workspace_id: string;
  rule_id: string;
  version: number;
  definition: Json<Record<string, unknown>>;
  created_by_label: string;
  created_at: Timestamp;
};

export type RuleRunsTable = {
  id: string;
  workspace_id: string;
  rule_id: string;
  rule_version: number;
  run_key: string;
  trigger_event_id: string | null;
  trigger_type: string;
  trigger_label: string;
  subject_type: string;
  subject_id: string;
  depth: Generated<number>;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  error: string | null;
  conditions: JsonWithDefault<unknown[]>;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The approval request a 'waiting' run waits for. */
  waiting_for: Generated<string | null>;
};

export type RuleRunStepsTable = {
  id: string;
  workspace_id: string;
  run_id: string;
  position: number;
  action_key: string;
  action_type: string;
  params: Json<Record<string, unknown>>;
  idempotency_key: string;
  status: Generated<string>;
  attempts: Generated<number>;
  output: Json<unknown> | null;
  error: string | null;
  log: JsonWithDefault<unknown[]>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
};

export type RuleTimersTable = {
  id: string;
  workspace_id: string;
  rule_id: string;
  rule_version: number;
  timer_key: string;
  event_id: string | null;
  subject_type: string;
  subject_id: string;
  depth: Generated<number>;
  due_at: Timestamp;
  status: Generated<string>;
  reason: string | null;
  run_id: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
};

export type ProjectsTable = {
  id: string;
  workspace_id: string;
  account_id: string;
  opportunity_id: string;
  template_id: string | null;
  template_version: number | null;
  name: string;
  owner_id: string | null;
  status: Generated<string>;
  health: Generated<string>;
  start_date: string;
  target_date: string;
  origin_run_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Put on hold by reopening its won deal; winning it again resumes it. */
  reopen_hold_at: Timestamp | null;
  /** Why the project has its health (domain/delivery.ts), and the day it was computed (migration 0060). */
  health_reasons: JsonWithDefault<unknown[]>;
  health_checked_on: Generated<string | null>;
};

export type ProjectDealsTable = {
  id: string;
  workspace_id: string;
  project_id: string;
  opportunity_id: string;
  template_id: string | null;
  template_version: number | null;
  origin_run_id: string | null;
  added_by_label: string;
  added_at: Timestamp;
};

export type ProjectPhasesTable = { id: string; workspace_id: string; project_id: string; opportunity_id: string; key: string; name: string; position: number };

export type MilestonesTable = {
  id: string;
  workspace_id: string;
  project_id: string;
  phase_id: string;
  key: string;
  name: string;
  due_date: string;
  reached_at: Timestamp | null;
};

export type TasksTable = {
  id: string;
  workspace_id: string;
  project_id: string | null;
  phase_id: string | null;
  opportunity_id: string | null;
  /** Null for a lead's task before the lead's account is known (migration 0070). */
  account_id: string | null;
  template_key: string | null;
  group_name: string | null;
  title: string;
  description: string | null;
  role: string | null;
  owner_id: string | null;
  due_date: string | null;
  estimate_hours: number | null;
  status: Generated<string>;
  flagged: Generated<boolean>;
  flag_reason: string | null;
  assignment: string | null;
  depends_on: Generated<string[]>;
  position: Generated<number>;
  origin_run_id: string | null;
  origin_key: string | null;
  completed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** A lead's task (the handoff to sales) and the people and planning it carries (migration 0070). */
  lead_id: string | null;
  contact_id: string | null;
  reporter_id: string | null;
  starts_at: Timestamp | null;
  priority: string | null;
  category: string | null;
  result: string | null;
  result_details: Json<Record<string, unknown>> | null;
  /** What a trial task must show to be accepted (migration 0091). */
  acceptance_criteria: Generated<string | null>;
};

export type LeadsTable = {
  id: string;
  workspace_id: string;
  title: string;
  stage: Generated<string>;
  need_maturity: Generated<string>;
  source: string | null;
  company_name: string | null;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  account_id: string | null;
  contact_id: string | null;
  distributor_id: string | null;
  owner_id: string | null;
  author_id: string | null;
  expected_sale_date: string | null;
  priority: Generated<string>;
  handoff: Json<Record<string, unknown>> | null;
  opportunity_id: string | null;
  converted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type LeadEventsTable = {
  id: string;
  workspace_id: string;
  lead_id: string;
  kind: string;
  data: JsonWithDefault<Record<string, unknown>>;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  at: Timestamp;
};

export type TaskCommentsTable = {
  id: string;
  workspace_id: string;
  task_id: string;
  author_id: string | null;
  author_label: string;
  body: string;
  created_at: Timestamp;
};

export type MailMessagesTable = {
  id: string;
  workspace_id: string;
  to_user_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  status: Generated<string>;
  origin_run_id: string | null;
  origin_key: string | null;
  transport: string | null;
  error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** The client document the message carries as a PDF (migration 0031). */
  document_id: Generated<string | null>;
  /** An HTML version of the body, sent beside the text (migration 0061). */
  html_body: Generated<string | null>;
  /** The meeting whose iCalendar invitation the message carries, its method and .ics text (migration 0090). */
  meeting_id: Generated<string | null>;
  calendar_method: Generated<string | null>;
  calendar_ics: Generated<string | null>;
};

export type DigestsTable = {
  workspace_id: string;
  on_date: string;
  sent_at: Generated<Date>;
  sent_by_label: string;
  recipients: number;
};

export type ScopeDocumentsTable = {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  kind: string;
  title: string;
  body: string;
  file_name: string | null;
  signed_on: string | null;
  author_id: string | null;
  created_at: Timestamp;
  archived_at: Timestamp | null;
};

export type HandoffBriefsTable = {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  account_id: string;
  status: string;
  paused_from: string | null;
  ae_id: string | null;
  csm_id: string | null;
  extractor: string;
  extractor_note: string | null;
  sources_digest: string;
  revision: Generated<number>;
  dropped: JsonWithDefault<unknown[]>;
  scores: JsonWithDefault<Record<string, unknown>>;
  returns: Generated<number>;
  kickoff_on: string | null;
  kickoff_first_on: string | null;
  kickoff_held_on: string | null;
  first_value_due: string | null;
  first_value_reached_on: string | null;
  first_value_missed_at: Timestamp | null;
  won_at: Timestamp | null;
  accepted_at: Timestamp | null;
  accepted_by_label: string | null;
  origin_run_id: string | null;
  prepared_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** What the handoff metrics count of the brief's events (kept by insertHandoffEvent). */
  measured_returns: Generated<number>;
  measured_return_fields: Generated<string[]>;
  measured_paused: Generated<boolean>;
  measured_kickoff_scheduled: Generated<boolean>;
  measured_kickoff_delayed: Generated<boolean>;
  /** The won deal was reopened; cleared when it is won again. */
  reopened_at: Timestamp | null;
};

export type BriefItemsTable = {
  id: string;
  workspace_id: string;
  brief_id: string;
  kind: string;
  origin: string;
  item_key: string;
  position: Generated<number>;
  extracted: Json<Record<string, unknown>> | null;
  evidence: JsonWithDefault<unknown[]>;
  edit: Json<Record<string, unknown>> | null;
  edited_by_label: string | null;
  edited_at: Timestamp | null;
  owner_id: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_decision: string | null;
  review_note: string | null;
  answer: string | null;
  answer_activity_id: string | null;
  answered_by_label: string | null;
  answered_at: Timestamp | null;
  raised_by_label: string | null;
  dismissed_at: Timestamp | null;
  dismissed_by_label: string | null;
  dismiss_reason: string | null;
  withdrawn_at: Timestamp | null;
  created_by_label: string;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type BriefConflictsTable = {
  id: string;
  workspace_id: string;
  brief_id: string;
  conflict_key: string;
  kind: string;
  summary: string;
  notes_evidence: Json<Record<string, unknown>>;
  scope_evidence: Json<Record<string, unknown>>;
  status: Generated<string>;
  resolution: string | null;
  resolution_note: string | null;
  resolved_by_label: string | null;
  resolved_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  created_at: Timestamp;
  confidence: number | null;
  basis: string | null;
  confirmed_by_label: string | null;
  confirmed_at: Timestamp | null;
};

export type HandoffEventsTable = {
  id: string;
  workspace_id: string;
  brief_id: string;
  opportunity_id: string;
  type: string;
  data: JsonWithDefault<Record<string, unknown>>;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  at: Timestamp;
};

export type LossReasonsTable = {
  id: string;
  workspace_id: string;
  key: string;
  label: string;
  archived: Generated<boolean>;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SavedViewsTable = {
  id: string;
  workspace_id: string;
  owner_id: string;
  entity: string;
  name: string;
  filters: JsonWithDefault<Record<string, unknown>>;
  shared: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type DealTermsTable = {
  opportunity_id: string;
  workspace_id: string;
  billing_schedule: Json<Record<string, unknown>> | null;
  /** numeric(5,2): the driver answers a string. */
  discount_percent: string | number | null;
  clauses: JsonWithDefault<{ title: string; text: string }[]>;
  updated_at: Timestamp;
};

export type DocumentTemplatesTable = {
  id: string;
  workspace_id: string;
  key: string;
  name: string;
  description: string | null;
  current_version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type DocumentTemplateVersionsTable = {
  id: string;
  workspace_id: string;
  template_id: string;
  version: number;
  body: string;
  required_fields: string[];
  created_by_label: string;
  created_at: Timestamp;
};

export type DocumentsTable = {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  template_id: string;
  template_version: number;
  number: string;
  title: string;
  revision: Generated<number>;
  replaces_id: string | null;
  status: Generated<string>;
  data: Json<Record<string, unknown>>;
  markup: string;
  review_comment: string | null;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by_label: string | null;
  sent_at: Timestamp | null;
  sent_to: string | null;
  mail_id: string | null;
  created_by_label: string;
  origin_run_id: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

/** Each person's open tasks, kept by triggers on tasks (migration 0045); read-only for the code. */
export type OpenTaskCountsTable = {
  workspace_id: string;
  user_id: string;
  open_tasks: number;
};

/** One row per standing win for the dashboard's charts, kept by triggers (migration 0096); read-only for the code. */
export type WinSummariesTable = {
  outcome_id: string;
  workspace_id: string;
  opportunity_id: string;
  won_at: Timestamp;
  owner_id: string | null;
  pipeline_id: string;
  project_id: string | null;
  project_owner_id: string | null;
  health: string | null;
  brief_accepted_at: Timestamp | null;
  kickoff_held_on: string | null;
  first_value_reached_on: string | null;
  return_fields: string[];
};

/** The last document number each workspace gave (migration 0051). */
export type DocumentCountersTable = {
  workspace_id: string;
  last_number: number;
};

export type ApprovalPoliciesTable = {
  id: string;
  workspace_id: string;
  key: string;
  name: string;
  description: string | null;
  context: Generated<string[]>;
  condition: ColumnType<unknown, string | null, string | null>;
  steps: Json;
  sla_hours: Generated<number>;
  version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

/** A meeting on a deal: the handoff call (migration 0090). */
export type MeetingsTable = {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  account_id: string;
  kind: string;
  title: string;
  owner_id: string | null;
  status: Generated<string>;
  time_zone: string;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  proposed_times: JsonWithDefault<{ start: string; end: string }[]>;
  uid: string;
  sequence: Generated<number>;
  outcome: string | null;
  outcome_notes: string | null;
  outcome_at: Timestamp | null;
  origin_run_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type MeetingAttendeesTable = {
  meeting_id: string;
  workspace_id: string;
  user_id: string;
  role: string;
  required: Generated<boolean>;
  attended: boolean | null;
};

/** People who follow an account without working on it: the sales rep after the handoff (migration 0090). */
export type AccountWatchersTable = {
  account_id: string;
  workspace_id: string;
  user_id: string;
  reason: string;
  meeting_id: string | null;
  created_at: Generated<Date>;
};

export type ApprovalRequestsTable = {
  id: string;
  workspace_id: string;
  policy_id: string;
  opportunity_id: string;
  policy_version: number;
  status: Generated<string>;
  round: Generated<number>;
  step: Generated<number>;
  steps: Json;
  snapshot: Json;
  sla_hours: number;
  step_started_at: Timestamp;
  remind_at: Timestamp | null;
  escalate_at: Timestamp | null;
  reminded_at: Timestamp | null;
  escalated_at: Timestamp | null;
  decided_at: Timestamp | null;
  decision_comment: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ApprovalAssignmentsTable = {
  id: string;
  workspace_id: string;
  request_id: string;
  round: number;
  step: number;
  user_id: string;
  delegate_id: string | null;
  escalated_to: Generated<string[]>;
  decision: string | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
};

export type ApprovalDelegationsTable = {
  id: string;
  workspace_id: string;
  from_user_id: string;
  to_user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_at: Timestamp;
};

export type WebhookSubscriptionsTable = {
  id: string;
  workspace_id: string;
  url: string;
  description: string | null;
  event_types: string[];
  secret: string;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  failing_since: Timestamp | null;
  consecutive_failures: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
};

export type WebhookDeliveriesTable = {
  id: string;
  workspace_id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  log: JsonWithDefault<unknown[]>;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
};

export type InboundConnectionsTable = {
  id: string;
  workspace_id: string;
  name: string;
  kind: string;
  secrets: JsonWithDefault<Record<string, string>>;
  stage_map: JsonWithDefault<unknown[]>;
  field_map: JsonWithDefault<Record<string, string>>;
  pipeline_id: string | null;
  public_url: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type InboundEventsTable = {
  id: string;
  workspace_id: string;
  connection_id: string;
  format: string;
  external_id: string | null;
  external_deal_id: string | null;
  occurred_at: Timestamp | null;
  status: string;
  outcome: string | null;
  opportunity_id: string | null;
  raw: string;
  headers: JsonWithDefault<Record<string, string>>;
  attempts: Generated<number>;
  received_at: Generated<Date>;
  processed_at: Timestamp | null;
};

export type InboundLinksTable = {
  workspace_id: string;
  connection_id: string;
  entity_type: string;
  external_id: string;
  account_id: string | null;
  contact_id: string | null;
  opportunity_id: string | null;
  /** The sender's time of the newest event whose stage was applied, and of each field (name -> ISO time). */
  stage_occurred_at: Timestamp | null;
  field_times: JsonWithDefault<Record<string, string>>;
  created_at: Generated<Date>;
};

export type ImportLinksTable = {
  workspace_id: string;
  source: string;
  entity_type: string;
  external_id: string;
  account_id: string | null;
  opportunity_id: string | null;
  /** A contact's link (migration 0094). */
  contact_id: Generated<string | null>;
  created_at: Generated<Date>;
};

/** A column mapping a user confirmed, per source and entity: suggested the next time (migration 0092). */
export type ImportMappingsTable = {
  workspace_id: string;
  source: string;
  entity: string;
  mapping: JsonWithDefault<Record<string, string>>;
  updated_by: string | null;
  updated_at: Generated<Date>;
};

/** An import run as a job: its progress, counts, options and per-row problems (migration 0092). */
export type ImportsTable = {
  id: string;
  workspace_id: string;
  entity: string;
  source: string;
  file_name: string | null;
  status: string;
  dry_run: Generated<boolean>;
  total: Generated<number>;
  done: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  options: JsonWithDefault<Record<string, unknown>>;
  problems: JsonWithDefault<{ row: number; column: string; value: string; reason: string }[]>;
  error: string | null;
  created_by: string | null;
  created_by_label: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Timestamp | null;
};

export type DB = {
  workspaces: WorkspacesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  pipelines: PipelinesTable;
  stages: StagesTable;
  opportunities: OpportunitiesTable;
  stage_changes: StageChangesTable;
  deal_outcomes: DealOutcomesTable;
  sequences: SequencesTable;
  sequence_enrolments: SequenceEnrolmentsTable;
  activities: ActivitiesTable;
  outbox_events: OutboxEventsTable;
  outbox_attempts: OutboxAttemptsTable;
  notifications: NotificationsTable;
  audit_log: AuditLogTable;
  holidays: HolidaysTable;
  team_roles: TeamRolesTable;
  team_members: TeamMembersTable;
  project_templates: ProjectTemplatesTable;
  project_template_versions: ProjectTemplateVersionsTable;
  rules: RulesTable;
  rule_versions: RuleVersionsTable;
  rule_runs: RuleRunsTable;
  rule_run_steps: RuleRunStepsTable;
  rule_timers: RuleTimersTable;
  projects: ProjectsTable;
  project_deals: ProjectDealsTable;
  project_phases: ProjectPhasesTable;
  milestones: MilestonesTable;
  tasks: TasksTable;
  leads: LeadsTable;
  lead_events: LeadEventsTable;
  open_task_counts: OpenTaskCountsTable;
  win_summaries: WinSummariesTable;
  task_comments: TaskCommentsTable;
  mail_messages: MailMessagesTable;
  scope_documents: ScopeDocumentsTable;
  handoff_briefs: HandoffBriefsTable;
  brief_items: BriefItemsTable;
  brief_conflicts: BriefConflictsTable;
  handoff_events: HandoffEventsTable;
  loss_reasons: LossReasonsTable;
  saved_views: SavedViewsTable;
  deal_terms: DealTermsTable;
  document_templates: DocumentTemplatesTable;
  document_template_versions: DocumentTemplateVersionsTable;
  documents: DocumentsTable;
  document_counters: DocumentCountersTable;
  approval_policies: ApprovalPoliciesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  approval_requests: ApprovalRequestsTable;
  digests: DigestsTable;
  approval_assignments: ApprovalAssignmentsTable;
  approval_delegations: ApprovalDelegationsTable;
  inbound_connections: InboundConnectionsTable;
  inbound_events: InboundEventsTable;
  inbound_links: InboundLinksTable;
  import_links: ImportLinksTable;
  import_mappings: ImportMappingsTable;
  imports: ImportsTable;
  meetings: MeetingsTable;
  meeting_attendees: MeetingAttendeesTable;
  account_watchers: AccountWatchersTable;
};

export type Row<T extends keyof DB> = Selectable<DB[T]>;
export type NewRow<T extends keyof DB> = Insertable<DB[T]>;
