// Client documents and their templates: Liquid templates with required fields and versions, documents made from
// them on a deal's data, their review and sending.
import { Type, type Static } from 'typebox';
import { Nullable, NullableValue, oneOf, Uuid } from './common.ts';

const Key = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' });
const Body = Type.String({ minLength: 1, maxLength: 100_000, description: 'Liquid producing a small markup: # headings, paragraphs, - lists, | tables |' });
const RequiredFields = Type.Array(Type.String({ maxLength: 200 }), {
  maxItems: 100,
  description: "paths in the document's data that must have a value (deal.amount, terms.billing_schedule ...)",
});

export const DocumentTemplate = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  version: Type.Integer({ description: 'the current version; a change to the body or required fields makes a new one' }),
  body: Type.String(),
  requiredFields: Type.Array(Type.String()),
  archived: Type.Boolean(),
  updatedAt: Type.String(),
  versionCreatedBy: Type.String(),
});
export type DocumentTemplate = Static<typeof DocumentTemplate>;

export const DocumentTemplateDetail = Type.Object({
  template: DocumentTemplate,
  versions: Type.Array(Type.Object({ version: Type.Integer(), createdBy: Type.String(), createdAt: Type.String() })),
});
export type DocumentTemplateDetail = Static<typeof DocumentTemplateDetail>;

export const DocumentTemplateInput = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(NullableValue(Type.String({ maxLength: 2000 }))),
    body: Body,
    requiredFields: RequiredFields,
  },
  { additionalProperties: false },
);
export type DocumentTemplateInput = Static<typeof DocumentTemplateInput>;

export const DocumentTemplatePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(NullableValue(Type.String({ maxLength: 2000 }))),
    body: Type.Optional(Body),
    requiredFields: Type.Optional(RequiredFields),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DocumentTemplatePatch = Static<typeof DocumentTemplatePatch>;

export const PreviewInput = Type.Object(
  {
    opportunityId: Uuid,
    body: Type.Optional(Type.String({ maxLength: 100_000, description: "an unsaved body to try (the template's own when left out)" })),
    requiredFields: Type.Optional(RequiredFields),
  },
  { additionalProperties: false },
);
export type PreviewInput = Static<typeof PreviewInput>;

export const Preview = Type.Object({
  html: Nullable(Type.String({ description: 'the rendered document; null when data is missing' })),
  missing: Type.Array(Type.String(), { description: 'the fields the deal lacks, each a path in the data' }),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'the data the template reads' }),
});
export type Preview = Static<typeof Preview>;

export const documentStatuses = ['draft', 'in_review', 'approved', 'rejected', 'sent'] as const;

export const ClientDocument = Type.Object({
  id: Type.String(),
  opportunityId: Type.String(),
  templateId: Type.String(),
  templateKey: Type.String(),
  templateName: Type.String(),
  templateVersion: Type.Integer(),
  number: Type.String(),
  title: Type.String(),
  revision: Type.Integer({ description: 'a document rejected and generated again is its next revision, with the same number' }),
  replacesId: Nullable(Type.String()),
  status: oneOf(documentStatuses, { description: 'draft -> in_review -> approved -> sent, or rejected with a comment' }),
  reviewComment: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  sentAt: Nullable(Type.String()),
  sentTo: Nullable(Type.String()),
  delivery: Nullable(
    Type.Object({
      mailId: Type.String(),
      status: Type.String(),
      transport: Nullable(Type.String()),
      sentAt: Nullable(Type.String()),
      error: Nullable(Type.String()),
    }),
  ),
  createdBy: Type.String(),
  originRunId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ClientDocument = Static<typeof ClientDocument>;

export const ClientDocumentDetail = Type.Object({
  document: ClientDocument,
  html: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'the snapshot of the data it was made from' }),
});
export type ClientDocumentDetail = Static<typeof ClientDocumentDetail>;

export const DocumentListQuery = Type.Object({ opportunityId: Uuid }, { additionalProperties: false });

export const GenerateInput = Type.Object(
  { opportunityId: Uuid, templateId: Type.Optional(Uuid), templateKey: Type.Optional(Key) },
  { additionalProperties: false, description: 'templateId or templateKey' },
);
export type GenerateInput = Static<typeof GenerateInput>;

export const DecisionInput = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
export const RejectInput = Type.Object(
  { comment: Type.String({ minLength: 1, maxLength: 5000, description: 'what to change' }) },
  { additionalProperties: false },
);
export const SendInput = Type.Object(
  { to: Type.Optional(Type.String({ format: 'email', maxLength: 320, description: "the client's address (the primary contact's when left out)" })) },
  { additionalProperties: false },
);
