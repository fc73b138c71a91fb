// The mailbox: the workspace's outgoing e-mail (client documents with their PDF, rule notifications), its delivery
// status and how it left (SMTP, or the mail folder when no SMTP server is set).
import { Type, type Static } from 'typebox';
import { Nullable, oneOf, PageQuery, Uuid } from './common.ts';

export const mailStatuses = ['queued', 'sent', 'failed'] as const;
export const mailTransports = ['smtp', 'file'] as const;

export const MailSummary = Type.Object({
  id: Type.String(),
  to: Type.String({ description: 'the address (several, comma-separated, when a rule sent to a role)' }),
  toUserId: Nullable(Type.String({ description: 'the person of the workspace it went to (a notification), else null' })),
  subject: Type.String(),
  status: oneOf(mailStatuses, { description: 'queued: waiting for the mailer; sent: handed to SMTP or written to the mail folder; failed' }),
  transport: Nullable(oneOf(mailTransports, { description: 'smtp: BATON_SMTP_URL; file: an .eml file in the mail folder (no SMTP server set)' })),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  originRunId: Nullable(Type.String({ description: 'the rule run that queued it' })),
  document: Nullable(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      title: Type.String(),
      revision: Type.Integer(),
      opportunityId: Type.String(),
      opportunityName: Type.String(),
    }),
  ),
  attachment: Nullable(Type.Object({ name: Type.String(), contentType: Type.Literal('application/pdf') }, { description: "the document's PDF" })),
});
export type MailSummary = Static<typeof MailSummary>;

export const MailDetail = Type.Object({ ...MailSummary.properties, body: Type.String({ description: 'the plain-text body' }) });
export type MailDetail = Static<typeof MailDetail>;

export const MailListQuery = Type.Object(
  {
    status: Type.Optional(oneOf(mailStatuses)),
    transport: Type.Optional(oneOf(mailTransports)),
    documentId: Type.Optional(Uuid),
    opportunityId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'words in the subject or the address' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type MailListQuery = Static<typeof MailListQuery>;
