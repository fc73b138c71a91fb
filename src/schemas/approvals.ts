// Approval policies and requests: the condition and chain of a policy, the inbox of a person with each request's
// frozen context (finance: value, discount, payment terms, billing schedule; legal: contract version and clauses).
import { Type, type Static } from 'typebox';
import type { Condition } from '../domain/rules/conditions.ts';
import { IsoDateTime, Nullable, oneOf, PageQuery, Uuid } from './common.ts';

const ConditionSchema = Type.Unsafe<Condition>(
  Type.Record(Type.String(), Type.Unknown(), {
    description:
      'a rule condition over the deal facts and its terms: all / any / not / {field, op, value} / {some, where}. Terms fields: terms.discountPercent, ' +
      'terms.billingKind, terms.paymentTerms, terms.contractVersion, terms.clauseCount, and the list terms.clauses (title, text)',
  }),
);

const Approver = Type.Union([
  Type.Object(
    { type: Type.Literal('role'), role: Type.String({ minLength: 1, maxLength: 60, description: 'a role: finance, legal, admin ...' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('team'), team: Type.String({ minLength: 1, maxLength: 100, description: 'a team role key' }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('user'), userId: Uuid }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('owner_manager') }, { additionalProperties: false }),
]);

const Step = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    mode: oneOf(['any', 'all'] as const, { description: 'any: one approval decides the step; all: every approver must approve' }),
    approvers: Type.Array(Approver, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

const Context = Type.Array(oneOf(['finance', 'legal'] as const), {
  minItems: 1,
  maxItems: 2,
  description: 'what the request freezes for its approvers: finance (value, discount, payment terms, billing) and/or legal (contract version, clauses)',
});
const SlaHours = Type.Integer({
  minimum: 1,
  maximum: 400,
  description: 'business hours (09:00-17:00 on business days) before a reminder; twice that escalates',
});

export const ApprovalPolicy = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  context: Type.Array(Type.String()),
  condition: Nullable(Type.Unsafe<Condition>(Type.Unknown())),
  steps: Type.Array(Type.Unsafe<Static<typeof Step>>(Type.Unknown())),
  slaHours: Type.Integer(),
  version: Type.Integer(),
  archived: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ApprovalPolicyInput = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    context: Type.Optional(Context),
    condition: Type.Optional(Nullable(ConditionSchema)),
    steps: Type.Array(Step, { minItems: 1, maxItems: 10 }),
    slaHours: Type.Optional(SlaHours),
  },
  { additionalProperties: false },
);

export const ApprovalPolicyPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    context: Type.Optional(Context),
    condition: Type.Optional(Nullable(ConditionSchema)),
    steps: Type.Optional(Type.Array(Step, { minItems: 1, maxItems: 10 })),
    slaHours: Type.Optional(SlaHours),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PolicyListQuery = Type.Object(
  { archived: Type.Optional(Type.Boolean({ description: 'include archived policies' })) },
  { additionalProperties: false },
);

const Snapshot = Type.Object(
  {
    takenAt: Type.String(),
    deal: Type.Object({
      id: Type.String(),
      name: Type.String(),
      amountMinor: Type.Integer(),
      currency: Type.String(),
      stage: Type.String(),
      ownerId: Nullable(Type.String()),
      accountName: Type.String(),
      closeDate: Nullable(Type.String()),
    }),
    finance: Type.Optional(
      Type.Object({
        amountMinor: Type.Integer(),
        currency: Type.String(),
        discountPercent: Nullable(Type.Number()),
        paymentTerms: Nullable(Type.String()),
        billingSchedule: Nullable(Type.Record(Type.String(), Type.Unknown())),
        invoices: Type.Array(Type.Object({ label: Type.String(), amountMinor: Type.Integer() })),
        scheduleTotalMinor: Nullable(Type.Integer()),
      }),
    ),
    legal: Type.Optional(
      Type.Object({ contractVersion: Nullable(Type.String()), clauses: Type.Array(Type.Object({ title: Type.String(), text: Type.String() })) }),
    ),
    reason: Type.String({ description: "the policy's condition in words" }),
  },
  { description: 'the context frozen when the request was made (or reopened)' },
);

const RequestStatus = oneOf(['pending', 'approved', 'rejected', 'withdrawn'] as const);

export const ApprovalSummary = Type.Object({
  id: Type.String(),
  status: RequestStatus,
  policy: Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() }),
  opportunity: Type.Object({ id: Type.String(), name: Type.String() }),
  round: Type.Integer({ description: '1, and one more each time changed terms reopened it' }),
  step: Type.Integer({ description: 'the current step (0-based)' }),
  stepName: Type.String(),
  snapshot: Snapshot,
  actionable: Type.Boolean({ description: 'the caller may approve, reject or delegate now' }),
  remindAt: Nullable(Type.String()),
  escalateAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionComment: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ApprovalDetail = Type.Object({
  id: Type.String(),
  status: RequestStatus,
  policy: Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() }),
  opportunity: Type.Object({ id: Type.String(), name: Type.String() }),
  round: Type.Integer(),
  step: Type.Integer(),
  steps: Type.Array(Type.Unsafe<Static<typeof Step>>(Type.Unknown())),
  snapshot: Snapshot,
  approvers: Type.Array(
    Type.Object({
      id: Type.String(),
      round: Type.Integer(),
      step: Type.Integer(),
      userId: Type.String(),
      delegateId: Nullable(Type.String()),
      escalatedTo: Type.Array(Type.String()),
      decision: Nullable(oneOf(['approved', 'rejected'] as const)),
      comment: Nullable(Type.String()),
      decidedBy: Nullable(Type.String()),
      decidedAt: Nullable(Type.String()),
      current: Type.Boolean({ description: 'an approver of the current round and step' }),
    }),
  ),
  actionable: Type.Boolean(),
  remindAt: Nullable(Type.String()),
  escalateAt: Nullable(Type.String()),
  remindedAt: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionComment: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const InboxQuery = Type.Object(
  {
    status: Type.Optional(oneOf(['pending', 'decided', 'all'] as const, { default: 'pending' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ApproveInput = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false });
export const RejectApprovalInput = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const DelegateInput = Type.Object(
  {
    toUserId: Uuid,
    until: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false, description: 'until left out: for this request only; with until: every approval of the caller until then' },
);

export const ManagerInput = Type.Object({ managerId: Nullable(Uuid) }, { additionalProperties: false });
export const ManagerView = Type.Object({ userId: Type.String(), managerId: Nullable(Type.String()) });
