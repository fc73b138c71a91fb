// The API's loss reasons: the workspace's list a lost deal picks from, and the bodies that add and change one.
import { Type, type Static } from 'typebox';

export const LossReason = Type.Object({
  id: Type.String(),
  key: Type.String({ description: '"other" asks for a note when a deal is lost with it' }),
  label: Type.String(),
  archived: Type.Boolean({ description: 'archived reasons stay on the losses that recorded them but cannot be chosen' }),
  position: Type.Integer(),
});
export type LossReason = Static<typeof LossReason>;

export const LossReasonInput = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 120 }),
    key: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'made from the label when left out' })),
  },
  { additionalProperties: false },
);
export type LossReasonInput = Static<typeof LossReasonInput>;

export const LossReasonPatch = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    archived: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 1, description: "the reason's new place in the list (1 is first)" })),
  },
  { additionalProperties: false },
);
export type LossReasonPatch = Static<typeof LossReasonPatch>;

/** A deal field a pipeline may require before a win. */
export const DealField = Type.Object({ key: Type.String({ description: 'amountMinor, ownerId ... or custom.<key>' }), label: Type.String() });
export type DealField = Static<typeof DealField>;
