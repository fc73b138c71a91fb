// generate_document: a client document from a template on the deal's data, put in review; once per deal and template
// version (the document's idempotency key), so a repeated trigger or a retried step makes no second one.
import { AppError } from '../../domain/errors.ts';
import { findDocumentTemplateByKey } from '../../adapters/db/document-templates.repo.ts';
import { generateDocumentIn, submitDocumentIn } from '../../flows/documents.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

export const generateDocumentHandler: ActionHandler<'generate_document'> = {
  type: 'generate_document',
  async run(tx, ctx, params) {
    const deal = dealOf(ctx);
    const template = await findDocumentTemplateByKey(tx, ctx.workspaceId, params.template);
    if (!template || template.archived) throw new AppError('document_template.not_found', 'invalid', `No document template with key "${params.template}"`);
    const key = `rule-document:${deal.deal.id}:${template.id}@${template.version}`;
    const actionCtx = { workspaceId: ctx.workspaceId, actor: ctx.actor };
    const { document, created } = await generateDocumentIn(tx, actionCtx, {
      opportunityId: deal.deal.id,
      templateId: template.id,
      idempotencyKey: key,
      originRunId: ctx.run.id,
      now: ctx.now,
    }).catch((error: unknown) => {
      // Missing deal data does not come by waiting: the step fails at once with the list, and is retried by a person.
      if (error instanceof AppError && error.code === 'document.missing_data')
        throw new AppError('document.missing_data', 'invalid', error.message, { details: error.details ?? {}, fields: error.fields ?? [] });
      throw error;
    });
    if (!created) return { summary: `${document.title} was already generated from ${template.name} v${template.version}`, output: { documentId: document.id } };
    const submitted = (params.review ?? 'submit') === 'submit' ? await submitDocumentIn(tx, actionCtx, document.id) : document;
    return {
      summary: `${document.title} generated from ${template.name} v${template.version}${submitted.status === 'in_review' ? ' and put in review' : ' as a draft'}`,
      created: [{ type: 'document', id: document.id, label: document.title }],
      output: { documentId: document.id, number: document.number },
    };
  },
  async preview(db, ctx, params) {
    const deal = dealOf(ctx);
    const template = await findDocumentTemplateByKey(db, ctx.workspaceId, params.template);
    if (!template) return { summary: `No document template with key "${params.template}": the step would fail`, details: [] };
    return {
      summary: `Generate ${template.name} v${template.version} for ${deal.deal.name}${(params.review ?? 'submit') === 'submit' ? ' and put it in review' : ''}`,
      details: [],
    };
  },
};
