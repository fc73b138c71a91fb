// A deal's terms for finance and legal: billing schedule, payment terms, discount, contract version, clauses.
import { Type, type Static } from 'typebox';
import { billingKinds } from '../domain/terms.ts';
import { Nullable, NullableValue, oneOf } from './common.ts';

const Minor = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'in minor units of the currency (cents)' });

export const BillingSchedule = Type.Object(
  {
    kind: oneOf(billingKinds, {
      description: 'upfront: one invoice; monthly, quarterly, annually: `periods` invoices of amountMinor; milestones: one per milestone',
    }),
    amountMinor: Type.Optional(Type.Integer({ ...Minor, description: 'the invoice amount (upfront: the whole; recurring: each period)' })),
    periods: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'how many invoices a recurring schedule has' })),
    milestones: Type.Optional(
      Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), amountMinor: Minor }, { additionalProperties: false }), {
        maxItems: 50,
      }),
    ),
  },
  { additionalProperties: false },
);
export type BillingSchedule = Static<typeof BillingSchedule>;

export const Clause = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 200 }), text: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);
export type Clause = Static<typeof Clause>;

export const DealTerms = Type.Object({
  opportunityId: Type.String(),
  amountMinor: Type.Integer({ description: "the deal's amount, which the billing schedule must add up to" }),
  currency: Type.String(),
  billingSchedule: Nullable(BillingSchedule),
  scheduleTotalMinor: Nullable(Type.Integer({ description: 'what the schedule bills in total' })),
  invoices: Type.Array(Type.Object({ label: Type.String(), amountMinor: Type.Integer() }), { description: 'one line per invoice of the schedule' }),
  paymentTerms: Nullable(Type.String()),
  discountPercent: Nullable(Type.Number()),
  contractVersion: Nullable(Type.String()),
  clauses: Type.Array(Clause),
  updatedAt: Nullable(Type.String()),
});
export type DealTerms = Static<typeof DealTerms>;

export const DealTermsPatch = Type.Object(
  {
    billingSchedule: Type.Optional(Nullable(BillingSchedule)),
    // Nullable values, not unions: null clears the field (never 0 or ""), and 0 is a discount of 0 % (never null).
    paymentTerms: Type.Optional(NullableValue(Type.String({ maxLength: 200 }))),
    discountPercent: Type.Optional(NullableValue(Type.Number({ minimum: 0, maximum: 100, description: 'a percentage, at most two decimals' }))),
    contractVersion: Type.Optional(NullableValue(Type.String({ maxLength: 100 }))),
    clauses: Type.Optional(Type.Array(Clause, { maxItems: 50, description: 'the non-standard clauses, each with its title and text (replaces the list)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DealTermsPatch = Static<typeof DealTermsPatch>;
