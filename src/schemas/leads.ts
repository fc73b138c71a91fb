// Leads and their handoff to sales: the lead, its history, its list filters, stage moves, conversion, and the result
// a handoff task is completed with.
import { Type, type Static } from 'typebox';
import { handoffResults, leadPriorities, leadStages, needMaturities, settableLeadStages } from '../domain/leads.ts';
import { trialAcceptances } from '../domain/traction.ts';
import { IsoDate, IsoDateTime, Nullable, oneOf, PageQuery, Ref, Uuid } from './common.ts';
import { Task } from './projects.ts';

export const LeadStage = oneOf(leadStages);
export const NeedMaturity = oneOf(needMaturities);
export const LeadPriority = oneOf(leadPriorities);
export const HandoffResult = oneOf(handoffResults, {
  description:
    'proceed_to_order (awaiting sale, sales-ready), proceed_to_handoff (with details; awaiting sale, sales-ready), back_to_distribution (distribution, discovered), rescheduled (with dueDate; a new handoff task), not_interested (need maturity not interested, the stage stays)',
});

const Words = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const HandoffDetails = Type.Object({
  needType: Type.String(),
  budgetMinor: Type.Integer({ description: "in the workspace's base currency, minor units" }),
  currency: Type.String(),
  salesOwnerId: Type.String(),
  salesOwnerName: Nullable(Type.String()),
  salesDivision: Type.String(),
  firstMeetingAt: Type.String({ description: 'UTC' }),
  decisionTimeline: Type.String(),
  notes: Nullable(Type.String()),
});

export const HandoffDetailsInput = Type.Object(
  {
    needType: Words(200),
    budgetMinor: Type.Integer({ minimum: 0, maximum: 1e13, description: "in the workspace's base currency, minor units (cents)" }),
    salesOwnerId: Uuid,
    salesDivision: Words(200),
    firstMeetingAt: IsoDateTime,
    decisionTimeline: Words(500),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);
export type HandoffDetailsInput = Static<typeof HandoffDetailsInput>;

export const HandoffDetailsChange = Type.Partial(HandoffDetailsInput, { additionalProperties: false, minProperties: 1 });
export type HandoffDetailsChange = Static<typeof HandoffDetailsChange>;

export const Lead = Type.Object({
  id: Type.String(),
  title: Type.String(),
  stage: LeadStage,
  needMaturity: NeedMaturity,
  source: Nullable(Type.String()),
  companyName: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  account: Nullable(Ref),
  contact: Nullable(Ref),
  distributor: Nullable(Ref),
  owner: Nullable(Ref),
  author: Nullable(Ref),
  expectedSaleDate: Nullable(Type.String()),
  priority: LeadPriority,
  handoff: Nullable(HandoffDetails),
  opportunity: Nullable(Ref),
  convertedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Lead = Static<typeof Lead>;

export const LeadEvent = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description: 'created, updated, stage_changed, handoff_task_created, handoff_task_cancelled, handoff_result, handoff_edited, converted',
  }),
  data: Type.Record(Type.String(), Type.Unknown()),
  actor: Type.String(),
  at: Type.String(),
});
export type LeadEvent = Static<typeof LeadEvent>;

export const LeadDetail = Type.Intersect([
  Lead,
  Type.Object({
    history: Type.Array(LeadEvent),
    tasks: Type.Array(Task),
    baseCurrency: Type.String({ description: "the workspace's base currency (a handoff budget is given in it)" }),
  }),
]);
export type LeadDetail = Static<typeof LeadDetail>;

const leadFields = {
  needMaturity: Type.Optional(NeedMaturity),
  source: Type.Optional(Nullable(Words(100))),
  companyName: Type.Optional(Nullable(Words(200))),
  contactName: Type.Optional(Nullable(Words(200))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
  phone: Type.Optional(Nullable(Words(50))),
  accountId: Type.Optional(Nullable(Uuid)),
  contactId: Type.Optional(Nullable(Uuid)),
  distributorId: Type.Optional(Nullable(Uuid)),
  ownerId: Type.Optional(Nullable(Uuid)),
  expectedSaleDate: Type.Optional(Nullable(IsoDate)),
  priority: Type.Optional(LeadPriority),
};

export const NewLead = Type.Object(
  { title: Words(200), stage: Type.Optional(oneOf(settableLeadStages, { description: 'new by default' })), ...leadFields },
  { additionalProperties: false },
);
export type NewLead = Static<typeof NewLead>;

export const LeadChange = Type.Object({ title: Type.Optional(Words(200)), ...leadFields }, { additionalProperties: false, minProperties: 1 });
export type LeadChange = Static<typeof LeadChange>;

export const LeadStageMove = Type.Object(
  {
    stage: oneOf(settableLeadStages, { description: 'converted is reached by POST /api/leads/{id}/convert' }),
    expectedSaleDate: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type LeadStageMove = Static<typeof LeadStageMove>;

export const LeadListQuery = Type.Object(
  {
    stage: Type.Optional(LeadStage),
    needMaturity: Type.Optional(NeedMaturity),
    ownerId: Type.Optional(Uuid),
    distributorId: Type.Optional(Uuid),
    mine: Type.Optional(Type.Boolean({ description: 'leads I own or distribute' })),
    source: Type.Optional(Words(100)),
    opportunityId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type LeadListQuery = Static<typeof LeadListQuery>;

export const LeadConversion = Type.Object({
  lead: Lead,
  opportunityId: Type.String(),
  created: Type.Boolean({ description: 'false when the lead was converted before: the same deal is answered' }),
  accountCreated: Type.Boolean(),
  contactCreated: Type.Boolean(),
});

export const TaskCompletion = Type.Object(
  {
    result: Type.Optional(HandoffResult),
    details: Type.Optional(HandoffDetailsInput),
    dueDate: Type.Optional(IsoDate),
    override: Type.Optional(Type.Boolean({ description: 'complete the task although tasks it depends on are open' })),
    acceptance: Type.Optional(oneOf(trialAcceptances, { description: 'required for a trial task: accepted or not_accepted' })),
    note: Type.Optional(Type.String({ maxLength: 2000, description: "a trial task's acceptance note (required when not accepted)" })),
  },
  { additionalProperties: false },
);
export type TaskCompletion = Static<typeof TaskCompletion>;
