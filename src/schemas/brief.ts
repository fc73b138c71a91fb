// The customer-success handoff: the brief, its items and conflicts, the signed scope documents it reads, the handoff's list and metrics.
import { Type, type Static } from 'typebox';
import { scopeDocumentKinds } from '../domain/brief/types.ts';
import { briefStatuses } from '../domain/brief/review.ts';
import { authorities, conflictKinds, itemKinds, promiseKinds, questionFields, sourceKinds, type ItemKind } from '../domain/brief/types.ts';
import { IsoDate, Nullable, oneOf, Ref, Uuid, PageQuery } from './common.ts';

export const BriefStatus = oneOf(briefStatuses);
export type BriefStatus = Static<typeof BriefStatus>;
export const ScopeDocumentKind = oneOf(scopeDocumentKinds);
export type ScopeDocumentKind = Static<typeof ScopeDocumentKind>;
export const conflictResolutions = ['scope_prevails', 'notes_prevail', 'settled'] as const;
export const ConflictResolution = oneOf(conflictResolutions);
export type ConflictResolution = Static<typeof ConflictResolution>;

export const Evidence = Type.Object({
  sourceId: Type.String({ description: 'an activity, a scope document, "contact:<id>" or "fields:<opportunity id>"' }),
  quote: Type.String({ description: 'the exact words, as they are in the source' }),
});
export type Evidence = Static<typeof Evidence>;
export const Stakeholder = Type.Object({
  name: Type.String(),
  title: Nullable(Type.String()),
  authority: oneOf(authorities),
  engaged: Type.Boolean({ description: 'took part themselves (spoke, attended, wrote)' }),
});
export type Stakeholder = Static<typeof Stakeholder>;

export const BriefItem = Type.Object({
  id: Type.String(),
  kind: oneOf(itemKinds),
  origin: oneOf(['extracted', 'person'] as const),
  text: Type.String({ description: "the item as people see it: a person's edit over what was extracted" }),
  extractedText: Nullable(Type.String({ description: 'what the extractor found, kept apart from edits' })),
  edited: Nullable(Type.Object({ by: Type.String(), at: Type.String() })),
  evidence: Type.Array(Evidence),
  promiseKind: Nullable(oneOf(promiseKinds)),
  stakeholder: Nullable(Stakeholder),
  field: Nullable(oneOf(questionFields)),
  owner: Nullable(Ref),
  review: Nullable(Type.Object({ decision: Type.String(), by: Nullable(Ref), at: Type.String(), note: Nullable(Type.String()) })),
  answer: Nullable(Type.Object({ text: Type.String(), by: Type.String(), at: Type.String(), activityId: Nullable(Type.String()) })),
  raisedBy: Nullable(Type.String({ description: 'the CSM who asked it when returning the brief' })),
  dismissed: Nullable(Type.Object({ by: Type.String(), at: Type.String(), reason: Nullable(Type.String()) })),
  withdrawn: Type.Boolean({ description: 'no longer found in the sources' }),
  signed: Type.Boolean({ description: 'a promise quoted only from the signed scope: it needs no review' }),
  confidence: Nullable(
    Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        "how far the extractor's evidence carries the item (a heading, a direct answer or the signed scope is high; a single weak cue low); null for what a person added and derived items",
    }),
  ),
  confidenceBasis: Nullable(
    Type.String({ description: 'why, in a few words: "under a heading", "buyer\'s answer to a question", "signed scope", "inferred by the model"' }),
  ),
  needsConfirmation: Type.Boolean({
    description: 'weak evidence and no person has confirmed, reviewed or edited it: gates and scores do not count it until the AE confirms it or drops it',
  }),
  confirmed: Nullable(Type.Object({ by: Type.String(), at: Type.String() })),
  resolved: Type.Boolean({ description: 'for questions: answered, dismissed, or made moot by an item' }),
});
export type BriefItem = Static<typeof BriefItem>;

export const Conflict = Type.Object({
  id: Type.String(),
  kind: oneOf(conflictKinds),
  summary: Type.String(),
  notes: Evidence,
  scope: Evidence,
  status: oneOf(['open', 'resolved'] as const),
  resolution: Nullable(ConflictResolution),
  note: Nullable(Type.String()),
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  confidence: Nullable(
    Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'how far the comparison carries the conflict (figures compared are high; a word match or a system the scope does not name low)',
    }),
  ),
  confidenceBasis: Nullable(Type.String({ description: 'why, in a few words: "prices compared over a year", "the system is not named in the signed scope"' })),
  confirmed: Nullable(Type.Object({ by: Type.String(), at: Type.String() })),
  needsConfirmation: Type.Boolean({
    description: 'open, weak and not confirmed: it neither pauses the handoff nor fails the gate until the AE confirms it (or settles it)',
  }),
});
export type Conflict = Static<typeof Conflict>;

export const Score = Type.Object({ score: Type.Integer({ minimum: 0, maximum: 100 }), reasons: Type.Array(Type.String()) });
export const Scores = Type.Object({
  completeness: Score,
  promiseRisk: Score,
  implementationComplexity: Score,
  stakeholderCoverage: Score,
  firstValueClarity: Score,
  overall: Score,
});
export type Scores = Static<typeof Scores>;
export type Score = Static<typeof Score>;

const itemsByKind = Type.Object(
  Object.fromEntries(itemKinds.map((k) => [k, Type.Array(BriefItem)])) as Record<ItemKind, ReturnType<typeof Type.Array<typeof BriefItem>>>,
);

export const Brief = Type.Object({
  id: Type.String(),
  opportunity: Type.Object({
    id: Type.String(),
    name: Type.String(),
    accountId: Type.String(),
    accountName: Type.String(),
    stageCategory: Type.String(),
    amount: Type.String(),
  }),
  status: oneOf(briefStatuses),
  pausedFrom: Nullable(Type.String()),
  /** The won deal was reopened: the brief waits until the deal is won again. */
  reopenedAt: Nullable(Type.String()),
  ae: Nullable(Ref),
  csm: Nullable(Ref),
  extractor: Type.String({ description: '"embedded" or "llm:<model>"' }),
  extractorNote: Nullable(Type.String()),
  revision: Type.Integer(),
  preparedAt: Type.String(),
  stale: Type.Boolean({ description: 'the sources changed since the brief was prepared' }),
  items: itemsByKind,
  conflicts: Type.Array(Conflict),
  gates: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), passed: Type.Boolean(), detail: Type.String() })),
  scores: Scores,
  openQuestions: Type.Integer(),
  dropped: Type.Array(Type.Object({ kind: Type.String(), text: Type.String(), reason: Type.String() }), {
    description: 'items an extractor offered whose quote is not in the sources',
  }),
  sources: Type.Array(
    Type.Object({ id: Type.String(), kind: oneOf(sourceKinds), title: Type.String(), occurredAt: Nullable(Type.String()), length: Type.Integer() }),
  ),
  returns: Type.Integer(),
  kickoff: Type.Object({ scheduledOn: Nullable(Type.String()), firstScheduledOn: Nullable(Type.String()), heldOn: Nullable(Type.String()) }),
  firstValue: Type.Object({ dueOn: Nullable(Type.String()), reachedOn: Nullable(Type.String()), missedAt: Nullable(Type.String()) }),
  wonAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  acceptedBy: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      data: Type.Record(Type.String(), Type.Unknown()),
      actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()), label: Type.String() }),
      at: Type.String(),
    }),
  ),
});
export type Brief = Static<typeof Brief>;

/** A deal's handoff as the web asks for it: the brief, or null before one is prepared (an answer, not a 404). */
export const DealHandoff = Type.Object({ brief: Nullable(Brief) });
export type DealHandoff = Static<typeof DealHandoff>;

export const PreparedBrief = Type.Intersect([Brief, Type.Object({ outcome: oneOf(['created', 'refreshed', 'unchanged'] as const) })]);

export const Source = Type.Object({
  id: Type.String(),
  kind: oneOf(sourceKinds),
  title: Type.String(),
  text: Type.String(),
  occurredAt: Nullable(Type.String()),
});
export type Source = Static<typeof Source>;
export type PreparedBrief = Static<typeof PreparedBrief>;

export const ScopeDocument = Type.Object({
  id: Type.String(),
  opportunityId: Type.String(),
  kind: oneOf(scopeDocumentKinds),
  title: Type.String(),
  body: Type.String(),
  fileName: Nullable(Type.String()),
  signedOn: Nullable(Type.String()),
  authorName: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type ScopeDocument = Static<typeof ScopeDocument>;

export const BriefSummary = Type.Object({
  id: Type.String(),
  opportunityId: Type.String(),
  opportunityName: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  status: oneOf(briefStatuses),
  aeName: Nullable(Type.String()),
  csmName: Nullable(Type.String()),
  overall: Nullable(Type.Integer()),
  returns: Type.Integer(),
  openConflicts: Type.Integer(),
  wonAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  kickoffOn: Nullable(Type.String()),
  kickoffHeldOn: Nullable(Type.String()),
  updatedAt: Type.String(),
});
export type BriefSummary = Static<typeof BriefSummary>;

export const HandoffMetrics = Type.Object({
  from: Type.String(),
  to: Type.String(),
  handoffs: Type.Integer(),
  accepted: Type.Integer(),
  acceptedFirstPass: Type.Integer({ description: 'accepted without a missing-context return' }),
  decided: Type.Integer({ description: 'handoffs accepted or returned at least once (a brief still in review is neither)' }),
  acceptanceRate: Nullable(Type.Number({ description: 'accepted without a return, over the decided handoffs of the period' })),
  returns: Type.Integer(),
  returnsByField: Type.Array(Type.Object({ field: Type.String(), count: Type.Integer() })),
  wonToAcceptedHours: Type.Object({ median: Nullable(Type.Number()), p90: Nullable(Type.Number()), n: Type.Integer() }),
  kickoff: Type.Object({
    scheduled: Type.Integer(),
    held: Type.Integer(),
    delayed: Type.Integer(),
    medianDelayDays: Nullable(Type.Number()),
    meanDelayDays: Nullable(Type.Number()),
  }),
  firstValue: Type.Object({ reached: Type.Integer(), missed: Type.Integer(), overdue: Type.Integer(), medianDaysFromWon: Nullable(Type.Number()) }),
  paused: Type.Integer({ description: 'handoffs of the period that were paused at some point (by a conflict with the signed scope)' }),
});
export type HandoffMetrics = Static<typeof HandoffMetrics>;

export const BriefParams = Type.Object({ id: Uuid });
export const ItemParams = Type.Object({ id: Uuid, itemId: Uuid });
export const ConflictParams = Type.Object({ id: Uuid, conflictId: Uuid });

export const PrepareBody = Type.Object(
  {
    extractor: Type.Optional(
      oneOf(['auto', 'embedded'] as const, {
        description: 'auto: the LLM when one is configured (default); embedded: always the built-in extractor',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PrepareBody = Static<typeof PrepareBody>;

export const NewScopeDocument = Type.Object(
  {
    kind: ScopeDocumentKind,
    title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
    body: Type.String({ minLength: 1, maxLength: 500_000, pattern: '\\S', description: 'the document as text' }),
    fileName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    signedOn: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false },
);
export type NewScopeDocument = Static<typeof NewScopeDocument>;

export const HandoffListQuery = Type.Object(
  {
    status: Type.Optional(BriefStatus),
    mine: Type.Optional(Type.Boolean({ description: 'only those where I am the AE or the CSM' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type HandoffListQuery = Static<typeof HandoffListQuery>;

export const MetricsQuery = Type.Object(
  { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
  { additionalProperties: false, description: 'handoffs created from `from` (default 90 days ago) to `to` (default today), inclusive' },
);
export type MetricsQuery = Static<typeof MetricsQuery>;

export const BriefAssignment = Type.Object(
  { aeId: Type.Optional(Nullable(Uuid)), csmId: Type.Optional(Nullable(Uuid)) },
  { additionalProperties: false, minProperties: 1 },
);
export type BriefAssignment = Static<typeof BriefAssignment>;

export const SubmitBody = Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false });
export type SubmitBody = Static<typeof SubmitBody>;

export const ReturnQuestion = Type.Object(
  { field: Type.Optional(Nullable(oneOf(questionFields))), text: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);
export type ReturnQuestion = Static<typeof ReturnQuestion>;
export const ReturnBody = Type.Object({ questions: Type.Array(ReturnQuestion, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false });
export type ReturnBody = Static<typeof ReturnBody>;

export const addableItemKinds = itemKinds.filter((k): k is Exclude<ItemKind, 'question'> => k !== 'question');
export const NewItem = Type.Object(
  {
    kind: oneOf(addableItemKinds),
    text: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
    promiseKind: Type.Optional(oneOf(promiseKinds)),
    authority: Type.Optional(oneOf(authorities)),
    engaged: Type.Optional(Type.Boolean()),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    ownerId: Type.Optional(Nullable(Uuid)),
    evidence: Type.Optional(
      Type.Object(
        { sourceId: Type.String({ minLength: 1, maxLength: 100 }), quote: Type.String({ minLength: 3, maxLength: 5000 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type NewItem = Static<typeof NewItem>;

export const ItemChange = Type.Object(
  {
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })),
    promiseKind: Type.Optional(oneOf(promiseKinds)),
    authority: Type.Optional(oneOf(authorities)),
    engaged: Type.Optional(Type.Boolean()),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    ownerId: Type.Optional(Nullable(Uuid)),
    dismissed: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    confirmed: Type.Optional(Type.Literal(true, { description: 'the AE confirms an item marked needsConfirmation (to drop it instead: dismissed: true)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ItemChange = Static<typeof ItemChange>;

export const PromiseReview = Type.Object(
  {
    decision: oneOf(['confirmed', 'corrected'] as const),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type PromiseReview = Static<typeof PromiseReview>;

export const AnswerBody = Type.Object({ answer: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S' }) }, { additionalProperties: false });
export type AnswerBody = Static<typeof AnswerBody>;

export const ConflictResolutionBody = Type.Object(
  { resolution: ConflictResolution, note: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type ConflictResolutionBody = Static<typeof ConflictResolutionBody>;

export const KickoffBody = Type.Object(
  { scheduledOn: Type.Optional(IsoDate), heldOn: Type.Optional(IsoDate) },
  { additionalProperties: false, minProperties: 1 },
);
export type KickoffBody = Static<typeof KickoffBody>;

export const FirstValueBody = Type.Object(
  {
    dueOn: Type.Optional(IsoDate),
    reachedOn: Type.Optional(IsoDate),
    missed: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type FirstValueBody = Static<typeof FirstValueBody>;

/** An empty list per item kind, to sort a brief's items into. */
export const emptyItems = (): Record<ItemKind, BriefItem[]> => Object.fromEntries(itemKinds.map((k) => [k, []])) as unknown as Record<ItemKind, BriefItem[]>;
