// The senders' wire formats, read into one shape: which deal, when, its status or stage, its fields, its account and
// contact. HubSpot webhooks, Pipedrive webhooks v2 and v1, Salesforce Change Data Capture (JSON) and outbound messages
// (SOAP), and Baton's generic JSON. A body that is not of its sender's form is a MalformedBody naming the field.
import { Type, type Static } from 'typebox';
import type { FieldIssue } from '../../domain/errors.ts';
import { schemaIssues } from '../../domain/schema-issues.ts';
import { child, childrenNamed, parseXml, XmlError, type XmlElement } from './xml.ts';

export const inboundFormats = ['hubspot', 'pipedrive_v2', 'pipedrive_v1', 'salesforce_cdc', 'salesforce_soap', 'generic'] as const;
export type InboundFormat = (typeof inboundFormats)[number];

export type DealStatus = 'open' | 'won' | 'lost';

/** One event's news about one deal, in the sender's terms (ids, stage ids and field names as the sender has them). */
export type DealChange = {
  dealId: string;
  /** Set when the sender says it outright (Pipedrive status, Salesforce IsWon/IsClosed, generic status). */
  status: DealStatus | null;
  /** The sender's stage (id or name) and pipeline, for the connection's stage map. */
  stage: string | null;
  pipeline: string | null;
  name: string | null;
  /** The sender's fields as sent; the connection's field map picks those Baton keeps. */
  fields: Record<string, unknown>;
  account: { id: string; name: string | null } | null;
  contact: { id: string; firstName: string | null; lastName: string | null; email: string | null } | null;
};

export type SplitEvent = {
  /** The sender's id of the event: the idempotency key. */
  eventId: string;
  /** What is stored for audit and re-processing: the event as sent. */
  raw: string;
  occurredAt: Date | null;
  dealId: string | null;
  /** The change to apply, or why the event is not one Baton acts on. */
  change: DealChange | { ignored: string };
};

export class MalformedBody extends Error {
  readonly fields: FieldIssue[];
  constructor(message: string, fields: FieldIssue[] = []) {
    super(message);
    this.fields = fields;
  }
}

const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : typeof v === 'object' ? null : String(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new MalformedBody(`The body is not JSON: ${(error as Error).message}`, [{ path: 'body:/', message: 'is not valid JSON' }]);
  }
}

function check<T extends Parameters<typeof schemaIssues>[0]>(schema: T, value: unknown, base: string): asserts value is Static<T> {
  const issues = schemaIssues(schema, value, base);
  if (issues.length > 0) throw new MalformedBody(`The body is not of the sender's form: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
}

/** A time the sender gives as epoch seconds or milliseconds, or as ISO 8601 text. */
function timeOf(v: unknown): Date | null {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    const d = new Date(n < 1e11 ? n * 1000 : n);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (typeof v === 'string') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

// ---- HubSpot: an array of events, each about one object and (for propertyChange) one property.

const HubspotEvent = Type.Object({
  eventId: Type.Union([Type.Integer(), Type.String({ minLength: 1 })]),
  subscriptionType: Type.String({ minLength: 1 }),
  objectId: Type.Union([Type.Integer(), Type.String({ minLength: 1 })]),
  occurredAt: Type.Integer({ minimum: 0 }),
  portalId: Type.Optional(Type.Integer()),
  propertyName: Type.Optional(Type.String()),
  propertyValue: Type.Optional(Type.Unknown()),
});

function hubspotEvents(body: string): SplitEvent[] {
  const value = parseJson(body);
  const list = Array.isArray(value) ? value : [value];
  return list.map((e, i) => {
    check(HubspotEvent, e, `body:/${Array.isArray(value) ? i : ''}`.replace(/\/$/, ''));
    const dealId = String(e.objectId);
    // HubSpot says eventId alone is not guaranteed unique: with the portal, object and time it is.
    const eventId = `${e.portalId ?? ''}/${e.eventId}/${dealId}/${e.occurredAt}`;
    const base = { eventId, raw: JSON.stringify(e), occurredAt: new Date(e.occurredAt), dealId };
    const change: DealChange = { dealId, status: null, stage: null, pipeline: null, name: null, fields: {}, account: null, contact: null };
    if (e.subscriptionType === 'deal.creation') return { ...base, change };
    if (e.subscriptionType === 'deal.propertyChange') {
      if (!e.propertyName)
        throw new MalformedBody('A deal.propertyChange event names no property', [{ path: `body:/${i}/propertyName`, message: 'is required' }]);
      const v = text(e.propertyValue);
      if (e.propertyName === 'dealstage') change.stage = v;
      else if (e.propertyName === 'pipeline') change.pipeline = v;
      else if (e.propertyName === 'dealname') change.name = v;
      change.fields[e.propertyName] = e.propertyValue ?? null;
      return { ...base, change };
    }
    return {
      ...base,
      dealId: e.subscriptionType.startsWith('deal.') ? dealId : null,
      change: { ignored: `${e.subscriptionType} is not a deal change Baton acts on` },
    };
  });
}

// ---- Pipedrive: v2 (meta / data / previous) and v1 (event / meta / current / previous), told apart by their shape.

const PipedriveV2 = Type.Object({
  meta: Type.Object({
    id: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
    action: Type.String(),
    entity: Type.String(),
    entity_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    timestamp: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
  }),
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  previous: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
});

const PipedriveV1 = Type.Object({
  event: Type.String({ minLength: 1 }),
  meta: Type.Object({
    id: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
    object: Type.Optional(Type.String()),
    timestamp: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    timestamp_micro: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
  }),
  current: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  previous: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
});

/** Which Pipedrive version a body is, by shape (v1 has `event` and `current`, v2 has `data` and meta.version 2). */
export function pipedriveFormat(body: string): 'pipedrive_v1' | 'pipedrive_v2' {
  const value = parseJson(body);
  return isObject(value) && ('current' in value || 'event' in value) ? 'pipedrive_v1' : 'pipedrive_v2';
}

const refId = (v: unknown): string | null => (isObject(v) ? text(v.value ?? v.id) : text(v));
const refName = (v: unknown): string | null => (isObject(v) ? text(v.name) : null);

function pipedriveDeal(dealId: string, d: Record<string, unknown>): DealChange {
  const status = d.status === 'won' || d.status === 'lost' || d.status === 'open' ? d.status : null;
  const custom = isObject(d.custom_fields)
    ? Object.fromEntries(Object.entries(d.custom_fields).map(([k, v]) => [k, isObject(v) && 'value' in v ? v.value : v]))
    : {};
  const orgId = refId(d.org_id);
  const personId = refId(d.person_id);
  const personName = text(d.person_name) ?? refName(d.person_id);
  const [first, ...rest] = (personName ?? '').split(' ');
  return {
    dealId,
    status,
    stage: text(d.stage_id),
    pipeline: text(d.pipeline_id),
    name: text(d.title),
    fields: { ...d, ...custom },
    account: orgId ? { id: orgId, name: text(d.org_name) ?? refName(d.org_id) } : null,
    contact: personId ? { id: personId, firstName: first || null, lastName: rest.join(' ') || null, email: null } : null,
  };
}

function pipedriveV2Events(body: string): SplitEvent[] {
  const value = parseJson(body);
  check(PipedriveV2, value, 'body:');
  const { meta, data } = value;
  const dealId = text(meta.entity_id) ?? text(data?.id);
  const base = { eventId: String(meta.id), raw: body, occurredAt: timeOf(meta.timestamp), dealId: meta.entity === 'deal' ? dealId : null };
  if (meta.entity !== 'deal') return [{ ...base, change: { ignored: `a ${meta.entity} event, not a deal's` } }];
  if (meta.action === 'delete' || !data) return [{ ...base, change: { ignored: `a deal ${meta.action}: Baton keeps the deal` } }];
  if (!dealId) throw new MalformedBody('The event names no deal', [{ path: 'body:/meta/entity_id', message: 'is required' }]);
  return [{ ...base, change: pipedriveDeal(dealId, data) }];
}

function pipedriveV1Events(body: string): SplitEvent[] {
  const value = parseJson(body);
  check(PipedriveV1, value, 'body:');
  const { meta, current } = value;
  const [action, object] = value.event.split('.');
  const dealId = text(current?.id) ?? text(meta.id);
  // v1 events carry no event id: the deal and the microsecond of the change name one.
  const eventId = `v1/${value.event}/${dealId}/${text(meta.timestamp_micro) ?? text(meta.timestamp) ?? ''}`;
  const base = { eventId, raw: body, occurredAt: timeOf(meta.timestamp), dealId: object === 'deal' ? dealId : null };
  if (object !== 'deal') return [{ ...base, change: { ignored: `${value.event} is not a deal event` } }];
  if (action === 'deleted' || action === 'merged' || !current) return [{ ...base, change: { ignored: `${value.event}: Baton keeps the deal` } }];
  if (!dealId) throw new MalformedBody('The event names no deal', [{ path: 'body:/current/id', message: 'is required' }]);
  return [{ ...base, change: pipedriveDeal(dealId, current) }];
}

// ---- Salesforce Change Data Capture: the event (or the Pub/Sub or CometD envelope around it), one or a list.

const ChangeEventHeader = Type.Object({
  entityName: Type.String({ minLength: 1 }),
  recordIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  changeType: Type.String({ minLength: 1 }),
  commitTimestamp: Type.Optional(Type.Integer()),
  transactionKey: Type.String({ minLength: 1 }),
  sequenceNumber: Type.Integer(),
});

function salesforceStatus(fields: Record<string, unknown>): DealStatus | null {
  if (fields.IsWon === true || fields.IsWon === 'true') return 'won';
  if (fields.IsClosed === true || fields.IsClosed === 'true') return 'lost';
  if (fields.IsClosed === false || fields.IsClosed === 'false') return 'open';
  return null;
}

function salesforceDeal(dealId: string, f: Record<string, unknown>): DealChange {
  const accountId = text(f.AccountId);
  return {
    dealId,
    status: salesforceStatus(f),
    stage: text(f.StageName),
    pipeline: null,
    name: text(f.Name),
    fields: f,
    account: accountId ? { id: accountId, name: null } : null,
    contact: null,
  };
}

function salesforceCdcEvents(body: string): SplitEvent[] {
  const value = parseJson(body);
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((item, i) => {
    const at = Array.isArray(value) ? `/${i}` : '';
    // The Pub/Sub API relay's { data: { payload } }, CometD's { data: { payload, event } } or the payload itself.
    const wrapped = isObject(item) && isObject(item.data) ? item.data : item;
    const payload = isObject(wrapped) && isObject(wrapped.payload) ? wrapped.payload : wrapped;
    if (!isObject(payload)) throw new MalformedBody('An event is not an object', [{ path: `body:${at || '/'}`, message: 'must be an object' }]);
    const header = payload.ChangeEventHeader;
    check(ChangeEventHeader, header, `body:${at}/ChangeEventHeader`);
    const raw = JSON.stringify(item);
    const occurredAt = header.commitTimestamp !== undefined ? new Date(header.commitTimestamp) : null;
    return header.recordIds.map((dealId): SplitEvent => {
      // The transaction key and sequence number name a change event; a change to several records repeats it per record.
      const eventId = `${header.transactionKey}/${header.sequenceNumber}${header.recordIds.length > 1 ? `/${dealId}` : ''}`;
      const base = { eventId, raw, occurredAt, dealId: header.entityName === 'Opportunity' ? dealId : null };
      if (header.entityName !== 'Opportunity') return { ...base, change: { ignored: `a ${header.entityName} change, not an Opportunity's` } };
      if (header.changeType === 'DELETE' || header.changeType === 'GAP_DELETE')
        return { ...base, change: { ignored: `an Opportunity ${header.changeType}: Baton keeps the deal` } };
      const { ChangeEventHeader: _header, ...fields } = payload;
      return { ...base, change: salesforceDeal(dealId, fields) };
    });
  });
}

// ---- Salesforce outbound messaging: a SOAP `notifications` message with one or more Notification elements.

/** The organisation that sent a SOAP outbound message (checked against the connection's). */
export type SoapMessage = { organizationId: string | null; events: SplitEvent[] };

export function salesforceSoapMessage(body: string): SoapMessage {
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    if (error instanceof XmlError) throw new MalformedBody(`The body is not XML: ${error.message}`, [{ path: 'body:/', message: 'is not well-formed XML' }]);
    throw error;
  }
  const notifications = child(child(root, 'Body'), 'notifications');
  if (root.name !== 'Envelope' || !notifications)
    throw new MalformedBody('The body is not a SOAP outbound message', [{ path: 'body:/Envelope/Body/notifications', message: 'is required' }]);
  const organizationId = child(notifications, 'OrganizationId')?.text.trim() || null;
  const events = childrenNamed(notifications, 'Notification').map((n, i): SplitEvent => {
    const id = child(n, 'Id')?.text.trim();
    const sObject = child(n, 'sObject');
    if (!id || !sObject)
      throw new MalformedBody('A Notification lacks its Id or sObject', [{ path: `body:/notifications/Notification/${i}`, message: 'needs Id and sObject' }]);
    const fields: Record<string, unknown> = Object.fromEntries(sObject.children.map((c) => [c.name, c.attributes['xsi:nil'] === 'true' ? null : c.text]));
    const type = (sObject.attributes['xsi:type'] ?? '').replace(/^.*:/, '');
    const dealId = text(fields.Id);
    const occurredAt = timeOf(fields.LastModifiedDate ?? fields.SystemModstamp);
    const base = { eventId: id, raw: body, occurredAt, dealId: type === 'Opportunity' ? dealId : null };
    if (type !== 'Opportunity') return { ...base, change: { ignored: `a ${type || 'record'} notification, not an Opportunity's` } };
    if (!dealId) throw new MalformedBody('The Opportunity has no Id', [{ path: `body:/notifications/Notification/${i}/sObject/Id`, message: 'is required' }]);
    return { ...base, change: salesforceDeal(dealId, fields) };
  });
  if (events.length === 0) throw new MalformedBody('The message holds no Notification', [{ path: 'body:/notifications/Notification', message: 'is required' }]);
  return { organizationId, events };
}

/** The answer Salesforce waits for: without Ack true it sends the message again. */
export const soapAck = (ack: boolean) =>
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
  `<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>${ack}</Ack></notificationsResponse>` +
  '</soapenv:Body></soapenv:Envelope>';

// ---- Generic: Baton's own JSON, signed with Standard Webhooks (the event id is the webhook-id header).

export const GenericEvent = Type.Object({
  type: Type.Union([Type.Literal('deal.created'), Type.Literal('deal.updated'), Type.Literal('deal.won'), Type.Literal('deal.lost')]),
  timestamp: Type.Optional(Type.String({ format: 'date-time' })),
  data: Type.Object({
    id: Type.String({ minLength: 1, maxLength: 200 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('won'), Type.Literal('lost')])),
    stage: Type.Optional(Type.String()),
    pipeline: Type.Optional(Type.String()),
    amount: Type.Optional(Type.Union([Type.Number(), Type.String()])),
    currency: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
    closeDate: Type.Optional(Type.String()),
    account: Type.Optional(Type.Object({ id: Type.String({ minLength: 1 }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) })),
    contact: Type.Optional(
      Type.Object({
        id: Type.String({ minLength: 1 }),
        firstName: Type.Optional(Type.String()),
        lastName: Type.Optional(Type.String()),
        email: Type.Optional(Type.String()),
      }),
    ),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

function genericEvents(body: string, headers: Record<string, string>): SplitEvent[] {
  const value = parseJson(body);
  check(GenericEvent, value, 'body:');
  const eventId = headers['webhook-id'];
  if (!eventId) throw new MalformedBody('No webhook-id header', [{ path: 'headers:/webhook-id', message: 'is required' }]);
  const d = value.data;
  const status = value.type === 'deal.won' ? 'won' : value.type === 'deal.lost' ? 'lost' : (d.status ?? null);
  const occurredAt = value.timestamp ? new Date(value.timestamp) : headers['webhook-timestamp'] ? new Date(Number(headers['webhook-timestamp']) * 1000) : null;
  const { fields, account, contact, ...rest } = d;
  const change: DealChange = {
    dealId: d.id,
    status,
    stage: d.stage ?? null,
    pipeline: d.pipeline ?? null,
    name: d.name ?? null,
    fields: { ...rest, ...fields },
    account: account ? { id: account.id, name: account.name ?? null } : null,
    contact: contact ? { id: contact.id, firstName: contact.firstName ?? null, lastName: contact.lastName ?? null, email: contact.email ?? null } : null,
  };
  return [{ eventId, raw: body, occurredAt, dealId: d.id, change }];
}

/** The events of a body in a sender's format (headers: the ones stored with the event, lower-case names). */
export function splitEvents(format: InboundFormat, body: string, headers: Record<string, string>): SplitEvent[] {
  switch (format) {
    case 'hubspot':
      return hubspotEvents(body);
    case 'pipedrive_v2':
      return pipedriveV2Events(body);
    case 'pipedrive_v1':
      return pipedriveV1Events(body);
    case 'salesforce_cdc':
      return salesforceCdcEvents(body);
    case 'salesforce_soap':
      return salesforceSoapMessage(body).events;
    case 'generic':
      return genericEvents(body, headers);
  }
}
