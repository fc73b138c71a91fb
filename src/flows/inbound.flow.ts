// Inbound deal events from HubSpot, Pipedrive, Salesforce or any sender of the generic JSON: the connections an admin
// sets up, and each event received: authenticated, stored raw, mapped to Baton's records by the sender's ids and
// applied once, a win running the same handoff as a win in Baton, in the event's one transaction.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import {
  decideStatus,
  defaultFieldMap,
  defaultStageMap,
  isFieldTarget,
  isStale,
  kindLabels,
  mapFields,
  secretNames,
  type ConnectionKind,
  type FieldTarget,
  type StageMapping,
} from '../domain/inbound.ts';
import { otherReasonKey } from '../domain/loss-reasons.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  countEvents,
  findConnection,
  findConnectionForRequest,
  findEvent,
  findLink,
  insertConnection,
  insertLink,
  listConnectionRows,
  listEventRows,
  lockConnection,
  lockEvent,
  lockExternalRecord,
  setLinkTimes,
  storeEvent,
  updateConnectionRow,
  updateEventRow,
  type ConnectionRow,
  type InboundEventRow,
} from '../adapters/db/inbound.repo.ts';
import { listLossReasons } from '../adapters/db/loss-reasons.repo.ts';
import { findOpportunity } from '../adapters/db/opportunities.repo.ts';
import type { Page } from '../adapters/db/page.ts';
import { checkBasicAuth, checkHubspot, checkStandardWebhook, checkToken, type SignatureCheck } from '../adapters/crm/signatures.ts';
import {
  MalformedBody,
  pipedriveFormat,
  salesforceSoapMessage,
  splitEvents,
  type DealChange,
  type InboundFormat,
  type SplitEvent,
} from '../adapters/crm/senders.ts';
import { loseDeal, reopenDeal, winDeal } from './close-deal.flow.ts';
import { createAccount, createContact, createOpportunity, updateOpportunity } from './crm.flow.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';
import { requireOptionalRef } from './references.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type Connection = {
  id: string;
  name: string;
  kind: ConnectionKind;
  /** Where the sender posts (the path; prefix it with the server's public address). */
  endpoint: string;
  secrets: Record<string, string>;
  stageMap: StageMapping[];
  fieldMap: Record<string, string>;
  /** The field map in force: the sender's usual fields, with the connection's own map over them. */
  effectiveFieldMap: Record<string, string>;
  pipelineId: string | null;
  publicUrl: string | null;
  active: boolean;
  events: Record<string, number>;
  createdAt: string;
  updatedAt: string;
};

export type ConnectionInput = {
  name: string;
  kind: ConnectionKind;
  secrets?: Record<string, string> | undefined;
  stageMap?: StageMapping[] | undefined;
  fieldMap?: Record<string, string> | undefined;
  pipelineId?: string | null | undefined;
  publicUrl?: string | null | undefined;
  active?: boolean | undefined;
};

const kindOf = (row: ConnectionRow) => row.kind as ConnectionKind;

function toConnection(row: ConnectionRow, events: Record<string, number>): Connection {
  const kind = kindOf(row);
  return {
    id: row.id,
    name: row.name,
    kind,
    endpoint: `/api/inbound/${row.id}/${kind}`,
    secrets: row.secrets,
    stageMap: row.stage_map as StageMapping[],
    fieldMap: row.field_map,
    effectiveFieldMap: { ...defaultFieldMap[kind], ...row.field_map },
    pipelineId: row.pipeline_id,
    publicUrl: row.public_url,
    active: row.active,
    events,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function checkMaps(input: Partial<ConnectionInput>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [source, target] of Object.entries(input.fieldMap ?? {})) {
    if (!isFieldTarget(target))
      issues.push({ path: `body:/fieldMap/${source}`, message: 'must be name, amount, currency, closeDate or custom.<key> (lower case, digits, _)' });
  }
  (input.stageMap ?? []).forEach((m, i) => {
    const both = m.won.filter((s) => m.lost.includes(s));
    if (both.length > 0) issues.push({ path: `body:/stageMap/${i}`, message: `stage ${both[0]} cannot be both won and lost` });
  });
  return issues;
}

function withSecrets(kind: ConnectionKind, given: Record<string, string>, requireAll: boolean): Record<string, string> {
  const issues: FieldIssue[] = [];
  const known = secretNames[kind];
  const out: Record<string, string> = {};
  for (const key of Object.keys(given)) {
    if (!known.some((s) => s.name === key)) issues.push({ path: `body:/secrets/${key}`, message: `is not a secret of a ${kindLabels[kind]} connection` });
  }
  for (const s of known) {
    const value = given[s.name];
    if (value) out[s.name] = value;
    else if (s.generated && requireAll)
      out[s.name] = s.name === 'signingSecret' ? `whsec_${randomBytes(24).toString('base64')}` : randomBytes(24).toString('base64url');
    // The Salesforce organisation id is optional: when set, a SOAP message from another organisation is refused.
    else if (requireAll && !s.optional) issues.push({ path: `body:/secrets/${s.name}`, message: 'is required' });
  }
  if (kind === 'generic' && out.signingSecret && !/^whsec_[A-Za-z0-9+/=]{16,}$/.test(out.signingSecret))
    issues.push({ path: 'body:/secrets/signingSecret', message: 'must be whsec_ followed by a base64 key of 12 bytes or more' });
  if (issues.length > 0) throw invalid(issues);
  return out;
}

/** Adds a connection (admins); secrets a sender cannot choose itself (Salesforce token, Standard Webhooks key) are made here. */
export const createConnection = flow(async (tx, deps, ctx: Ctx, input: ConnectionInput): Promise<Connection> => {
  const issues = checkMaps(input);
  if (issues.length > 0) throw invalid(issues);
  await requireOptionalRef(tx, ctx.workspaceId, 'pipelines', input.pipelineId, 'body:/pipelineId');
  const id = newId();
  const secrets = withSecrets(input.kind, input.secrets ?? {}, true);
  const ok = await insertConnection(tx, {
    id,
    workspace_id: ctx.workspaceId,
    name: input.name.trim(),
    kind: input.kind,
    secrets: JSON.stringify(secrets),
    stage_map: JSON.stringify(input.stageMap ?? defaultStageMap[input.kind]),
    field_map: JSON.stringify(input.fieldMap ?? {}),
    pipeline_id: input.pipelineId ?? null,
    public_url: input.publicUrl ?? null,
    active: input.active ?? true,
  });
  if (!ok) throw new AppError('inbound_connection.name_taken', 'conflict', `A connection named "${input.name.trim()}" exists already`);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'inbound_connection.created', entityType: 'inbound_connection', entityId: id, after: { name: input.name, kind: input.kind } },
  ]);
  return toConnection((await findConnection(tx, ctx.workspaceId, id))!, {});
});

/** Changes a connection's name, secrets (each one given replaces its value), maps, pipeline, address or activity. */
export const updateConnection = flow(async (tx, deps, ctx: Ctx, id: string, input: Partial<Omit<ConnectionInput, 'kind'>>): Promise<Connection> => {
  const before = await lockConnection(tx, ctx.workspaceId, id);
  if (!before) throw notFound('inbound_connection.not_found', 'Inbound connection');
  const issues = checkMaps(input);
  if (issues.length > 0) throw invalid(issues);
  await requireOptionalRef(tx, ctx.workspaceId, 'pipelines', input.pipelineId, 'body:/pipelineId');
  const secrets = input.secrets ? { ...before.secrets, ...withSecrets(kindOf(before), input.secrets, false) } : undefined;
  const set = {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(secrets && { secrets: JSON.stringify(secrets) }),
    ...(input.stageMap !== undefined && { stage_map: JSON.stringify(input.stageMap) }),
    ...(input.fieldMap !== undefined && { field_map: JSON.stringify(input.fieldMap) }),
    ...(input.pipelineId !== undefined && { pipeline_id: input.pipelineId }),
    ...(input.publicUrl !== undefined && { public_url: input.publicUrl }),
    ...(input.active !== undefined && { active: input.active }),
  };
  if (!(await updateConnectionRow(tx, ctx.workspaceId, id, set)))
    throw new AppError('inbound_connection.name_taken', 'conflict', `A connection named "${input.name?.trim()}" exists already`);
  // Secrets are not written to the audit log: which ones changed is.
  const changed = Object.keys(input).filter((k) => k !== 'secrets');
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'inbound_connection.updated',
      entityType: 'inbound_connection',
      entityId: id,
      after: {
        ...Object.fromEntries(changed.map((k) => [k, input[k as keyof typeof input]])),
        ...(input.secrets && { secretsChanged: Object.keys(input.secrets) }),
      },
    },
  ]);
  return toConnection((await findConnection(tx, ctx.workspaceId, id))!, await countEvents(tx, ctx.workspaceId, id));
});

export async function listConnections(deps: Pick<Deps, 'db'>, workspaceId: string): Promise<Connection[]> {
  const rows = await listConnectionRows(deps.db, workspaceId);
  return Promise.all(rows.map(async (r) => toConnection(r, await countEvents(deps.db, workspaceId, r.id))));
}

export async function getConnection(deps: Pick<Deps, 'db'>, workspaceId: string, id: string): Promise<Connection> {
  const row = await findConnection(deps.db, workspaceId, id);
  if (!row) throw notFound('inbound_connection.not_found', 'Inbound connection');
  return toConnection(row, await countEvents(deps.db, workspaceId, id));
}

export type InboundEventStatus = 'received' | 'processed' | 'ignored' | 'stale' | 'failed' | 'rejected' | 'malformed';

export type InboundEvent = {
  id: string;
  connectionId: string;
  format: string;
  externalId: string | null;
  externalDealId: string | null;
  occurredAt: string | null;
  status: InboundEventStatus;
  outcome: string | null;
  opportunity: { id: string; name: string } | null;
  raw: string;
  headers: Record<string, string>;
  attempts: number;
  receivedAt: string;
  processedAt: string | null;
};

const toEvent = (r: InboundEventRow, opportunityName?: string | null): InboundEvent => ({
  id: r.id,
  connectionId: r.connection_id,
  format: r.format,
  externalId: r.external_id,
  externalDealId: r.external_deal_id,
  occurredAt: r.occurred_at?.toISOString() ?? null,
  status: r.status as InboundEventStatus,
  outcome: r.outcome,
  opportunity: r.opportunity_id ? { id: r.opportunity_id, name: opportunityName ?? '' } : null,
  raw: r.raw,
  headers: r.headers,
  attempts: r.attempts,
  receivedAt: r.received_at.toISOString(),
  processedAt: r.processed_at?.toISOString() ?? null,
});

async function describeEvent(deps: Pick<Deps, 'db'>, workspaceId: string, row: InboundEventRow): Promise<InboundEvent> {
  const deal = row.opportunity_id ? await findOpportunity(deps.db, workspaceId, row.opportunity_id) : undefined;
  return toEvent(row, deal?.name ?? null);
}

export async function listInboundEvents(
  deps: Pick<Deps, 'db'>,
  workspaceId: string,
  connectionId: string,
  options: { limit: number; cursor?: string | undefined; status?: string | undefined },
): Promise<Page<InboundEvent>> {
  if (!(await findConnection(deps.db, workspaceId, connectionId))) throw notFound('inbound_connection.not_found', 'Inbound connection');
  const page = await listEventRows(deps.db, workspaceId, connectionId, options);
  return { items: await Promise.all(page.items.map((r) => describeEvent(deps, workspaceId, r))), next: page.next };
}

// ---- Receiving

export type InboundRequest = {
  connectionId: string;
  /** The endpoint posted to: the sender the request claims to come from. */
  sender: ConnectionKind;
  method: string;
  /** The full URL as the sender addressed it (HubSpot signs it). */
  url: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  contentType: string | undefined;
};

export type ReceiveResult = {
  format: InboundFormat;
  events: { id: string; eventId: string | null; status: InboundEventStatus; outcome: string | null; duplicate: boolean }[];
};

/** The headers kept with an event: the senders' own and the content type, never credentials. */
function keptHeaders(headers: InboundRequest['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (name === 'authorization' || name === 'cookie') continue;
    if (/^(x-hubspot-|webhook-|x-pipedrive|x-sfdc|content-type|user-agent|soapaction)/.test(name) && v !== undefined)
      kept[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return kept;
}

function authenticate(connection: ConnectionRow, request: InboundRequest, now: Date): SignatureCheck {
  const s = connection.secrets;
  switch (kindOf(connection)) {
    case 'hubspot': {
      // Behind a proxy the URL HubSpot signed is the public one: the connection's public address stands in for ours.
      const path = new URL(request.url).pathname + new URL(request.url).search;
      const uri = connection.public_url ? connection.public_url.replace(/\/$/, '') + path : request.url;
      return checkHubspot({ method: request.method, uri, body: request.body, headers: request.headers }, s.clientSecret ?? '', now);
    }
    case 'pipedrive':
      return checkBasicAuth(request.headers, s.username ?? '', s.password ?? '');
    case 'salesforce':
      return checkToken(request.query.token, s.token ?? '');
    case 'generic':
      return checkStandardWebhook(request.headers, request.body, s.signingSecret ?? '', now);
  }
}

function formatOf(kind: ConnectionKind, request: InboundRequest): InboundFormat {
  switch (kind) {
    case 'hubspot':
      return 'hubspot';
    case 'pipedrive':
      return pipedriveFormat(request.body);
    case 'salesforce':
      return /xml/i.test(request.contentType ?? '') || request.body.trimStart().startsWith('<') ? 'salesforce_soap' : 'salesforce_cdc';
    case 'generic':
      return 'generic';
  }
}

/** How much of a body whose signature failed is kept. */
const rejectedKeptChars = 2000;

/**
 * Receives one request from a sender: refuses a bad signature (401, kept as rejected and logged), keeps a malformed
 * body (400, kept as malformed), stores each event once by the sender's id and applies the new ones.
 */
export async function receiveInbound(deps: Deps, request: InboundRequest): Promise<ReceiveResult> {
  const connection = await findConnectionForRequest(deps.db, request.connectionId);
  if (!connection || !connection.active || connection.kind !== request.sender) throw notFound('inbound_connection.not_found', 'Inbound connection');
  const workspaceId = connection.workspace_id;
  const headers = keptHeaders(request.headers);
  // An unauthenticated body is kept only in part: enough to see what was sent, not a store anyone can fill.
  const keep = (status: 'rejected' | 'malformed', outcome: string, format: string) =>
    storeEvent(deps.db, {
      id: newId(),
      workspace_id: workspaceId,
      connection_id: connection.id,
      format,
      external_id: null,
      status,
      outcome,
      raw: status === 'rejected' && request.body.length > rejectedKeptChars ? `${request.body.slice(0, rejectedKeptChars)}…` : request.body,
      headers: JSON.stringify(headers),
    });

  const auth = authenticate(connection, request, deps.now());
  if (!auth.ok) {
    deps.log.warn({ connectionId: connection.id, sender: request.sender, reason: auth.reason }, 'inbound request refused: bad signature');
    await keep('rejected', `Signature refused: ${auth.reason}`, request.sender);
    throw new AppError('inbound.bad_signature', 'unauthorized', `The request's signature is not valid: ${auth.reason}`);
  }

  // Named before the body is read, for a body too broken to tell its version (stored as malformed).
  const presumed: Record<ConnectionKind, InboundFormat> = { hubspot: 'hubspot', pipedrive: 'pipedrive_v2', salesforce: 'salesforce_cdc', generic: 'generic' };
  let format: InboundFormat = presumed[request.sender];
  let events: SplitEvent[];
  try {
    format = formatOf(kindOf(connection), request);
    if (format === 'salesforce_soap') {
      const message = salesforceSoapMessage(request.body);
      const expected = connection.secrets.organizationId;
      // The organisation id is checked before anything is stored as the organisation's.
      if (expected && message.organizationId !== expected) {
        const reason = `OrganizationId ${message.organizationId ?? '(none)'} is not the connection's`;
        deps.log.warn({ connectionId: connection.id, sender: request.sender, reason }, 'inbound request refused: wrong organisation');
        await keep('rejected', `Refused: ${reason}`, format);
        throw new AppError('inbound.bad_signature', 'unauthorized', `The message is refused: ${reason}`);
      }
      events = message.events;
    } else {
      events = splitEvents(format, request.body, headers);
    }
  } catch (error) {
    if (!(error instanceof MalformedBody)) throw error;
    await keep('malformed', error.message, format);
    throw new AppError('inbound.malformed', 'invalid', error.message, { fields: error.fields });
  }

  const results: ReceiveResult['events'] = [];
  for (const event of events) {
    const { row, inserted } = await storeEvent(deps.db, {
      id: newId(),
      workspace_id: workspaceId,
      connection_id: connection.id,
      format,
      external_id: event.eventId,
      external_deal_id: event.dealId,
      occurred_at: event.occurredAt,
      status: 'received',
      raw: event.raw,
      headers: JSON.stringify(headers),
    });
    // A redelivery of an event already applied (or judged) is answered, never applied again; one left received (a
    // crash) or failed is tried again.
    if (!inserted && row.status !== 'received' && row.status !== 'failed') {
      results.push({ id: row.id, eventId: row.external_id, status: row.status as InboundEventStatus, outcome: row.outcome, duplicate: true });
      continue;
    }
    const done = await processEvent(deps, workspaceId, row.id, { retry: false, actor: null });
    results.push({ id: done.id, eventId: done.externalId, status: done.status, outcome: done.outcome, duplicate: !inserted });
  }
  return { format, events: results };
}

/**
 * Statuses an admin may process again (e.g. after fixing the stage map): what was applied before is applied
 * idempotently (a won deal stays won with one win), and an event older than the newest applied is still stale.
 */
const reprocessable = new Set(['received', 'failed', 'ignored', 'stale', 'processed']);

/** Processes a stored event again (admins), e.g. after fixing the stage map or filling a field a win needs. */
export async function reprocessInboundEvent(deps: Deps, ctx: Ctx, connectionId: string, id: string): Promise<InboundEvent> {
  const row = await findEvent(deps.db, ctx.workspaceId, id);
  if (!row || row.connection_id !== connectionId) throw notFound('inbound_event.not_found', 'Inbound event');
  if (!reprocessable.has(row.status))
    throw new AppError(
      'inbound_event.not_reprocessable',
      'conflict',
      `A ${row.status} event cannot be processed: ${row.status === 'rejected' ? 'its sender was not authenticated' : 'its body is not of the sender’s form'}`,
      { details: { status: row.status } },
    );
  return processEvent(deps, ctx.workspaceId, id, { retry: true, actor: ctx.actor });
}

/** Applies a stored event in its own transaction; an expected failure is kept on the event as its outcome. */
async function processEvent(deps: Deps, workspaceId: string, id: string, options: { retry: boolean; actor: Actor | null }): Promise<InboundEvent> {
  try {
    await applyEvent(deps, workspaceId, id, options);
  } catch (error) {
    const expected = error instanceof AppError || error instanceof MalformedBody;
    const message = expected ? (error as Error).message : 'an unexpected error; see the server log';
    if (!expected) deps.log.error({ err: error, inboundEventId: id }, 'inbound event failed');
    await deps.db.transaction().execute(async (tx) => {
      const row = await lockEvent(tx, workspaceId, id);
      await updateEventRow(tx, workspaceId, id, {
        status: 'failed',
        outcome: `Failed: ${message}`,
        attempts: (row?.attempts ?? 0) + 1,
        processed_at: deps.now(),
      });
    });
    // A database that is down is the sender's to retry (a 500); a decision of Baton's is answered and kept.
    if (!expected) throw error;
  }
  return describeEvent(deps, workspaceId, (await findEvent(deps.db, workspaceId, id))!);
}

const applyEvent = flow(async (tx, deps: Deps, workspaceId: string, id: string, options: { retry: boolean; actor: Actor | null }): Promise<void> => {
  const row = await lockEvent(tx, workspaceId, id);
  if (!row) throw notFound('inbound_event.not_found', 'Inbound event');
  // Under the event's lock: a concurrent delivery of the same event waits here and then finds it done.
  if (!(row.status === 'received' || row.status === 'failed' || (options.retry && reprocessable.has(row.status)))) return;
  const connection = (await findConnection(tx, workspaceId, row.connection_id))!;
  const event = splitEvents(row.format as InboundFormat, row.raw, row.headers).find((e) => e.eventId === row.external_id);
  if (!event) throw new MalformedBody('The stored event is no longer found in its body');
  const attempts = row.attempts + 1;
  if (options.actor)
    await recordAudit(tx, workspaceId, options.actor, [
      { action: 'inbound_event.reprocessed', entityType: 'inbound_event', entityId: id, before: { status: row.status, outcome: row.outcome } },
    ]);
  if ('ignored' in event.change) {
    await updateEventRow(tx, workspaceId, id, { status: 'ignored', outcome: `Ignored: ${event.change.ignored}`, attempts, processed_at: deps.now() });
    return;
  }
  const applied = await applyChange(tx, deps, connection, event.change, event.occurredAt);
  await updateEventRow(tx, workspaceId, id, {
    status: applied.status,
    outcome: applied.lines.join('; '),
    opportunity_id: applied.opportunityId,
    attempts,
    processed_at: deps.now(),
  });
});

type Applied = { status: 'processed' | 'ignored' | 'stale'; lines: string[]; opportunityId: string | null };

/** Finds or creates the deal (with its account and contact) by the sender's ids, then applies fields and outcome. */
async function applyChange(tx: Tx, deps: Deps, connection: ConnectionRow, change: DealChange, occurredAt: Date | null): Promise<Applied> {
  const kind = kindOf(connection);
  const workspaceId = connection.workspace_id;
  const ctx: Ctx = { workspaceId, actor: { type: 'system', id: null, label: `${kindLabels[kind]} connection "${connection.name}"` } };
  const lines: string[] = [];
  const decided = decideStatus(change, connection.stage_map as StageMapping[]);
  await lockExternalRecord(tx, connection.id, `deal:${change.dealId}`);
  const link = await findLink(tx, workspaceId, connection.id, 'opportunity', change.dealId, { lock: true });
  // Older than what was applied, per part: the stage against the newest stage applied, each field against its own
  // newest (HubSpot sends one event per property, and they may arrive in any order).
  const timeOf = (iso: string | undefined) => (iso ? new Date(iso) : null);
  const fresh = Object.fromEntries(Object.entries(change.fields).filter(([k]) => !link || !isStale(occurredAt, timeOf(link.fieldTimes[k]))));
  const staleStage = !!link && decided.status !== null && isStale(occurredAt, link.stageAt);
  const staleFields = Object.keys(change.fields).filter((k) => !(k in fresh));
  if (link && Object.keys(fresh).length === 0 && (staleStage || (decided.status === null && staleFields.length > 0)))
    return {
      status: 'stale',
      lines: [`Not applied: the event (${occurredAt?.toISOString()}) is older than what was last applied to the deal`],
      opportunityId: link.id,
    };
  const mapped = mapFields(fresh, { ...defaultFieldMap[kind], ...(connection.field_map as Record<string, FieldTarget>) });
  if (!link && change.name && !mapped.fields.name) mapped.fields.name = change.name;
  for (const problem of mapped.problems) lines.push(`Not kept: ${problem}`);
  if (staleFields.length > 0) lines.push(`Not applied, older than the values applied: ${staleFields.join(', ')}`);
  if (staleStage) lines.push(`Stage not applied: the event is older than the last stage applied (${link.stageAt!.toISOString()})`);

  let changed = false;
  let dealId: string;
  const { customFields, ...columns } = mapped.fields;
  if (!link) {
    const accountId = await accountFor(tx, deps, ctx, connection, change, lines);
    const contactId = await contactFor(tx, deps, ctx, connection, change, accountId, lines);
    const deal = await createOpportunity.in(tx, deps, ctx, {
      name: columns.name ?? `${kindLabels[kind]} deal ${change.dealId}`,
      accountId,
      ...(connection.pipeline_id && { pipelineId: connection.pipeline_id }),
      ...(columns.amountMinor !== undefined && { amountMinor: columns.amountMinor }),
      ...(columns.currency !== undefined && { currency: columns.currency }),
      ...(columns.closeDate !== undefined && { closeDate: columns.closeDate }),
      ...(contactId && { primaryContactId: contactId }),
    });
    await insertLink(tx, workspaceId, { connectionId: connection.id, type: 'opportunity', externalId: change.dealId, id: deal.id });
    if (customFields) await updateOpportunity.in(tx, deps, ctx, deal.id, { customFields });
    lines.push(`Deal "${deal.name}" created`);
    dealId = deal.id;
    changed = true;
  } else {
    dealId = link.id;
    const before = await findOpportunity(tx, workspaceId, link.id);
    const after = await updateOpportunity.in(tx, deps, ctx, link.id, { ...columns, ...(customFields && { customFields }) });
    if (before && after.updatedAt !== before.updatedAt) {
      lines.push('Deal fields updated');
      changed = true;
    }
  }
  if (occurredAt) {
    const at = occurredAt.toISOString();
    await setLinkTimes(tx, workspaceId, connection.id, change.dealId, {
      stageAt: decided.status !== null && !staleStage ? occurredAt : (link?.stageAt ?? null),
      fieldTimes: { ...link?.fieldTimes, ...Object.fromEntries(Object.keys(fresh).map((k) => [k, at])) },
    });
  }

  const deal = (await findOpportunity(tx, workspaceId, dealId))!;
  const status = staleStage ? null : decided.status;
  if (status === 'won' || status === 'lost') {
    // A deal the sender moved from won to lost (or back) was reopened there: Baton reopens it as a person would.
    if (deal.stageCategory !== 'open' && deal.stageCategory !== status) {
      await reopenDeal.in(tx, deps, { workspaceId, opportunityId: deal.id, actor: ctx.actor });
      lines.push(`Reopened: it was ${deal.stageCategory}`);
    }
    const result =
      status === 'won'
        ? await winDeal.in(tx, deps, { workspaceId, opportunityId: deal.id, actor: ctx.actor, closeDate: columns.closeDate })
        : await loseDeal.in(tx, deps, {
            workspaceId,
            opportunityId: deal.id,
            actor: ctx.actor,
            closeDate: columns.closeDate,
            ...(await lossFor(tx, workspaceId, kind, change)),
          });
    if (result.changed) {
      lines.push(status === 'won' ? `Won (${decided.reason}): the handoff runs as for a win in Baton` : `Lost (${decided.reason})`);
      changed = true;
    } else lines.push(`Already ${status}`);
  } else if (status === 'open' && deal.stageCategory !== 'open') {
    lines.push(`The sender has the deal open (${decided.reason}); Baton keeps it ${deal.stageCategory}: reopen it in Baton if it should be`);
  } else if (status === 'open') {
    lines.push(`Open (${decided.reason})`);
  }
  if (!changed && lines.length === 0) lines.push('Nothing to change');
  return { status: changed ? 'processed' : staleStage || staleFields.length > 0 ? 'stale' : 'ignored', lines, opportunityId: deal.id };
}

/** The loss as the workspace records it: its "other" reason with a note when it keeps a list, else free text. */
async function lossFor(tx: Tx, workspaceId: string, kind: ConnectionKind, change: DealChange) {
  const note = `Lost in ${kindLabels[kind]}${change.stage ? ` (stage ${change.stage})` : ''}${typeof change.fields.lost_reason === 'string' ? `: ${change.fields.lost_reason}` : ''}`;
  const reasons = await listLossReasons(tx, workspaceId);
  if (reasons.length === 0) return { reason: note };
  const other = reasons.find((r) => r.key === otherReasonKey && !r.archived);
  if (!other)
    throw new AppError(
      'validation',
      'invalid',
      'The workspace keeps a list of loss reasons without an active "other": a loss from the sender cannot be recorded',
    );
  return { lossReasonId: other.id, lossNote: note };
}

async function accountFor(tx: Tx, deps: Deps, ctx: Ctx, connection: ConnectionRow, change: DealChange, lines: string[]): Promise<string> {
  // A sender that names no account (HubSpot's deal events carry no company) gets one account per deal.
  const externalId = change.account?.id ?? `deal:${change.dealId}`;
  await lockExternalRecord(tx, connection.id, `account:${externalId}`);
  const link = await findLink(tx, ctx.workspaceId, connection.id, 'account', externalId);
  if (link) return link.id;
  const name =
    change.account?.name ?? change.name ?? `${kindLabels[kindOf(connection)]} ${change.account ? 'account' : 'deal'} ${change.account?.id ?? change.dealId}`;
  const account = await createAccount.in(tx, deps, ctx, { name: name.slice(0, 200) });
  await insertLink(tx, ctx.workspaceId, { connectionId: connection.id, type: 'account', externalId, id: account.id });
  lines.push(`Account "${account.name}" created`);
  return account.id;
}

async function contactFor(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  connection: ConnectionRow,
  change: DealChange,
  accountId: string,
  lines: string[],
): Promise<string | null> {
  const c = change.contact;
  if (!c) return null;
  await lockExternalRecord(tx, connection.id, `contact:${c.id}`);
  const link = await findLink(tx, ctx.workspaceId, connection.id, 'contact', c.id);
  if (link) return link.id;
  // Created only from what the sender says of the person: without a name or an e-mail address there is no contact.
  const firstName = c.firstName ?? '';
  const lastName = c.lastName ?? (c.email && !c.firstName ? c.email.split('@')[0]! : '');
  if (!firstName && !lastName) return null;
  const contact = await createContact.in(tx, deps, ctx, { accountId, firstName, lastName, email: c.email });
  await insertLink(tx, ctx.workspaceId, { connectionId: connection.id, type: 'contact', externalId: c.id, id: contact.id });
  lines.push(`Contact "${`${firstName} ${lastName}`.trim()}" created`);
  return contact.id;
}
