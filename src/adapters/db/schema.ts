// The table types Kysely checks every query against. Keep in step with the migrations.
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type WorkspacesTable = {
  id: string;
  workspace_id: GeneratedAlways<string>;
  name: string;
  slug: string;
  time_zone: Generated<string>;
  created_at: Timestamp;
};

export type UsersTable = {
  id: string;
  workspace_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  active: Generated<boolean>;
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
  created_at: Timestamp;
};

export type StagesTable = {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  name: string;
  position: number;
  category: string;
  probability: Generated<number>;
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
  created_at: Timestamp;
  updated_at: Timestamp;
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
};

export type Row<T extends keyof DB> = Selectable<DB[T]>;
export type NewRow<T extends keyof DB> = Insertable<DB[T]>;
