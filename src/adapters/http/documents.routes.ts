// Client documents and what they are made from: a deal's terms for finance and legal, document templates, and the
// documents themselves (generate, preview, PDF, review and sending).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseMarkup } from '../../domain/document-markup.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import { getDealTerms, updateDealTerms } from '../../flows/deal-terms.flow.ts';
import {
  approveDocument,
  createDocumentTemplate,
  documentHtml,
  generateDocument,
  getDocument,
  previewDocument,
  rejectDocument,
  sendDocument,
  submitDocument,
  updateDocumentTemplate,
} from '../../flows/documents.flow.ts';
import { errorResponses, IdParams, list } from '../../schemas/common.ts';
import {
  ClientDocument,
  ClientDocumentDetail,
  DecisionInput,
  DocumentListQuery,
  DocumentTemplate,
  DocumentTemplateDetail,
  DocumentTemplateInput,
  DocumentTemplatePatch,
  GenerateInput,
  Preview,
  PreviewInput,
  RejectInput,
  SendInput,
} from '../../schemas/documents.ts';
import { DealTerms, DealTermsPatch } from '../../schemas/terms.ts';
import { findDocumentTemplate, listDocumentTemplates, listDocumentTemplateVersions } from '../db/document-templates.repo.ts';
import { listDealDocuments } from '../db/documents.repo.ts';
import { renderPdf } from '../documents/pdf.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const documentRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/opportunities/:id/terms',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: "The deal's terms: billing schedule (with its invoices and total), payment terms, discount, contract version, non-standard clauses",
          params: IdParams,
          response: { 200: DealTerms, ...errorResponses },
        },
      },
      async (request) => getDealTerms(deps.db, callerOf(request).workspaceId, request.params.id),
    );

    app.patch(
      '/api/opportunities/:id/terms',
      {
        config: { permission: 'terms.write' },
        schema: {
          tags: ['documents'],
          summary: "Change the deal's terms: a billing schedule must add up to the deal's amount, a discount is 0-100 %",
          params: IdParams,
          body: DealTermsPatch,
          response: { 200: DealTerms, ...errorResponses },
        },
      },
      async (request) => updateDealTerms(deps, callerOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/document-templates',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: "The workspace's document templates at their current version",
          response: { 200: list(DocumentTemplate), ...errorResponses },
        },
      },
      async (request) => ({ items: await listDocumentTemplates(deps.db, callerOf(request).workspaceId) }),
    );

    app.get(
      '/api/document-templates/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: 'A document template and its versions',
          params: IdParams,
          response: { 200: DocumentTemplateDetail, ...errorResponses },
        },
      },
      async (request) => {
        const { workspaceId } = callerOf(request);
        const template = await findDocumentTemplate(deps.db, workspaceId, request.params.id);
        if (!template) throw new AppError('document_template.not_found', 'not_found', 'Document template not found');
        return { template, versions: await listDocumentTemplateVersions(deps.db, workspaceId, template.id) };
      },
    );

    app.post(
      '/api/document-templates',
      {
        config: { permission: 'templates.manage' },
        schema: {
          tags: ['documents'],
          summary: 'Add a document template (Liquid; strict: an unknown variable or filter is an error, no files)',
          body: DocumentTemplateInput,
          response: { 201: DocumentTemplate, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createDocumentTemplate(deps, callerOf(request), request.body)),
    );

    app.patch(
      '/api/document-templates/:id',
      {
        config: { permission: 'templates.manage' },
        schema: {
          tags: ['documents'],
          summary: 'Change a document template: a new body or new required fields make a new version',
          params: IdParams,
          body: DocumentTemplatePatch,
          response: { 200: DocumentTemplate, ...errorResponses },
        },
      },
      async (request) => updateDocumentTemplate(deps, callerOf(request), request.params.id, request.body),
    );

    app.post(
      '/api/document-templates/:id/preview',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: "A template (or an unsaved body) rendered on a deal's data as HTML, with the fields the deal lacks; writes nothing",
          params: IdParams,
          body: PreviewInput,
          response: { 200: Preview, ...errorResponses },
        },
      },
      async (request) => previewDocument(deps.db, { workspaceId: callerOf(request).workspaceId, now: deps.now() }, request.params.id, request.body),
    );

    app.get(
      '/api/documents',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: "A deal's documents, newest first (every revision, with its status and delivery)",
          querystring: DocumentListQuery,
          response: { 200: list(ClientDocument), ...errorResponses },
        },
      },
      async (request) => ({ items: await listDealDocuments(deps.db, callerOf(request).workspaceId, request.query.opportunityId) }),
    );

    app.post(
      '/api/documents',
      {
        config: { permission: 'documents.write' },
        schema: {
          tags: ['documents'],
          summary: "Generate a document from a template on a deal's data; missing data is a 409 listing each missing field",
          body: GenerateInput,
          response: { 201: ClientDocument, ...errorResponses },
        },
      },
      async (request, reply) => {
        if (!request.body.templateId && !request.body.templateKey) throw invalid([{ path: 'body:/templateId', message: 'give templateId or templateKey' }]);
        const { document } = await generateDocument(deps, callerOf(request), { ...request.body, now: deps.now() });
        return reply.status(201).send(document);
      },
    );

    app.get(
      '/api/documents/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: 'A document with its HTML and the data snapshot it was made from',
          params: IdParams,
          response: { 200: ClientDocumentDetail, ...errorResponses },
        },
      },
      async (request) => {
        const document = await getDocument(deps.db, callerOf(request).workspaceId, request.params.id);
        return { document, html: documentHtml(document), data: document.data };
      },
    );

    app.get(
      '/api/documents/:id/pdf',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['documents'],
          summary: 'A document as PDF (page numbers, the workspace in the header)',
          produces: ['application/pdf'],
          params: IdParams,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const document = await getDocument(deps.db, callerOf(request).workspaceId, request.params.id);
        const workspaceName = String((document.data.workspace as { name?: string } | undefined)?.name ?? 'Baton');
        const pdf = await renderPdf({ title: document.title, workspaceName, blocks: parseMarkup(document.markup), createdAt: new Date(document.createdAt) });
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${document.number}.pdf"`).send(pdf);
      },
    );

    app.post(
      '/api/documents/:id/submit',
      {
        config: { permission: 'documents.write' },
        schema: { tags: ['documents'], summary: 'Submit a draft for review', params: IdParams, response: { 200: ClientDocument, ...errorResponses } },
      },
      async (request) => submitDocument(deps, callerOf(request), request.params.id),
    );

    app.post(
      '/api/documents/:id/approve',
      {
        config: { permission: 'documents.approve' },
        schema: {
          tags: ['documents'],
          summary: 'Approve a document in review (finance, legal, admin)',
          params: IdParams,
          body: Type.Optional(DecisionInput),
          response: { 200: ClientDocument, ...errorResponses },
        },
      },
      async (request) => approveDocument(deps, callerOf(request), request.params.id, request.body?.comment),
    );

    app.post(
      '/api/documents/:id/reject',
      {
        config: { permission: 'documents.approve' },
        schema: {
          tags: ['documents'],
          summary: 'Reject a document in review, saying what to change; generating it again makes its next revision',
          params: IdParams,
          body: RejectInput,
          response: { 200: ClientDocument, ...errorResponses },
        },
      },
      async (request) => rejectDocument(deps, callerOf(request), request.params.id, request.body.comment),
    );

    app.post(
      '/api/documents/:id/send',
      {
        config: { permission: 'documents.send' },
        schema: {
          tags: ['documents'],
          summary: "E-mail an approved document's PDF to the client; the delivery is recorded on the document",
          params: IdParams,
          body: Type.Optional(SendInput),
          response: { 200: ClientDocument, ...errorResponses },
        },
      },
      async (request) => sendDocument(deps, callerOf(request), request.params.id, { to: request.body?.to }),
    );
  };
