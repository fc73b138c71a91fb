// One error type for every expected failure; `kind` decides the HTTP status, `code` names the case.
export type ErrorKind = 'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'unauthorized' | 'rate_limited' | 'unavailable';

export type ErrorCode =
  | 'auth.invalid_credentials'
  | 'auth.required'
  | 'auth.csrf'
  | 'auth.forbidden'
  | 'auth.too_many_attempts'
  | 'opportunity.not_found'
  | 'opportunity.already_lost'
  | 'opportunity.already_won'
  | 'opportunity.not_closed'
  | 'opportunity.no_stage_for_category'
  | 'opportunity.stage_not_in_pipeline'
  | 'opportunity.missing_fields'
  | 'loss_reason.not_found'
  | 'loss_reason.key_taken'
  | 'account.not_found'
  | 'contact.not_found'
  | 'user.not_found'
  | 'user.email_taken'
  | 'stage.not_found'
  | 'pipeline.not_found'
  | 'import.not_found'
  | 'pipeline.name_taken'
  | 'pipeline.in_use'
  | 'stage.in_use'
  | 'sequence.not_found'
  | 'enrolment.not_found'
  | 'enrolment.already_active'
  | 'token.not_found'
  | 'outbox.not_found'
  | 'outbox.already_delivered'
  | 'notification.not_found'
  | 'opportunity.not_won'
  | 'project.not_found'
  | 'project.exists'
  | 'project.manual_only'
  | 'task.not_found'
  | 'task.blocked_by_dependencies'
  | 'template.not_found'
  | 'template.none_for_deal'
  | 'template.key_taken'
  | 'team_role.not_found'
  | 'team_role.key_taken'
  | 'rule.not_found'
  | 'rule.key_taken'
  | 'run.not_found'
  | 'run.not_retryable'
  | 'action.failed'
  | 'brief.not_found'
  | 'brief.wrong_status'
  | 'brief.gates_open'
  | 'brief.not_yours'
  | 'brief.closed'
  | 'brief_item.not_found'
  | 'brief_item.wrong_kind'
  | 'brief_conflict.not_found'
  | 'scope_document.not_found'
  | 'extractor.failed'
  | 'webhook.refused'
  | 'view.not_found'
  | 'view.name_taken'
  | 'view.not_yours'
  | 'view.needs_person'
  | 'validation'
  | 'not_found'
  | 'document_template.not_found'
  | 'document_template.key_taken'
  | 'document_template.invalid'
  | 'document.not_found'
  | 'document.missing_data'
  | 'document.wrong_status'
  | 'document.no_recipient'
  | 'mail.not_found'
  | 'meeting.not_found'
  | 'meeting.wrong_status'
  | 'meeting.no_time'
  | 'mail.no_attachment'
  | 'document.held_by_approval'
  | 'approval_policy.not_found'
  | 'approval_policy.key_taken'
  | 'approval.not_found'
  | 'approval.not_an_approver'
  | 'approval.already_decided'
  | 'webhook_subscription.not_found'
  | 'webhook_delivery.not_found'
  | 'inbound_connection.not_found'
  | 'inbound_connection.name_taken'
  | 'inbound_event.not_found'
  | 'inbound_event.not_reprocessable'
  | 'inbound.bad_signature'
  | 'inbound.malformed'
  | 'lead.not_found'
  | 'lead.converted'
  | 'lead.disqualified'
  | 'lead.not_in_handoff'
  | 'task.needs_result'
  | 'task.closed'
  | 'task.traction_not_met'
  | 'task.needs_acceptance';

export type FieldIssue = { path: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;
  readonly fields: FieldIssue[] | undefined;

  constructor(code: ErrorCode, kind: ErrorKind, message: string, extra: { details?: Record<string, unknown>; fields?: FieldIssue[] } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.kind = kind;
    this.details = extra.details;
    this.fields = extra.fields;
  }
}

export const notFound = (code: ErrorCode, what: string) => new AppError(code, 'not_found', `${what} not found`);

export const invalid = (fields: FieldIssue[], message = 'The request is not valid') => new AppError('validation', 'invalid', message, { fields });

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
