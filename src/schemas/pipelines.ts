// The API's pipeline shapes: a pipeline with its stages, and the bodies that create and change one.
import { Type, type Static } from 'typebox';

const Category = Type.Union([Type.Literal('open'), Type.Literal('won'), Type.Literal('lost')]);
const ProjectCreation = Type.Union([Type.Literal('automatic'), Type.Literal('manual')], {
  description: "automatic: a rule builds a won deal's project; manual: a person does",
});

export const Stage = Type.Object({
  id: Type.String(),
  pipelineId: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  category: Category,
  probability: Type.Integer(),
  archivedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type Stage = Static<typeof Stage>;

export const Pipeline = Type.Object({
  id: Type.String(),
  name: Type.String(),
  isDefault: Type.Boolean(),
  projectCreation: ProjectCreation,
  archivedAt: Type.Union([Type.String(), Type.Null()]),
  requiredToWin: Type.Array(Type.String(), { description: 'deal field keys (see GET /api/deal-fields) that must be filled before a deal is won' }),
  stages: Type.Array(Stage),
});
export type Pipeline = Static<typeof Pipeline>;

const StageDraft = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'an existing stage of this pipeline; leave out to add a stage' })),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    category: Category,
    probability: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'percent; defaults climb with the open stages, won 100, lost 0' })),
  },
  { additionalProperties: false },
);

export const PipelineInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    isDefault: Type.Optional(Type.Boolean()),
    projectCreation: Type.Optional(ProjectCreation),
    requiredToWin: Type.Optional(
      Type.Array(Type.String({ maxLength: 80 }), { maxItems: 30, description: 'deal field keys (see GET /api/deal-fields) a deal must have filled to be won' }),
    ),
    stages: Type.Optional(
      Type.Array(StageDraft, {
        minItems: 3,
        maxItems: 30,
        description: 'in order: open stages, then one won and one lost stage; the usual seven stages when left out',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PipelineInput = Static<typeof PipelineInput>;

export const PipelinePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    isDefault: Type.Optional(Type.Boolean()),
    projectCreation: Type.Optional(ProjectCreation),
    archived: Type.Optional(Type.Boolean()),
    requiredToWin: Type.Optional(
      Type.Array(Type.String({ maxLength: 80 }), { maxItems: 30, description: 'deal field keys (see GET /api/deal-fields) a deal must have filled to be won' }),
    ),
    stages: Type.Optional(
      Type.Array(StageDraft, {
        minItems: 3,
        maxItems: 30,
        description: 'every stage in its new order: with an id to keep (rename, re-weight, move) one, without to add one; active stages left out are archived',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PipelinePatch = Static<typeof PipelinePatch>;

export const PipelineListQuery = Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
