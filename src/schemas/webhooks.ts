// The webhook allow-list: hosts rule webhooks may call although they are not public (admins only).
import { Type, type Static } from 'typebox';

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
