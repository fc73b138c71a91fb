// Sends queued e-mail: through SMTP when BATON_SMTP_URL is set, otherwise into <data dir>/mail as .eml files.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { OutboxEvent } from '../db/outbox.repo.ts';

export type Mailer = { transport: 'smtp' | 'file'; send(tx: Tx, event: OutboxEvent): Promise<void> };

export function createMailer(options: { smtpUrl?: string | undefined; from: string; dataDir: string }): Mailer {
  const transport = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const kind = options.smtpUrl ? 'smtp' : 'file';
  const dir = path.join(options.dataDir, 'mail');
  return {
    transport: kind,
    async send(tx, event) {
      const mailId = String(event.payload.mailId);
      const mail = await tx
        .selectFrom('mail_messages')
        .selectAll()
        .where('workspace_id', '=', event.workspaceId)
        .where('id', '=', mailId)
        .forUpdate()
        .executeTakeFirst();
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
      await tx
        .updateTable('mail_messages')
        .set({ status: 'sent', sent_at: sql`now()`, transport: kind, error: null })
        .where('id', '=', mail.id)
        .execute();
    },
  };
}
