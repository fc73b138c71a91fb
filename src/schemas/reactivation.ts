// Lost deals brought back: the reactivation list, its filters, and reopening or starting a sequence for one deal or many.
import { Type, type Static } from 'typebox';
import { Nullable, PageQuery, Ref, Uuid } from './common.ts';

export const LostDeal = Type.Object({
  id: Type.String(),
  name: Type.String(),
  account: Ref,
  owner: Nullable(Ref),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  lostAt: Type.String(),
  ageDays: Type.Integer({ description: 'whole days since the loss' }),
  lossReason: Nullable(Ref),
  lossNote: Nullable(Type.String()),
  lostFrom: Nullable(Ref),
  activeEnrolments: Type.Integer({ description: 'contacts in a sequence started for this deal and still running' }),
});
export type LostDeal = Static<typeof LostDeal>;

export const LostDealQuery = Type.Object(
  {
    lossReasonId: Type.Optional(Uuid),
    amountMin: Type.Optional(Type.Number({ minimum: 0, maximum: 90_000_000_000_000, description: 'in units of the currency (12.5), not minor units' })),
    amountMax: Type.Optional(Type.Number({ minimum: 0, maximum: 90_000_000_000_000 })),
    minAgeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500, description: 'lost at least this many days ago' })),
    maxAgeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500, description: 'lost at most this many days ago' })),
    ownerId: Type.Optional(Uuid),
    accountId: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type LostDealQuery = Static<typeof LostDealQuery>;

const OpportunityIds = Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true, description: 'one deal, or many (bulk)' });

export const ReopenLostInput = Type.Object({ opportunityIds: OpportunityIds }, { additionalProperties: false });
export type ReopenLostInput = Static<typeof ReopenLostInput>;

export const StartReactivationInput = Type.Object({ opportunityIds: OpportunityIds, sequenceId: Uuid }, { additionalProperties: false });
export type StartReactivationInput = Static<typeof StartReactivationInput>;

export const ReactivationOutcome = Type.Object({
  opportunityId: Type.String(),
  ok: Type.Boolean(),
  summary: Type.String(),
  code: Type.Optional(Type.String()),
  stage: Type.Optional(Type.String()),
  enrolled: Type.Optional(Type.Integer()),
});
export const ReactivationOutcomes = Type.Object({ items: Type.Array(ReactivationOutcome) });
