import { http, type ListQuery, type Page } from '../../../ui/http.ts';

import type { MailDetail, MailListQuery, MailSummary } from '../../../../../src/schemas/mail.ts';

export type { MailDetail, MailSummary };
export type MailStatus = MailSummary['status'];
export const mailStatuses = ['queued', 'sent', 'failed'] as const satisfies readonly MailStatus[];

export const listMail = (query: ListQuery<MailListQuery>) => http.get<Page<MailSummary>>('/api/mail', query);

export const getMail = (id: string) => http.get<MailDetail>(`/api/mail/${encodeURIComponent(id)}`);

/** The PDF the message carried (the browser sends the session cookie). */
export const attachmentUrl = (id: string) => `/api/mail/${encodeURIComponent(id)}/attachment`;

/** How a message left, in words. */
export const transportLabel = (transport: MailSummary['transport']): string =>
  transport === 'smtp' ? 'SMTP' : transport === 'file' ? 'Mail folder' : 'Not yet';
