// Inbound deal events: the senders' endpoints (no session; each request proves itself with its sender's signature,
// Basic auth or token) and, for admins, the connections and the events they received, with a re-process action.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createConnection,
  getConnection,
  listConnections,
  listInboundEvents,
  receiveInbound,
  reprocessInboundEvent,
  updateConnection,
} from '../../flows/inbound.flow.ts';
import type { ConnectionKind } from '../../domain/inbound.ts';
import { soapAck } from '../crm/senders.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import {
  Connection,
  ConnectionEventParams,
  ConnectionInput,
  ConnectionPatch,
  EventListQuery,
  InboundEvent,
  ReceiveParams,
  ReceiveResult,
} from '../../schemas/inbound.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

const senders: { kind: ConnectionKind; summary: string }[] = [
  {
    kind: 'hubspot',
    summary:
      'HubSpot webhook events (an array; deal.creation and deal.propertyChange), signed with X-HubSpot-Signature-v3 (at most 5 minutes old) or X-HubSpot-Signature v1/v2',
  },
  { kind: 'pipedrive', summary: 'A Pipedrive webhook, v2 (meta / data / previous) or v1 (updated.deal), with HTTP Basic auth' },
  {
    kind: 'salesforce',
    summary:
      'Salesforce Change Data Capture events of Opportunity (JSON) or an outbound message (SOAP notifications, answered with Ack), with the `token` query parameter',
  },
  { kind: 'generic', summary: "A deal event in Baton's JSON (type, data), signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)" },
];

export const inboundRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/inbound-connections',
      {
        config: { permission: 'webhooks.manage' },
        schema: { tags: ['inbound'], summary: 'Inbound connections from other CRMs (admins only)', response: { 200: list(Connection), ...errorResponses } },
      },
      async (request) => ({ items: await listConnections(deps, callerOf(request).workspaceId) }),
    );

    app.post(
      '/api/inbound-connections',
      {
        config: { permission: 'webhooks.manage' },
        schema: {
          tags: ['inbound'],
          summary: 'Add an inbound connection: the sender, its secrets, its stage map (won / lost per pipeline) and field map (admins only)',
          body: ConnectionInput,
          response: { 201: Connection, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createConnection(deps, callerOf(request), request.body)),
    );

    app.get(
      '/api/inbound-connections/:id',
      {
        config: { permission: 'webhooks.manage' },
        schema: { tags: ['inbound'], summary: 'An inbound connection (admins only)', params: IdParams, response: { 200: Connection, ...errorResponses } },
      },
      async (request) => getConnection(deps, callerOf(request).workspaceId, request.params.id),
    );

    app.patch(
      '/api/inbound-connections/:id',
      {
        config: { permission: 'webhooks.manage' },
        schema: {
          tags: ['inbound'],
          summary: "Change an inbound connection; each secret given replaces that secret's value (admins only)",
          params: IdParams,
          body: ConnectionPatch,
          response: { 200: Connection, ...errorResponses },
        },
      },
      async (request) => updateConnection(deps, callerOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/inbound-connections/:id/events',
      {
        config: { permission: 'webhooks.manage' },
        schema: {
          tags: ['inbound'],
          summary: 'The events a connection received, newest first, with their outcome and their body as sent (admins only)',
          params: IdParams,
          querystring: EventListQuery,
          response: { 200: page(InboundEvent), ...errorResponses },
        },
      },
      async (request) =>
        listInboundEvents(deps, callerOf(request).workspaceId, request.params.id, {
          limit: request.query.limit ?? 50,
          cursor: request.query.cursor,
          status: request.query.status,
        }),
    );

    app.post(
      '/api/inbound-connections/:id/events/:eventId/reprocess',
      {
        config: { permission: 'webhooks.manage' },
        schema: {
          tags: ['inbound'],
          summary: 'Process a failed, ignored or stale event again, e.g. after fixing the stage map (admins only); what was applied is not applied twice',
          params: ConnectionEventParams,
          response: { 200: InboundEvent, ...errorResponses },
        },
      },
      async (request) => reprocessInboundEvent(deps, callerOf(request), request.params.id, request.params.eventId),
    );

    // The senders' endpoints read the body as text: signatures are computed over the bytes as sent.
    await app.register(async (plugin) => {
      const raw = plugin.withTypeProvider<TypeBoxTypeProvider>();
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      for (const sender of senders) {
        raw.post(
          `/api/inbound/:connectionId/${sender.kind}`,
          {
            config: { public: true },
            schema: {
              tags: ['inbound'],
              summary: sender.summary,
              security: [],
              params: ReceiveParams,
              response: sender.kind === 'salesforce' ? { 200: Type.Unknown(), ...errorResponses } : { 200: ReceiveResult, ...errorResponses },
            },
          },
          async (request, reply) => {
            const result = await receiveInbound(deps, {
              connectionId: request.params.connectionId,
              sender: sender.kind,
              method: request.method,
              url: `${request.protocol}://${request.host}${request.url}`,
              body: typeof request.body === 'string' ? request.body : '',
              headers: request.headers,
              query: request.query as Record<string, string | undefined>,
              contentType: request.headers['content-type'],
            });
            // Salesforce sends an outbound message again until it is acknowledged: a redelivered one is acknowledged too.
            if (result.format === 'salesforce_soap') return reply.type('text/xml; charset=utf-8').send(soapAck(true));
            return result;
          },
        );
      }
    });
  };
