// The mailbox: what the workspace e-mailed (or queued), with the body and the client document's PDF it carried.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseMarkup } from '../../domain/document-markup.ts';
import { notFound } from '../../domain/errors.ts';
import { getDocument } from '../../flows/documents.flow.ts';
import { errorResponses, IdParams, page } from '../../schemas/common.ts';
import { MailDetail, MailListQuery, MailSummary } from '../../schemas/mail.ts';
import { findMail, listMail } from '../db/mail.repo.ts';
import { renderPdf } from '../documents/pdf.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const mailRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/mail',
      {
        config: { permission: 'mail.read' },
        schema: {
          tags: ['mail'],
          summary: "The workspace's outgoing mail, newest first: to, subject, status, transport, when it was sent, the document it carries",
          querystring: MailListQuery,
          response: { 200: page(MailSummary), ...errorResponses },
        },
      },
      async (request) => listMail(deps.db, callerOf(request).workspaceId, { ...request.query, limit: request.query.limit ?? 50 }),
    );

    app.get(
      '/api/mail/:id',
      {
        config: { permission: 'mail.read' },
        schema: { tags: ['mail'], summary: 'One message with its body and attachment', params: IdParams, response: { 200: MailDetail, ...errorResponses } },
      },
      async (request) => {
        const mail = await findMail(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!mail) throw notFound('mail.not_found', 'Message');
        return mail;
      },
    );

    app.get(
      '/api/mail/:id/attachment',
      {
        config: { permission: 'mail.read' },
        schema: {
          tags: ['mail'],
          summary: "The message's attachment: the client document's PDF, as the mailer attached it",
          produces: ['application/pdf'],
          params: IdParams,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { workspaceId } = callerOf(request);
        const mail = await findMail(deps.db, workspaceId, request.params.id);
        if (!mail) throw notFound('mail.not_found', 'Message');
        if (!mail.document || !mail.attachment) throw notFound('mail.no_attachment', 'Attachment');
        const document = await getDocument(deps.db, workspaceId, mail.document.id);
        const workspaceName = String((document.data.workspace as { name?: string } | undefined)?.name ?? 'Baton');
        const pdf = await renderPdf({ title: document.title, workspaceName, blocks: parseMarkup(document.markup), createdAt: new Date(document.createdAt) });
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${mail.attachment.name}"`).send(pdf);
      },
    );
  };
