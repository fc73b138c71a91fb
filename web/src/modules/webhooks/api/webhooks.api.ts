import { http } from '../../../ui/http.ts';

import type { WebhookSettings } from '../../../../../src/schemas/webhooks.ts';

export type { WebhookSettings };

export const getWebhookSettings = () => http.get<WebhookSettings>('/api/settings/webhooks');

export const saveWebhookSettings = (input: WebhookSettings) => http.put<WebhookSettings>('/api/settings/webhooks', input);

import type { Static } from 'typebox';
import type { ListQuery, Page } from '../../../ui/http.ts';
import type {
  DeliveryListQuery,
  WebhookDelivery as WebhookDeliverySchema,
  WebhookSubscription as WebhookSubscriptionSchema,
  WebhookSubscriptionInput,
  WebhookSubscriptionPatch,
} from '../../../../../src/schemas/webhooks.ts';

export type WebhookSubscription = Static<typeof WebhookSubscriptionSchema>;
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;
export type SubscriptionInput = Static<typeof WebhookSubscriptionInput>;
export type SubscriptionPatch = Static<typeof WebhookSubscriptionPatch>;

const at = (id: string) => `/api/webhook-subscriptions/${encodeURIComponent(id)}`;

export const listSubscriptions = async () => (await http.get<{ items: WebhookSubscription[] }>('/api/webhook-subscriptions')).items;
export const getSubscription = (id: string) => http.get<WebhookSubscription>(at(id));
export const createSubscription = (input: SubscriptionInput) => http.post<WebhookSubscription>('/api/webhook-subscriptions', input);
export const updateSubscription = (id: string, patch: SubscriptionPatch) => http.patch<WebhookSubscription>(at(id), patch);
export const deleteSubscription = (id: string) => http.delete(at(id));
export const listDeliveries = (id: string, query: ListQuery<Static<typeof DeliveryListQuery>>) =>
  http.get<Page<WebhookDelivery>>(`${at(id)}/deliveries`, query);
export const redeliver = (deliveryId: string) => http.post<WebhookDelivery>(`/api/webhook-deliveries/${encodeURIComponent(deliveryId)}/redeliver`, {});

/** Event types typed as a list ("deal.won, task.completed" or one per line). */
export const eventTypesOf = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
