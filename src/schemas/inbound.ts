// Inbound connections (HubSpot, Pipedrive, Salesforce, generic) and the events they received, for admins; and the
// answers the senders' endpoints give.
import { Type, type Static } from 'typebox';
import { IsoDateTime, Nullable, oneOf, PageQuery, Uuid } from './common.ts';

export const ConnectionKind = oneOf(['hubspot', 'pipedrive', 'salesforce', 'generic'] as const);

const StageMapping = Type.Object(
  {
    pipeline: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "the sender's pipeline id (HubSpot: `default` or the custom pipeline's id); `*` for any",
    }),
    won: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, description: 'stage ids (or Salesforce stage names) that mean won' }),
    lost: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, description: 'stage ids (or names) that mean lost' }),
  },
  { additionalProperties: false },
);

const Secrets = Type.Record(Type.String({ maxLength: 60 }), Type.String({ minLength: 1, maxLength: 500 }), {
  description:
    'hubspot: clientSecret; pipedrive: username, password (HTTP Basic auth); salesforce: token (the `token` query parameter, made when left out), ' +
    'organizationId (optional: a SOAP message of another organisation is refused); generic: signingSecret (whsec_..., made when left out)',
});

const FieldMap = Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.String({ minLength: 1, maxLength: 100 }), {
  description: "the sender's field name -> name, amount, currency, closeDate or custom.<key>; added to the sender's usual fields",
});

const PublicUrl = Nullable(
  Type.String({
    maxLength: 500,
    pattern: '^https?://',
    description: "the server's public address as the sender calls it (HubSpot signs the full URL): set it when a proxy stands in front",
  }),
);

export const ConnectionInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: ConnectionKind,
    secrets: Type.Optional(Secrets),
    stageMap: Type.Optional(Type.Array(StageMapping, { maxItems: 50 })),
    fieldMap: Type.Optional(FieldMap),
    pipelineId: Type.Optional(Nullable(Uuid)),
    publicUrl: Type.Optional(PublicUrl),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ConnectionInput = Static<typeof ConnectionInput>;

export const ConnectionPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    secrets: Type.Optional(Secrets),
    stageMap: Type.Optional(Type.Array(StageMapping, { maxItems: 50 })),
    fieldMap: Type.Optional(FieldMap),
    pipelineId: Type.Optional(Nullable(Uuid)),
    publicUrl: Type.Optional(PublicUrl),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ConnectionPatch = Static<typeof ConnectionPatch>;

export const Connection = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: ConnectionKind,
  endpoint: Type.String({ description: 'the path the sender posts to, after the server address' }),
  secrets: Type.Record(Type.String(), Type.String()),
  stageMap: Type.Array(StageMapping),
  fieldMap: Type.Record(Type.String(), Type.String()),
  effectiveFieldMap: Type.Record(Type.String(), Type.String()),
  pipelineId: Nullable(Uuid),
  publicUrl: Nullable(Type.String()),
  active: Type.Boolean(),
  events: Type.Record(Type.String(), Type.Integer(), { description: 'how many events the connection received, by status' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export type Connection = Static<typeof Connection>;

export const EventStatus = oneOf(['received', 'processed', 'ignored', 'stale', 'failed', 'rejected', 'malformed'] as const);

export const InboundEvent = Type.Object({
  id: Uuid,
  connectionId: Uuid,
  format: Type.String(),
  externalId: Nullable(Type.String()),
  externalDealId: Nullable(Type.String()),
  occurredAt: Nullable(IsoDateTime),
  status: EventStatus,
  outcome: Nullable(Type.String()),
  opportunity: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  raw: Type.String({ description: 'the event as sent' }),
  headers: Type.Record(Type.String(), Type.String()),
  attempts: Type.Integer(),
  receivedAt: IsoDateTime,
  processedAt: Nullable(IsoDateTime),
});

export type InboundEvent = Static<typeof InboundEvent>;

export const EventListQuery = Type.Object({ ...PageQuery, status: Type.Optional(EventStatus) }, { additionalProperties: false });

export type EventListQuery = Static<typeof EventListQuery>;

export const ConnectionEventParams = Type.Object({ id: Uuid, eventId: Uuid });

export const ReceiveParams = Type.Object({ connectionId: Uuid });

export const ReceiveResult = Type.Object({
  format: Type.String(),
  events: Type.Array(
    Type.Object({
      id: Uuid,
      eventId: Nullable(Type.String()),
      status: EventStatus,
      outcome: Nullable(Type.String()),
      duplicate: Type.Boolean({ description: 'the event had been received before: it was not applied again' }),
    }),
  ),
});
