// submit_document: the deal's latest draft of a document template goes to review. Submitting is idempotent in the
// flow (a document in review stays as it is), so a repeated trigger or a retried step changes nothing.
import { AppError } from '../../domain/errors.ts';
import { findLatestDocument, submitDocumentIn } from '../../flows/documents.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const submitDocumentHandler: ActionHandler<'submit_document'> = {
  type: 'submit_document',
  async run(tx, ctx, params) {
    const deal = dealOf(ctx);
    const { template, document } = await findLatestDocument(tx, ctx.workspaceId, deal.deal.id, params.template);
    if (!document) throw new AppError('document.not_found', 'invalid', `${deal.deal.name} has no ${template.name} to submit: generate it first`);
    if (document.status !== 'draft')
      return {
        status: 'skipped',
        summary: `${document.title} is ${document.status.replace('_', ' ')}: nothing to submit`,
        output: { documentId: document.id, status: document.status },
      };
    const submitted = await submitDocumentIn(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor }, document.id);
    return { summary: `${submitted.title} put in review`, output: { documentId: submitted.id, status: submitted.status } };
  },
  async preview(db, ctx, params) {
    const deal = dealOf(ctx);
    const { template, document } = await findLatestDocument(db, ctx.workspaceId, deal.deal.id, params.template).catch(() => ({
      template: undefined,
      document: undefined,
    }));
    if (!template) return { summary: `No document template with key "${params.template}": the step would fail`, details: [] };
    if (!document) return { summary: `${deal.deal.name} has no ${template.name} yet: the step would fail`, details: [] };
    return {
      summary:
        document.status === 'draft' ? `Put ${document.title} in review` : `${document.title} is ${document.status.replace('_', ' ')}: nothing would change`,
      details: [],
    };
  },
};
