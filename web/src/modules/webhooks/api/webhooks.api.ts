import { http } from '../../../ui/http.ts';

import type { WebhookSettings } from '../../../../../src/schemas/webhooks.ts';

export type { WebhookSettings };

export const getWebhookSettings = () => http.get<WebhookSettings>('/api/settings/webhooks');

export const saveWebhookSettings = (input: WebhookSettings) => http.put<WebhookSettings>('/api/settings/webhooks', input);
