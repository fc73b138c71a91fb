// The webhook allow-list: hosts rule webhooks may call although they are not public (admins only).
import { Type, type Static } from 'typebox';
import { Nullable, oneOf, PageQuery } from './common.ts';

export const WebhookSettings = Type.Object(
  {
    allowedHosts: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
      maxItems: 100,
      description: 'host names or IP addresses (no scheme, port or path) that webhooks may call although they are not public',
    }),
  },
  { additionalProperties: false },
);
export type WebhookSettings = Static<typeof WebhookSettings>;

// Outbound webhook subscriptions (Standard Webhooks): a URL, the event types it takes, its signing secret, and the
// log of its deliveries.
const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 100, description: 'an event type such as deal.won, or * for every event' }), {
  minItems: 1,
  maxItems: 50,
});

export const WebhookSubscriptionInput = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'an http(s) URL that answers a POST with 2xx' }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    eventTypes: EventTypes,
  },
  { additionalProperties: false },
);

export const WebhookSubscriptionPatch = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean({ description: 'true enables a disabled subscription again (its failure streak starts over); false pauses it' })),
    rotateSecret: Type.Optional(Type.Boolean({ description: 'true makes a new signing secret; the old one stops working at once' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const deliveryStatuses = ['pending', 'retrying', 'delivered', 'failed'] as const;
const Counts = Type.Object({ pending: Type.Integer(), retrying: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer() });

export const WebhookSubscription = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  secret: Type.String({ description: 'the Standard Webhooks signing secret (whsec_...), for admins' }),
  enabled: Type.Boolean(),
  disabledReason: Nullable(Type.String()),
  failingSince: Nullable(Type.String()),
  consecutiveFailures: Type.Integer(),
  deliveries: Counts,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const WebhookDelivery = Type.Object({
  id: Type.String({ description: 'also the webhook-id header: the same on every attempt' }),
  subscriptionId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  body: Type.String({ description: 'the JSON sent: { type, timestamp, data }' }),
  status: oneOf(deliveryStatuses),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  log: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      at: Type.String(),
      status: Nullable(Type.Integer()),
      error: Nullable(Type.String()),
      manual: Type.Optional(Type.Boolean()),
    }),
  ),
  createdAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
});

export const DeliveryListQuery = Type.Object({ status: Type.Optional(oneOf(deliveryStatuses)), ...PageQuery }, { additionalProperties: false });
