// send_document: e-mails the deal's latest approved document of a template through the same flow as the API's send,
// so whatever holds the sending (its approvals) holds the step too: it fails with the reason and is retried, visible in
// the run log. A document already sent is never sent again, however often the trigger repeats.
import { AppError } from '../../domain/errors.ts';
import type { ActionParams } from '../../domain/rules/actions.ts';
import { isRole } from '../../domain/roles.ts';
import { findLatestDocument, recipientAddresses, sendDocumentIn, type DocumentRecipient } from '../../flows/documents.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

function recipientOf(params: ActionParams<'send_document'>): DocumentRecipient {
  switch (params.recipientType) {
    case 'primary_contact':
      return { type: 'primary_contact' };
    case 'contact_role':
      return { type: 'contact_role', role: params.recipient ?? '' };
    case 'role':
      if (!params.recipient || !isRole(params.recipient)) throw new AppError('action.failed', 'invalid', `"${params.recipient ?? ''}" is not a role`);
      return { type: 'role', role: params.recipient };
  }
}

const recipientWords = (params: ActionParams<'send_document'>) =>
  params.recipientType === 'primary_contact'
    ? 'the primary contact'
    : params.recipientType === 'contact_role'
      ? `the client's ${params.recipient ?? ''} contacts`
      : `the workspace's ${params.recipient ?? ''} people`;

export const sendDocumentHandler: ActionHandler<'send_document'> = {
  type: 'send_document',
  async run(tx, ctx, params) {
    const deal = dealOf(ctx);
    const { template, document } = await findLatestDocument(tx, ctx.workspaceId, deal.deal.id, params.template);
    if (!document) throw new AppError('document.not_found', 'invalid', `${deal.deal.name} has no ${template.name} to send`);
    if (document.status === 'sent')
      return { status: 'skipped', summary: `${document.title} was already sent to ${document.sentTo ?? 'the client'}`, output: { documentId: document.id } };
    // Not approved yet: a conflict, which the engine retries (the approval may come), and fails visibly if it does not.
    if (document.status !== 'approved')
      throw new AppError('document.wrong_status', 'conflict', `${document.title} is ${document.status.replace('_', ' ')}, not approved: it is not sent`, {
        details: { status: document.status },
      });
    const to = await recipientAddresses(tx, ctx.workspaceId, document, recipientOf(params));
    const sent = await sendDocumentIn(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor }, document.id, { to });
    return {
      summary: `${sent.title} e-mailed to ${sent.sentTo ?? recipientWords(params)}`,
      created: sent.delivery ? [{ type: 'mail', id: sent.delivery.mailId, label: `${sent.title} to ${sent.sentTo ?? ''}` }] : [],
      output: { documentId: sent.id, mailId: sent.delivery?.mailId ?? null, to: sent.sentTo },
    };
  },
  async preview(db, ctx, params) {
    const deal = dealOf(ctx);
    const { template, document } = await findLatestDocument(db, ctx.workspaceId, deal.deal.id, params.template).catch(() => ({
      template: undefined,
      document: undefined,
    }));
    if (!template) return { summary: `No document template with key "${params.template}": the step would fail`, details: [] };
    if (!document) return { summary: `${deal.deal.name} has no ${template.name} yet: the step would fail`, details: [] };
    if (document.status === 'sent') return { summary: `${document.title} was already sent: nothing would be sent`, details: [] };
    if (document.status !== 'approved')
      return { summary: `${document.title} is ${document.status.replace('_', ' ')}: the step would wait for its approval`, details: [] };
    return { summary: `E-mail ${document.title} to ${recipientWords(params)}`, details: [] };
  },
};
