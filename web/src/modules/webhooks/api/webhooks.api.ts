import { http } from '../../../ui/http.ts';

/** Hosts rule webhooks may call although they are not public (admins only). */
export type WebhookSettings = { allowedHosts: string[] };

export const getWebhookSettings = () => http.get<WebhookSettings>('/api/settings/webhooks');

export const saveWebhookSettings = (input: WebhookSettings) => http.put<WebhookSettings>('/api/settings/webhooks', input);
