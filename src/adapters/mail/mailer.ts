// Sends queued e-mail: through SMTP when BATON_SMTP_URL is set, otherwise into <data dir>/mail as .eml files.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Tx } from '../db/database.ts';
import { lockMailMessage, markMailSent, type MailTransport } from '../db/mail.repo.ts';
import type { OutboxEvent } from '../db/outbox.repo.ts';

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
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.body,
        messageId: `<${mail.id}@baton>`,
      });
      if (kind === 'file') {
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, `${mail.id}.eml`), (info as unknown as { message: Buffer }).message);
      }
      await markMailSent(tx, event.workspaceId, mail.id, kind);
    },
  };
}
