// What a rule can do: each action type with its label, its params (a TypeBox schema that gives the type and the
// check), the fields the rule editor shows, and how patiently a failed attempt is retried. Pure data; the engine
// runs them (src/engine/actions/<type>.ts).
import { Type, type Static, type TObject } from 'typebox';
import type { FieldIssue } from '../errors.ts';
import { buyingRoles } from '../opportunity.ts';
import { isRole, roles } from '../roles.ts';
import { schemaIssues } from '../schema-issues.ts';

/** A param as the rule editor shows it. */
export type ParamSpec = {
  name: string;
  label: string;
  kind: 'text' | 'longtext' | 'number' | 'select' | 'user' | 'role' | 'team_role' | 'template' | 'sequence' | 'json' | 'document_template' | 'approval_policy';
  required: boolean;
  options?: string[];
};

/** standard: a few attempts over about a minute; patient: an outside system may be down for days (webhooks). */
export type RetryPolicy = 'standard' | 'patient';

type ActionSpecOf<S extends TObject> = { label: string; description: string; params: ParamSpec[]; schema: S; retry: RetryPolicy };
const action = <S extends TObject>(spec: ActionSpecOf<S>): ActionSpecOf<S> => spec;

export const recipientTypes = ['role', 'team', 'user', 'deal_owner', 'account_csm', 'handoff_csm', 'project_owner', 'account_watchers'] as const;
export type RecipientType = (typeof recipientTypes)[number];
export const channels = ['in_app', 'email', 'both'] as const;
export type Channel = (typeof channels)[number];

/** What generate_document does with the new document: put it in review, or leave it as a draft. */
export const documentReviewModes = ['submit', 'draft'] as const;

/** Whether a rule's actions after request_approval wait for the request's approval. */
export const approvalHoldModes = ['no', 'until_approved'] as const;

/** Whom send_document e-mails a document to. */
export const documentRecipientTypes = ['primary_contact', 'contact_role', 'role'] as const;

/** Deal fields a rule may set; custom.<key> sets a custom field. */
export const settableDealFields = ['dealType', 'complexity', 'paymentTerms', 'contractVersion'] as const;
export type SettableDealField = (typeof settableDealFields)[number];

/** What schedule_handoff_call does once the call is proposed: leave the times to its owner, or invite at the first. */
export const handoffCallModes = ['propose', 'invite'] as const;

export const actionCatalog = {
  activate_client: action({
    label: 'Activate the client',
    description: "Sets the deal's account to active (a won deal's account is already active: then nothing changes).",
    params: [],
    schema: Type.Object({}, { additionalProperties: false }),
    retry: 'standard',
  }),
  create_project: action({
    label: 'Create the project from a template',
    description: 'Builds the delivery project with phases, milestones and owned, dated tasks. Once per deal; pipelines set to "manual" leave it to a person.',
    params: [{ name: 'template', label: 'Template ("for_deal_type" or a template key)', kind: 'template', required: true }],
    schema: Type.Object({ template: Type.String({ minLength: 1, description: '"for_deal_type" or a template key' }) }, { additionalProperties: false }),
    retry: 'standard',
  }),
  create_task: action({
    label: 'Create a task',
    description: "A task on the deal's project (or on the account when there is none), owned through the team roster, due in business days.",
    params: [
      { name: 'title', label: 'Title ({{deal.name}} etc. allowed)', kind: 'text', required: true },
      { name: 'role', label: 'Team role', kind: 'team_role', required: true },
      { name: 'dueInBusinessDays', label: 'Due in business days', kind: 'number', required: true },
      { name: 'description', label: 'Description', kind: 'longtext', required: false },
    ],
    schema: Type.Object(
      {
        title: Type.String({ minLength: 1, maxLength: 300 }),
        role: Type.String({ minLength: 1 }),
        dueInBusinessDays: Type.Integer({ minimum: 0, maximum: 365 }),
        description: Type.Optional(Type.String({ maxLength: 5000 })),
      },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
  assign_owner: action({
    label: 'Assign the project owner',
    description: "Gives the deal's project an owner (PM) from a team role, when it has none.",
    params: [{ name: 'role', label: 'Team role', kind: 'team_role', required: true }],
    schema: Type.Object({ role: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    retry: 'standard',
  }),
  notify: action({
    label: 'Notify people',
    description:
      "An in-app notification and/or an e-mail to a role, a team role, a person, the deal owner, the CSM, the project owner or the account's watchers (the sales rep after the handoff call).",
    params: [
      { name: 'recipientType', label: 'Who', kind: 'select', required: true, options: [...recipientTypes] },
      { name: 'recipient', label: 'Role, team role key or user id (for role, team, user)', kind: 'text', required: false },
      { name: 'channel', label: 'Channel', kind: 'select', required: true, options: [...channels] },
      { name: 'title', label: 'Title ({{deal.name}}, {{account.name}}, {{deal.amount}}, {{deal.closeDate}})', kind: 'text', required: true },
      { name: 'body', label: 'Message', kind: 'longtext', required: true },
    ],
    schema: Type.Object(
      {
        recipientType: Type.Enum(recipientTypes),
        recipient: Type.Optional(Type.String()),
        channel: Type.Enum(channels),
        title: Type.String({ minLength: 1, maxLength: 300 }),
        body: Type.String({ minLength: 1, maxLength: 5000 }),
      },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
  enrol_sequence: action({
    label: 'Enrol contacts in a sequence',
    description: "Enrols the account's contacts (those with an e-mail) in a sequence, once each.",
    params: [{ name: 'sequence', label: 'Sequence (name or id)', kind: 'sequence', required: true }],
    schema: Type.Object({ sequence: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    retry: 'standard',
  }),
  stop_sequence: action({
    label: 'Stop sequences',
    description: "Stops the active enrolments of the account's contacts (in one sequence, or in all).",
    params: [{ name: 'sequence', label: 'Sequence (name or id; empty for all)', kind: 'sequence', required: false }],
    schema: Type.Object({ sequence: Type.Optional(Type.String()) }, { additionalProperties: false }),
    retry: 'standard',
  }),
  set_field: action({
    label: 'Set a deal field',
    description: 'Sets dealType, complexity, paymentTerms, contractVersion or custom.<key> on the deal; emits deal.field_changed.',
    params: [
      { name: 'field', label: 'Field (dealType, complexity, paymentTerms, contractVersion, custom.<key>)', kind: 'text', required: true },
      { name: 'value', label: 'Value ({{...}} allowed)', kind: 'text', required: true },
    ],
    schema: Type.Object(
      {
        field: Type.String({ pattern: '^(dealType|complexity|paymentTerms|contractVersion|custom\\.[A-Za-z_][\\w]{0,62})$' }),
        value: Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()]),
      },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
  webhook: action({
    label: 'Call a webhook',
    description:
      'POSTs the event and the deal as JSON, signed with HMAC-SHA256 (X-Baton-Signature) when a secret is set, with an Idempotency-Key header. A non-2xx answer is retried with backoff for three days.',
    params: [
      { name: 'url', label: 'URL', kind: 'text', required: true },
      { name: 'secret', label: 'Signing secret', kind: 'text', required: false },
    ],
    schema: Type.Object(
      { url: Type.String({ pattern: '^https?://', maxLength: 2000 }), secret: Type.Optional(Type.String({ maxLength: 500 })) },
      { additionalProperties: false },
    ),
    retry: 'patient',
  }),
  prepare_brief: action({
    label: 'Prepare the handoff brief',
    description:
      "Prepares (or refreshes) the customer-success handoff brief from the deal's notes, calls, e-mails, signed scope, fields and contacts. A won deal's brief goes to the AE for review; conflicts with the signed scope pause it.",
    params: [],
    schema: Type.Object({}, { additionalProperties: false }),
    retry: 'standard',
  }),
  create_kickoff_tasks: action({
    label: 'Create the kickoff preparation tasks',
    description:
      "Turns the accepted brief's kickoff preparation list into tasks on the deal's project, owned by the item's owner or the CSM, due in business days (and before the kickoff when it is booked).",
    params: [{ name: 'dueInBusinessDays', label: 'Due in business days', kind: 'number', required: false }],
    schema: Type.Object({ dueInBusinessDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })) }, { additionalProperties: false }),
    retry: 'standard',
  }),
  create_review_task: action({
    label: 'Put the handoff review in My tasks',
    description:
      'Gives whoever reviews the handoff brief next a task "Review the handoff brief of <deal>": the AE while the brief is with the AE, the CSM once it is sent. One task per brief and reviewer: a brief sent again reopens it; sending, returning or accepting the brief completes it.',
    params: [{ name: 'dueInBusinessDays', label: 'Due in business days', kind: 'number', required: false }],
    schema: Type.Object({ dueInBusinessDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })) }, { additionalProperties: false }),
    retry: 'standard',
  }),
  generate_document: action({
    label: 'Generate a client document',
    description:
      "Generates a document (statement of work, welcome packet ...) from a template on the deal's data and puts it in review. Once per deal and template version, however often the trigger repeats; missing deal data fails the step with the list of what is missing.",
    params: [
      { name: 'template', label: 'Document template', kind: 'document_template', required: true },
      { name: 'review', label: 'Then', kind: 'select', required: false, options: [...documentReviewModes] },
    ],
    schema: Type.Object(
      {
        template: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', description: 'the document template key' }),
        review: Type.Optional(Type.Enum(documentReviewModes, { description: 'submit: straight to review (the default); draft: leave it as a draft' })),
      },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
  submit_document: action({
    label: 'Submit a client document for review',
    description:
      "Puts the deal's latest draft of a document template in review. A document already in review (or further) is left as it is, so a repeated trigger changes nothing; a deal with no document of the template fails the step.",
    params: [{ name: 'template', label: 'Document template', kind: 'document_template', required: true }],
    schema: Type.Object(
      { template: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', description: 'the document template key' }) },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
  send_document: action({
    label: 'Send a client document',
    description:
      "E-mails the deal's latest approved document of a template (its PDF attached) to the primary contact, the client's contacts with a buying role, or the workspace's people with a role, the way the Send button does. A document already sent is not sent again; one not yet approved, or held by approvals, keeps the step waiting (retried, then failed in the run log), never sent early.",
    params: [
      { name: 'template', label: 'Document template', kind: 'document_template', required: true },
      { name: 'recipientType', label: 'To', kind: 'select', required: true, options: [...documentRecipientTypes] },
      { name: 'recipient', label: 'Buying role (contact_role) or role (role)', kind: 'text', required: false },
    ],
    schema: Type.Object(
      {
        template: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', description: 'the document template key' }),
        recipientType: Type.Enum(documentRecipientTypes, {
          description:
            "primary_contact: the deal's primary contact; contact_role: the client's contacts with a buying role; role: the workspace's people with a role",
        }),
        recipient: Type.Optional(Type.String({ maxLength: 50, description: 'the buying role (contact_role) or the role (role)' })),
      },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
  request_approval: action({
    label: 'Request an approval',
    description:
      "Asks for the approval of a finance or legal policy on the deal now, whatever the policy's own condition says (the rule's condition decides): its chain of approvers, its SLA and a snapshot of the deal's terms. One request per deal and policy, however often the trigger repeats. Set to hold, the rule's next actions wait until the request is approved: a rejection keeps them waiting.",
    params: [
      { name: 'policy', label: 'Approval policy', kind: 'approval_policy', required: true },
      { name: 'hold', label: 'The next actions', kind: 'select', required: false, options: [...approvalHoldModes] },
    ],
    schema: Type.Object(
      {
        policy: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', description: 'the approval policy key' }),
        hold: Type.Optional(
          Type.Enum(approvalHoldModes, {
            description:
              'no (the default): the next actions run at once; until_approved: they wait until the request is approved (a rejection holds them until the terms change and it is approved)',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
  schedule_handoff_call: action({
    label: 'Schedule the handoff call',
    description:
      "A meeting on the deal owned by the account's owner (else the deal owner), with the sales rep, the PM (the project owner, else the PM team role) and, on complex deals, the technical lead as required attendees, at the next free 1-hour times within working hours on the workspace's business days. One call per deal, however often the trigger repeats; set to invite, the iCalendar invitation goes out at the first free time.",
    params: [
      { name: 'pmRole', label: 'PM team role (when the project has no owner)', kind: 'team_role', required: false },
      { name: 'techRole', label: 'Technical lead team role (complex deals)', kind: 'team_role', required: false },
      { name: 'then', label: 'Then', kind: 'select', required: false, options: [...handoffCallModes] },
    ],
    schema: Type.Object(
      {
        pmRole: Type.Optional(Type.String({ minLength: 1, description: 'the team role of the PM (project_lead by default)' })),
        techRole: Type.Optional(Type.String({ minLength: 1, description: 'the team role of the technical lead (solution_architect by default)' })),
        then: Type.Optional(
          Type.Enum(handoffCallModes, { description: 'propose (the default): the owner picks a time and sends; invite: send at the first free time' }),
        ),
      },
      { additionalProperties: false },
    ),
    retry: 'standard',
  }),
};

export type ActionType = keyof typeof actionCatalog;
export type ActionParams<T extends ActionType> = Static<(typeof actionCatalog)[T]['schema']>;
export const actionTypes = Object.keys(actionCatalog) as ActionType[];
export const isActionType = (value: string): value is ActionType => Object.hasOwn(actionCatalog, value);

/** Problems with a rule's actions: unknown types, bad params, repeated keys, recipients that cannot be. */
export function checkActions(actions: readonly { key: string; type: string; params: Record<string, unknown> }[], base = '/actions'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const keys = new Set<string>();
  actions.forEach((a, i) => {
    if (keys.has(a.key)) issues.push({ path: `${base}/${i}/key`, message: `"${a.key}" is used by another action of this rule` });
    keys.add(a.key);
    if (!isActionType(a.type)) {
      issues.push({ path: `${base}/${i}/type`, message: `must be one of ${actionTypes.join(', ')}` });
      return;
    }
    issues.push(...schemaIssues(actionCatalog[a.type].schema, a.params, `${base}/${i}/params`));
    if (a.type === 'notify') {
      const recipientType = String(a.params.recipientType);
      if (['role', 'team', 'user'].includes(recipientType) && !a.params.recipient)
        issues.push({ path: `${base}/${i}/params/recipient`, message: `is required when recipientType is ${recipientType}` });
      if (recipientType === 'role' && a.params.recipient && !isRole(String(a.params.recipient)))
        issues.push({ path: `${base}/${i}/params/recipient`, message: `must be one of ${roles.join(', ')}` });
    }
    if (a.type === 'send_document') {
      const recipientType = String(a.params.recipientType);
      const recipient = a.params.recipient === undefined ? undefined : String(a.params.recipient);
      if (recipientType !== 'primary_contact' && !recipient)
        issues.push({ path: `${base}/${i}/params/recipient`, message: `is required when recipientType is ${recipientType}` });
      if (recipientType === 'role' && recipient && !isRole(recipient))
        issues.push({ path: `${base}/${i}/params/recipient`, message: `must be one of ${roles.join(', ')}` });
      if (recipientType === 'contact_role' && recipient && !(buyingRoles as readonly string[]).includes(recipient))
        issues.push({ path: `${base}/${i}/params/recipient`, message: `must be one of ${buyingRoles.join(', ')}` });
    }
  });
  return issues;
}

/** Attempts an action gets before its run fails, by policy. */
export const maxAttempts: Record<RetryPolicy, number> = { standard: 5, patient: 25 };

/**
 * How long to wait after a failed attempt (1-based), with ±20 % jitter so that retries of many runs spread out.
 * standard: 1 s doubling to 10 minutes; patient: 30 s doubling to 6 hours, which spreads 25 attempts over three to four and a half days.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy = 'standard', random: () => number = Math.random): number {
  const [first, cap] = policy === 'patient' ? [30_000, 6 * 3_600_000] : [1_000, 10 * 60_000];
  const base = Math.min(first * 2 ** Math.max(0, attempt - 1), cap);
  return Math.round(base * (0.8 + 0.4 * random()));
}
