// The traction gate: the workspace's setting, a deal's traction, and a task a person adds to a deal (a trial task).
import { Type, type Static } from 'typebox';
import type { Condition } from '../domain/rules/conditions.ts';
import { tractionSignals } from '../domain/traction.ts';
import { IsoDate, oneOf, Nullable, Uuid } from './common.ts';

export const TractionSignal = oneOf(tractionSignals, { description: 'stage: a stage reached; meeting: a meeting held; budget: the budget confirmed' });

export const TractionGate = Type.Object({
  signals: Type.Array(TractionSignal, { description: 'the signals a deal must show before delivery people join it; none: the gate is off' }),
  stagePosition: Nullable(Type.Integer({ minimum: 0, description: 'for the stage signal: the deal is at this stage position or past it (or won)' })),
});
export type TractionGate = Static<typeof TractionGate>;

export const TractionGateChange = Type.Object(
  {
    signals: Type.Array(TractionSignal, { maxItems: 3, uniqueItems: true }),
    stagePosition: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
  },
  { additionalProperties: false },
);
export type TractionGateChange = Static<typeof TractionGateChange>;

/** What the deal answer carries. */
export const TractionSummary = Type.Object({
  gated: Type.Boolean({ description: 'the workspace requires traction signals' }),
  met: Type.Boolean({ description: 'delivery people may join: the gate is off, the deal is won, or it shows every required signal' }),
  missing: Type.Array(Type.String(), { description: 'the required signals not there yet, in words' }),
});

export const DealTraction = Type.Intersect([
  TractionSummary,
  Type.Object({
    won: Type.Boolean(),
    gate: TractionGate,
    signals: Type.Array(Type.Object({ signal: TractionSignal, label: Type.String(), met: Type.Boolean() })),
    rules: Type.Array(
      Type.Object(
        {
          ruleId: Type.String(),
          ruleName: Type.String(),
          role: Type.String(),
          roleName: Type.String(),
          when: Type.String({ description: 'the trigger and the condition, as text' }),
          event: Type.String({ description: "the event of the rule's trigger" }),
          trigger: Type.String({ description: 'the trigger as text ("when deal stage becomes Proposal")' }),
          condition: Nullable(
            Type.Unsafe<Condition>(Type.Unknown({ description: "the rule's condition, for the page to put in words with the fields' labels" })),
          ),
        },
        { description: 'an enabled rule whose task brings a delivery role onto the deal, and when' },
      ),
    ),
  }),
]);
export type DealTraction = Static<typeof DealTraction>;

export const NewDealTask = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    ownerId: Uuid,
    dueDate: IsoDate,
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    trial: Type.Optional(Type.Boolean({ description: 'a trial task: may go to a delivery person before the deal shows traction; needs acceptanceCriteria' })),
    acceptanceCriteria: Type.Optional(Type.String({ maxLength: 5000, description: 'a trial task: what it must show to be accepted' })),
  },
  { additionalProperties: false },
);
export type NewDealTask = Static<typeof NewDealTask>;
