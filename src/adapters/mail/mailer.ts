// Sends queued e-mail: through SMTP when BATON_SMTP_URL is set, otherwise into <data dir>/mail as .eml files. A
// message that carries a client document gets the document's PDF attached; a meeting's, its iCalendar invitation.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Tx } from '../db/database.ts';
import { lockMailMessage, markMailSent, type MailTransport } from '../db/mail.repo.ts';
import type { OutboxEvent } from '../db/outbox.repo.ts';
import { findDocumentForPdf } from '../db/documents.repo.ts';
import { parseMarkup } from '../../domain/document-markup.ts';
import { renderPdf } from '../documents/pdf.ts';

export type Mailer = { transport: MailTransport; send(tx: Tx, event: OutboxEvent): Promise<void> };

export function createMailer(options: { smtpUrl?: string | undefined; from: string; dataDir: string }): Mailer {
  const transport = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const kind: MailTransport = options.smtpUrl ? 'smtp' : 'file';
  const dir = path.join(options.dataDir, 'mail');
  return {
    transport: kind,
    async send(tx, event) {
      const mailId = String(event.payload.mailId);
      const mail = await lockMailMessage(tx, event.workspaceId, mailId);
      if (!mail || mail.status === 'sent') return;
      const attachments = [];
      if (mail.document_id) {
        const doc = await findDocumentForPdf(tx, event.workspaceId, mail.document_id);
        if (doc) {
          const pdf = await renderPdf({ title: doc.title, workspaceName: doc.workspace_name, blocks: parseMarkup(doc.markup), createdAt: doc.created_at });
          attachments.push({ filename: `${doc.number}.pdf`, content: pdf, contentType: 'application/pdf' });
        }
      }
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.body,
        ...(mail.html_body && { html: mail.html_body }),
        messageId: `<${mail.id}@baton>`,
        attachments,
        // A meeting's invitation travels as text/calendar with its method, which calendar clients act on.
        ...(mail.calendar_ics && mail.calendar_method && { icalEvent: { method: mail.calendar_method, filename: 'invite.ics', content: mail.calendar_ics } }),
      });
      if (kind === 'file') {
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, `${mail.id}.eml`), (info as unknown as { message: Buffer }).message);
      }
      await markMailSent(tx, event.workspaceId, mail.id, kind);
    },
  };
}
