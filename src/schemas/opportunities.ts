// Opportunities and pipelines: the deal, its stages, winning, losing and reopening it, and its timeline.
import { Type, type Static } from 'typebox';
import { opportunitySorts } from '../domain/deal-filters.ts';
import { complexities, stageCategories } from '../domain/opportunity.ts';
import { timelineKinds } from '../domain/timeline.ts';
import { Enrolment } from './accounts.ts';
import { Actor, IsoDate, Nullable, oneOf, PageQuery, Uuid } from './common.ts';
import { TractionSummary } from './traction.ts';

export const projectCreations = ['automatic', 'manual'] as const;

export const StageCategory = oneOf(stageCategories);
export type StageCategory = Static<typeof StageCategory>;
export const Complexity = oneOf(complexities);
export type Complexity = Static<typeof Complexity>;
export const ProjectCreation = oneOf(projectCreations);
export type ProjectCreation = Static<typeof ProjectCreation>;

export { Pipeline, Stage } from './pipelines.ts';

export const Opportunity = Type.Object({
  id: Type.String(),
  name: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  accountStatus: Type.String(),
  pipelineId: Type.String(),
  stageId: Type.String(),
  stageName: Type.String(),
  stageCategory: StageCategory,
  amountMinor: Type.Integer({ description: 'amount in minor units of the currency (cents)' }),
  currency: Type.String(),
  closeDate: Nullable(Type.String()),
  dealType: Type.String(),
  complexity: Complexity,
  paymentTerms: Nullable(Type.String()),
  contractVersion: Nullable(Type.String()),
  nonStandardClauses: Nullable(Type.String()),
  ownerId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  primaryContactId: Nullable(Type.String()),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  budgetConfirmed: Type.Boolean({ description: 'the buyer confirmed the budget (a traction signal)' }),
  stageChangedAt: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  traction: Type.Optional(TractionSummary),
});
export type Opportunity = Static<typeof Opportunity>;

export const Outcome = Type.Object({
  id: Type.String(),
  opportunityId: Type.String(),
  outcome: Type.String(),
  reason: Nullable(Type.String()),
  stageId: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  closeDate: Type.String(),
  accountStatusBefore: Type.String(),
  accountStatusAfter: Type.String(),
  actor: Actor,
  createdAt: Type.String(),
  reopenedAt: Nullable(Type.String()),
  reopenedBy: Nullable(Type.String()),
  lossReasonId: Nullable(Type.String({ description: 'the loss reason chosen from the workspace list (null for a win or a free-text loss)' })),
  lossNote: Nullable(Type.String()),
});
export type Outcome = Static<typeof Outcome>;

export const CloseResult = Type.Object({
  changed: Type.Boolean({ description: 'false when the deal already had this outcome and nothing changed' }),
  opportunity: Opportunity,
  outcome: Nullable(Outcome),
  account: Type.Object({ id: Type.String(), name: Type.String(), statusBefore: Type.String(), statusAfter: Type.String(), activated: Type.Boolean() }),
  stoppedEnrolments: Type.Array(Enrolment),
  events: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), status: Type.String() })),
  notifications: Nullable(Type.Object({ role: Type.String(), recipients: Type.Integer(), delivered: Type.Integer() })),
  runs: Type.Array(Type.Object({ id: Type.String(), rule: Type.String(), status: Type.String(), error: Nullable(Type.String()) })),
  summary: Type.Array(Type.String()),
});
export type CloseResult = Static<typeof CloseResult>;

export const TimelineEntry = Type.Object({
  at: Type.String(),
  type: Type.String(),
  title: Type.String(),
  detail: Nullable(Type.String()),
  actor: Nullable(Actor),
  run: Type.Optional(
    Nullable(Type.Object({ id: Type.String(), status: Type.String() }, { description: 'the rule run a rule_run entry is about, with its status now' })),
  ),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const TimelineQuery = Type.Object(
  { kind: Type.Optional(oneOf(timelineKinds, { description: "people's actions, automation (rules, notifications) or communications (activities)" })) },
  { additionalProperties: false },
);
export type TimelineQuery = Static<typeof TimelineQuery>;

export const OpportunitySort = oneOf(opportunitySorts, { description: 'a field, ascending; with a leading "-", descending. Without it, oldest first' });
export type OpportunitySort = Static<typeof OpportunitySort>;

/** What a deal list can be narrowed by: the list's query string, and a saved view's filters. */
export const opportunityFilterFields = {
  stageId: Type.Optional(Uuid),
  stageCategory: Type.Optional(StageCategory),
  status: Type.Optional(oneOf(stageCategories, { description: "open, won or lost (the category of the deal's stage)" })),
  accountId: Type.Optional(Uuid),
  ownerId: Type.Optional(Uuid),
  pipelineId: Type.Optional(Uuid),
  closeFrom: Type.Optional(IsoDate),
  closeTo: Type.Optional(IsoDate),
  amountMin: Type.Optional(Type.Number({ minimum: 0, maximum: 90_000_000_000_000, description: 'in units of the currency (dollars, not cents)' })),
  amountMax: Type.Optional(Type.Number({ minimum: 0, maximum: 90_000_000_000_000, description: 'in units of the currency (dollars, not cents)' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'the deal name contains it (any case)' })),
  sort: Type.Optional(OpportunitySort),
};

export const OpportunityFilters = Type.Object(opportunityFilterFields, { additionalProperties: false });
export type OpportunityFilters = Static<typeof OpportunityFilters>;

export const OpportunityListQuery = Type.Object({ ...opportunityFilterFields, ...PageQuery }, { additionalProperties: false });
export type OpportunityListQuery = Static<typeof OpportunityListQuery>;

const text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const optionalText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

const fields = {
  name: text(200),
  amountMinor: Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'amount in minor units (cents)' }),
  currency: Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 code' }),
  closeDate: Nullable(IsoDate),
  dealType: text(60),
  complexity: Complexity,
  paymentTerms: optionalText(200),
  contractVersion: optionalText(100),
  nonStandardClauses: optionalText(5000),
  ownerId: Type.Optional(Nullable(Uuid)),
  primaryContactId: Type.Optional(Nullable(Uuid)),
  budgetConfirmed: Type.Optional(Type.Boolean({ description: 'the buyer confirmed the budget (a traction signal)' })),
};

export const NewOpportunity = Type.Object(
  {
    name: fields.name,
    accountId: Uuid,
    pipelineId: Type.Optional(Uuid),
    stageId: Type.Optional(Uuid),
    amountMinor: Type.Optional(fields.amountMinor),
    currency: Type.Optional(fields.currency),
    closeDate: Type.Optional(fields.closeDate),
    dealType: Type.Optional(fields.dealType),
    complexity: Type.Optional(fields.complexity),
    paymentTerms: fields.paymentTerms,
    contractVersion: fields.contractVersion,
    nonStandardClauses: fields.nonStandardClauses,
    ownerId: fields.ownerId,
    primaryContactId: fields.primaryContactId,
    budgetConfirmed: fields.budgetConfirmed,
  },
  { additionalProperties: false },
);
export type NewOpportunity = Static<typeof NewOpportunity>;

export const OpportunityChange = Type.Object(
  {
    name: Type.Optional(fields.name),
    amountMinor: Type.Optional(fields.amountMinor),
    currency: Type.Optional(fields.currency),
    closeDate: Type.Optional(fields.closeDate),
    dealType: Type.Optional(fields.dealType),
    complexity: Type.Optional(fields.complexity),
    paymentTerms: fields.paymentTerms,
    contractVersion: fields.contractVersion,
    nonStandardClauses: fields.nonStandardClauses,
    ownerId: fields.ownerId,
    primaryContactId: fields.primaryContactId,
    budgetConfirmed: fields.budgetConfirmed,
    customFields: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' }),
        Nullable(Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean()])),
        {
          description: 'custom fields to set (null removes one); rules read them as deal.custom.<key>',
          maxProperties: 50,
          additionalProperties: false,
        },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OpportunityChange = Static<typeof OpportunityChange>;

export const StageMove = Type.Object({ stageId: Uuid }, { additionalProperties: false });
export type StageMove = Static<typeof StageMove>;
export const WinBody = Type.Optional(Type.Object({ closeDate: Type.Optional(IsoDate) }, { additionalProperties: false }));
export type WinBody = Static<typeof WinBody>;
export const LoseBody = Type.Object(
  {
    lossReasonId: Type.Optional(Uuid),
    lossNote: Type.Optional(Type.String({ maxLength: 2000, description: 'required when the reason is "other"' })),
    reason: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        pattern: '\\S',
        description: 'free text: the reason in a workspace without a list of loss reasons, else read as the note',
      }),
    ),
    closeDate: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type LoseBody = Static<typeof LoseBody>;
export const ReopenBody = Type.Optional(Type.Object({ stageId: Type.Optional(Uuid) }, { additionalProperties: false }));
export type ReopenBody = Static<typeof ReopenBody>;
