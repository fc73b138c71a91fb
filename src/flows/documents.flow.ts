// Client documents: templates in Liquid (versioned), a deal's data gathered for them, generation that stops on
// missing data, the review (draft -> in review -> approved or rejected -> sent) and sending the PDF by e-mail.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { markupToHtml, parseMarkup } from '../domain/document-markup.ts';
import { checkRequiredFields, defaultDocumentTemplates, missingFields, withoutBlanks } from '../domain/document-templates.ts';
import { AppError, assertNever, invalid, notFound } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import type { EventPayload, EventType, NewEvent } from '../domain/events.ts';
import { formatMoney } from '../domain/money.ts';
import { invoiceLines, scheduleTotal, type BillingSchedule } from '../domain/terms.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { findDealTerms, type StoredTerms } from '../adapters/db/deal-terms.repo.ts';
import {
  findDocumentTemplate,
  findDocumentTemplateByKey,
  insertDocumentTemplate,
  insertDocumentTemplateVersion,
  lockDocumentTemplate,
  updateDocumentTemplateRow,
  type DocumentTemplate,
} from '../adapters/db/document-templates.repo.ts';
import {
  findDocument,
  findDocumentByKey,
  insertDocument,
  insertDocumentMail,
  listDealDocuments,
  loadDocumentSources,
  lockDocument,
  takeDocumentNumber,
  updateDocumentRow,
  type ClientDocument,
  type DocumentSources,
  type DocumentStatus,
} from '../adapters/db/documents.repo.ts';
import { enqueueEvents } from '../adapters/db/outbox.repo.ts';
import { listActivePeople } from '../adapters/db/workspaces.repo.ts';
import { approvalsHolding } from './approvals.flow.ts';
import { checkTemplate, renderTemplate, templateError } from '../adapters/documents/liquid.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

// ---------------------------------------------------------------------------------------------------------------
// Templates

export type TemplateInput = { key: string; name: string; description?: string | null | undefined; body: string; requiredFields: string[] };
export type TemplatePatch = {
  name?: string | undefined;
  description?: string | null | undefined;
  body?: string | undefined;
  requiredFields?: string[] | undefined;
  archived?: boolean | undefined;
};

function checkTemplateInput(input: { body?: string | undefined; requiredFields?: string[] | undefined }): void {
  const issues = input.requiredFields ? checkRequiredFields(input.requiredFields) : [];
  if (input.body !== undefined) {
    const problem = checkTemplate(input.body);
    if (problem) issues.push({ path: 'body:/body', message: problem });
  }
  if (issues.length > 0) throw invalid(issues, 'This template cannot be saved');
}

/** Adds a document template at version 1 (its body must parse and reach only the document's data). */
export const createDocumentTemplate = flow(async (tx, _deps, ctx: Ctx, input: TemplateInput): Promise<DocumentTemplate> => {
  checkTemplateInput(input);
  const id = await insertDocumentTemplate(tx, ctx.workspaceId, {
    key: input.key,
    name: input.name.trim(),
    description: input.description?.trim() || null,
    body: input.body,
    requiredFields: [...new Set(input.requiredFields)],
    createdBy: ctx.actor.label,
  });
  if (!id)
    throw new AppError('document_template.key_taken', 'conflict', `A document template with key "${input.key}" exists`, {
      fields: [{ path: 'body:/key', message: 'is taken' }],
    });
  const template = (await findDocumentTemplate(tx, ctx.workspaceId, id))!;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'document_template.created', entityType: 'document_template', entityId: id, after: template }]);
  return template;
});

/** Changes a template: a new body or new required fields make a new version (documents keep theirs); a name only renames. */
export const updateDocumentTemplate = flow(async (tx, _deps, ctx: Ctx, id: string, patch: TemplatePatch): Promise<DocumentTemplate> => {
  checkTemplateInput(patch);
  const row = await lockDocumentTemplate(tx, ctx.workspaceId, id);
  if (!row) throw notFound('document_template.not_found', 'Document template');
  const before = (await findDocumentTemplate(tx, ctx.workspaceId, id))!;
  const body = patch.body ?? before.body;
  const requiredFields = patch.requiredFields ? [...new Set(patch.requiredFields)] : before.requiredFields;
  const newVersion = body !== before.body || JSON.stringify(requiredFields) !== JSON.stringify(before.requiredFields);
  if (newVersion) await insertDocumentTemplateVersion(tx, ctx.workspaceId, id, row.current_version + 1, { body, requiredFields, createdBy: ctx.actor.label });
  await updateDocumentTemplateRow(tx, ctx.workspaceId, id, {
    ...(patch.name !== undefined && { name: patch.name.trim() }),
    ...(patch.description !== undefined && { description: patch.description?.trim() || null }),
    ...(patch.archived !== undefined && { archived: patch.archived }),
    ...(newVersion && { current_version: row.current_version + 1 }),
  });
  const after = (await findDocumentTemplate(tx, ctx.workspaceId, id))!;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'document_template.updated', entityType: 'document_template', entityId: id, before, after }]);
  return after;
});

/** Gives a workspace the statement of work, welcome packet and service agreement summary templates. */
export const seedDocumentTemplates = flow(async (tx, deps, ctx: Ctx): Promise<void> => {
  for (const t of defaultDocumentTemplates) {
    if (await findDocumentTemplateByKey(tx, ctx.workspaceId, t.key)) continue;
    await createDocumentTemplate.in(tx, deps, ctx, t);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// A deal's data, as templates read it

const scheduleLabel = (s: BillingSchedule, currency: string): string => {
  const each = formatMoney(s.amountMinor ?? 0, currency);
  switch (s.kind) {
    case 'upfront':
      return 'upfront, on signature';
    case 'milestones':
      return `by milestone, in ${(s.milestones ?? []).length} instalments`;
    default:
      return `${s.kind}, in ${s.periods ?? 0} invoices of ${each}`;
  }
};

const listFrom = (value: unknown): string[] | undefined =>
  typeof value === 'string'
    ? value
        .split(/\r?\n|;/)
        .map((s) => s.replace(/^[-*]\s*/, '').trim())
        .filter(Boolean)
    : undefined;

/** The document's data: plain JSON, snake_case, money formatted; what the deal lacks is left out (and so reported, never blank). */
export function buildDocumentData(s: DocumentSources, terms: StoredTerms, doc: { number: string; revision: number; now: Date }): Record<string, unknown> {
  const custom = (s.deal.custom_fields ?? {}) as Record<string, unknown>;
  const currency = s.deal.currency;
  const contacts = s.contacts.map((c) => ({
    name: `${c.first_name} ${c.last_name}`.trim(),
    first_name: c.first_name,
    last_name: c.last_name,
    email: c.email,
    title: c.title,
    buying_role: c.buying_role,
    id: c.id,
  }));
  const primary = contacts.find((c) => c.id === s.deal.primary_contact_id) ?? contacts.find((c) => c.buying_role === 'sponsor') ?? contacts[0] ?? null;
  const schedule = terms.billingSchedule;
  const billingMilestones = schedule?.kind === 'milestones' ? (schedule.milestones ?? []) : [];
  const projectMilestones = s.milestones.map((m) => ({ name: m.name, due: m.due_date }));
  const data = {
    workspace: { name: s.deal.workspace_name },
    document: { number: doc.number, revision: doc.revision, date: dateIn(doc.now, s.deal.time_zone) },
    deal: {
      name: s.deal.name,
      amount: formatMoney(Number(s.deal.amount_minor), currency),
      amount_minor: Number(s.deal.amount_minor),
      currency,
      close_date: s.deal.close_date,
      deal_type: s.deal.deal_type,
      stage: s.deal.stage_name,
      custom,
    },
    account: { name: s.deal.account_name, domain: s.deal.account_domain, industry: s.deal.account_industry },
    contacts: contacts.map(({ id: _id, ...c }) => c),
    primary_contact: primary && { ...primary, id: undefined },
    owner: s.deal.owner_name ? { name: s.deal.owner_name, email: s.deal.owner_email } : null,
    project: s.project
      ? {
          name: s.project.name,
          status: s.project.status,
          start_date: s.project.start_date,
          target_date: s.project.target_date,
          owner_name: s.project.owner_name,
          owner_email: s.project.owner_email,
        }
      : null,
    terms: {
      billing_schedule: schedule ? scheduleLabel(schedule, currency) : null,
      billing_kind: schedule?.kind ?? null,
      invoices: schedule
        ? invoiceLines(schedule).map((l) => ({ label: l.label, amount: formatMoney(l.amountMinor, currency), amount_minor: l.amountMinor }))
        : [],
      schedule_total: schedule ? formatMoney(scheduleTotal(schedule), currency) : null,
      payment_terms: terms.paymentTerms,
      discount_percent: terms.discountPercent,
      contract_version: terms.contractVersion,
      clauses: terms.clauses,
    },
    scope: {
      summary: (typeof custom.scope === 'string' && custom.scope) || (s.scope ? `${s.scope.title}: ${s.scope.body.slice(0, 2000)}` : null),
      deliverables: listFrom(custom.deliverables) ?? billingMilestones.map((m) => m.name),
      milestones: projectMilestones.length > 0 ? projectMilestones : billingMilestones.map((m) => ({ name: m.name, due: 'on acceptance' })),
      out_of_scope: typeof custom.out_of_scope === 'string' ? custom.out_of_scope : null,
    },
  };
  return withoutBlanks(JSON.parse(JSON.stringify(data))) as Record<string, unknown>;
}

const missingData = (missing: string[]) =>
  new AppError('document.missing_data', 'conflict', `The deal lacks data the template needs: ${missing.join(', ')}`, {
    fields: missing.map((path) => ({ path, message: 'is missing' })),
    details: { missing },
  });

type Rendered = { markup: string; html: string } | { missing: string[] };

/** Renders a template body on data: the missing required fields all at once, or the first variable the data lacks. */
async function renderOn(body: string, requiredFields: readonly string[], data: Record<string, unknown>): Promise<Rendered> {
  const missing = missingFields(data, requiredFields);
  if (missing.length > 0) return { missing };
  const out = await renderTemplate(body, data);
  if ('markup' in out) return { markup: out.markup, html: markupToHtml(parseMarkup(out.markup)) };
  if (out.kind === 'missing') return { missing: [out.path] };
  throw templateError(out.message);
}

async function dataFor(db: DbOrTx, workspaceId: string, opportunityId: string, doc: { number: string; revision: number; now: Date }) {
  const sources = await loadDocumentSources(db, workspaceId, opportunityId);
  const terms = await findDealTerms(db, workspaceId, opportunityId);
  if (!sources || !terms) throw notFound('opportunity.not_found', 'Opportunity');
  return buildDocumentData(sources, terms, doc);
}

export type Preview = { html: string | null; missing: string[]; data: Record<string, unknown> };

/**
 * A template (saved, or the editor's unsaved body and fields) rendered on a deal's data, writing nothing. Missing
 * data is the answer's list, not an error, so the editor can show it beside the template.
 */
export async function previewDocument(
  db: DbOrTx,
  ctx: { workspaceId: string; now: Date },
  templateId: string,
  input: { opportunityId: string; body?: string | undefined; requiredFields?: string[] | undefined },
): Promise<Preview> {
  const template = await findDocumentTemplate(db, ctx.workspaceId, templateId);
  if (!template) throw notFound('document_template.not_found', 'Document template');
  checkTemplateInput(input);
  const data = await dataFor(db, ctx.workspaceId, input.opportunityId, { number: 'PREVIEW', revision: 1, now: ctx.now });
  const rendered = await renderOn(input.body ?? template.body, input.requiredFields ?? template.requiredFields, data);
  return 'missing' in rendered ? { html: null, missing: rendered.missing, data } : { html: rendered.html, missing: [], data };
}

// ---------------------------------------------------------------------------------------------------------------
// Documents

/** A document.* event: what every one carries (the deal, the document, its template and number) and `extra`. */
function documentEvent<T extends Extract<EventType, `document.${string}`>>(
  type: T,
  doc: ClientDocument,
  actor: Actor,
  extra: Omit<EventPayload<T>, keyof ReturnType<typeof basePayload>>,
  key: string,
): NewEvent {
  const payload = { ...basePayload(doc, actor), ...extra } as EventPayload<T>;
  // The compiler cannot pair a generic T's type with its payload in the NewEvent union; the parameters above do.
  return { type, subjectType: 'opportunity', subjectId: doc.opportunityId, idempotencyKey: key, payload } as NewEvent;
}

const basePayload = (doc: ClientDocument, actor: Actor) => ({
  opportunityId: doc.opportunityId,
  documentId: doc.id,
  templateKey: doc.templateKey,
  templateVersion: doc.templateVersion,
  number: doc.number,
  revision: doc.revision,
  actor: actor.label,
  depth: eventDepth(actor),
});

export type GenerateInput = {
  opportunityId: string;
  templateId?: string | undefined;
  templateKey?: string | undefined;
  /** A rule's key: the same key never makes a second document. */
  idempotencyKey?: string | undefined;
  originRunId?: string | null | undefined;
  now: Date;
};

/**
 * Makes a document from a template's current version on the deal's data (a snapshot kept with it). Missing data
 * stops it with the list of what is missing. After a rejection, the next document of that template on the deal is
 * its new revision (same number).
 */
export const generateDocument = flow(async (tx, _deps, ctx: Ctx, input: GenerateInput) => generateDocumentIn(tx, ctx, input));

/** generateDocument inside the caller's transaction, for a rule's action (which has no flow deps). */
export async function generateDocumentIn(tx: Tx, ctx: Ctx, input: GenerateInput): Promise<{ document: ClientDocument; created: boolean }> {
  const template = input.templateId
    ? await findDocumentTemplate(tx, ctx.workspaceId, input.templateId)
    : await findDocumentTemplateByKey(tx, ctx.workspaceId, input.templateKey ?? '');
  if (!template || template.archived) throw notFound('document_template.not_found', 'Document template');
  if (input.idempotencyKey) {
    const existing = await findDocumentByKey(tx, ctx.workspaceId, input.idempotencyKey);
    if (existing) return { document: existing, created: false };
  }
  const previous = (await listDealDocuments(tx, ctx.workspaceId, input.opportunityId)).find((d) => d.templateId === template.id);
  const revise = previous?.status === 'rejected';
  const number = revise
    ? previous.number
    : `${template.key.toUpperCase().replace(/_/g, '-')}-${dateIn(input.now, 'UTC').slice(0, 4)}-${String(await takeDocumentNumber(tx, ctx.workspaceId)).padStart(4, '0')}`;
  const revision = revise ? previous.revision + 1 : 1;
  const data = await dataFor(tx, ctx.workspaceId, input.opportunityId, { number, revision, now: input.now });
  const rendered = await renderOn(template.body, template.requiredFields, data);
  if ('missing' in rendered) throw missingData(rendered.missing);
  const id = await insertDocument(tx, ctx.workspaceId, {
    opportunityId: input.opportunityId,
    templateId: template.id,
    templateVersion: template.version,
    number,
    title: `${template.name} ${number}`,
    revision,
    replacesId: revise ? previous.id : null,
    data,
    markup: rendered.markup,
    createdBy: ctx.actor.label,
    originRunId: input.originRunId ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
  });
  if (!id) return { document: (await findDocumentByKey(tx, ctx.workspaceId, input.idempotencyKey!))!, created: false };
  const document = (await findDocument(tx, ctx.workspaceId, id))!;
  await enqueueEvents(tx, ctx.workspaceId, [
    documentEvent('document.generated', document, ctx.actor, { runId: input.originRunId ?? null }, `document.generated:${id}`),
  ]);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'document.generated',
      entityType: 'document',
      entityId: id,
      after: { opportunityId: input.opportunityId, template: template.key, templateVersion: template.version, number, revision },
    },
  ]);
  return { document, created: true };
}

/** The document as HTML for the preview. */
export const documentHtml = (doc: ClientDocument): string => markupToHtml(parseMarkup(doc.markup));

export async function getDocument(db: DbOrTx, workspaceId: string, id: string): Promise<ClientDocument> {
  const doc = await findDocument(db, workspaceId, id);
  if (!doc) throw notFound('document.not_found', 'Document');
  return doc;
}

async function move(
  tx: Tx,
  ctx: Ctx,
  id: string,
  from: DocumentStatus[],
  to: DocumentStatus,
  verb: string,
): Promise<{ before: ClientDocument; changed: boolean }> {
  const before = await lockDocument(tx, ctx.workspaceId, id);
  if (!before) throw notFound('document.not_found', 'Document');
  if (before.status === to) return { before, changed: false };
  if (!from.includes(before.status))
    throw new AppError('document.wrong_status', 'conflict', `A document ${before.status.replace('_', ' ')} cannot be ${verb}`, {
      details: { status: before.status, allowedFrom: from },
    });
  return { before, changed: true };
}

async function finish(tx: Tx, ctx: Ctx, id: string, action: string, before: ClientDocument, event?: (doc: ClientDocument) => NewEvent) {
  const after = (await findDocument(tx, ctx.workspaceId, id))!;
  if (event) await enqueueEvents(tx, ctx.workspaceId, [event(after)]);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action,
      entityType: 'document',
      entityId: id,
      before: { status: before.status },
      after: { status: after.status, comment: after.reviewComment, sentTo: after.sentTo },
    },
  ]);
  return after;
}

/** A draft goes to review (finance and legal approve or reject it). Submitting twice changes nothing. */
export const submitDocument = flow(async (tx, _deps, ctx: Ctx, id: string) => submitDocumentIn(tx, ctx, id));

/** submitDocument inside the caller's transaction. */
export async function submitDocumentIn(tx: Tx, ctx: Ctx, id: string): Promise<ClientDocument> {
  const { before, changed } = await move(tx, ctx, id, ['draft'], 'in_review', 'submitted');
  if (!changed) return before;
  await updateDocumentRow(tx, ctx.workspaceId, id, { status: 'in_review', submitted: true, review_comment: null });
  return finish(tx, ctx, id, 'document.submitted', before, (doc) => documentEvent('document.submitted', doc, ctx.actor, {}, `document.submitted:${id}`));
}

/** Approves a document in review (an optional comment). */
export const approveDocument = flow(async (tx, _deps, ctx: Ctx, id: string, comment?: string | undefined): Promise<ClientDocument> => {
  const { before, changed } = await move(tx, ctx, id, ['in_review'], 'approved', 'approved');
  if (!changed) return before;
  await updateDocumentRow(tx, ctx.workspaceId, id, { status: 'approved', decided_by_label: ctx.actor.label, review_comment: comment?.trim() || null });
  return finish(tx, ctx, id, 'document.approved', before, (doc) => documentEvent('document.approved', doc, ctx.actor, {}, `document.approved:${id}`));
});

/** Rejects a document in review with the reason; generating it again makes its next revision. */
export const rejectDocument = flow(async (tx, _deps, ctx: Ctx, id: string, comment: string): Promise<ClientDocument> => {
  if (!comment.trim()) throw invalid([{ path: 'body:/comment', message: 'A rejection says what to change' }]);
  const { before, changed } = await move(tx, ctx, id, ['in_review'], 'rejected', 'rejected');
  if (!changed) return before;
  await updateDocumentRow(tx, ctx.workspaceId, id, { status: 'rejected', decided_by_label: ctx.actor.label, review_comment: comment.trim() });
  return finish(tx, ctx, id, 'document.rejected', before, (doc) =>
    documentEvent('document.rejected', doc, ctx.actor, { comment: comment.trim() }, `document.rejected:${id}`),
  );
});

/**
 * What still holds a document's sending beyond its own approval: the deal's approval requests (finance and legal
 * policies) that are pending or rejected. A rejected one holds until the deal's terms change and it is approved.
 */
export async function sendingHeldBy(tx: Tx, workspaceId: string, doc: ClientDocument): Promise<{ requestId: string; policy: string; status: string }[]> {
  const held = await approvalsHolding(tx, workspaceId, doc.opportunityId);
  return held.map((h) => ({ requestId: h.id, policy: h.policyName, status: h.status }));
}

/**
 * E-mails an approved document's PDF to the client (the deal's primary contact unless `to` is given): the message
 * is queued with the change and the mailer sends it from the outbox (SMTP, or the mail folder), recording delivery.
 */
export const sendDocument = flow(async (tx, _deps, ctx: Ctx, id: string, input: { to?: string | undefined } = {}) => sendDocumentIn(tx, ctx, id, input));

/** sendDocument inside the caller's transaction: the API's send and a rule's send_document go through it alike. */
export async function sendDocumentIn(tx: Tx, ctx: Ctx, id: string, input: { to?: string | undefined } = {}): Promise<ClientDocument> {
  const { before, changed } = await move(tx, ctx, id, ['approved'], 'sent', 'sent before it is approved');
  if (!changed) return before;
  const held = await sendingHeldBy(tx, ctx.workspaceId, before);
  if (held.length > 0)
    throw new AppError(
      'document.held_by_approval',
      'conflict',
      `The document cannot be sent while its deal's approvals are not granted: ${held.map((h) => `${h.policy} (${h.status})`).join(', ')}`,
      { details: { heldBy: held } },
    );
  const data = before.data as { primary_contact?: { email?: string; name?: string }; workspace?: { name?: string } };
  const to = input.to?.trim() || data.primary_contact?.email;
  if (!to)
    throw new AppError('document.no_recipient', 'invalid', 'The deal has no primary contact with an e-mail: give the address to send to', {
      fields: [{ path: 'body:/to', message: 'is required when the primary contact has no e-mail' }],
    });
  const workspaceName = data.workspace?.name ?? 'Baton';
  const mailId = await insertDocumentMail(tx, ctx.workspaceId, {
    documentId: id,
    to,
    subject: `${before.title} from ${workspaceName}`,
    body: `Hello${data.primary_contact?.name ? ` ${data.primary_contact.name}` : ''},\n\nPlease find attached ${before.title}.\n\n${workspaceName}`,
    originRunId: ctx.actor.cause?.runId ?? null,
  });
  await updateDocumentRow(tx, ctx.workspaceId, id, { status: 'sent', sent_to: to, mail_id: mailId });
  await enqueueEvents(tx, ctx.workspaceId, [
    {
      type: 'mail.requested',
      subjectType: 'mail',
      subjectId: mailId,
      idempotencyKey: `mail.requested:${mailId}`,
      payload: { mailId, depth: eventDepth(ctx.actor) },
    },
  ]);
  return finish(tx, ctx, id, 'document.sent', before, (doc) => documentEvent('document.sent', doc, ctx.actor, { to, mailId }, `document.sent:${id}`));
}

// ---------------------------------------------------------------------------------------------------------------
// A rule's document steps: they name a template, and act on the deal's latest document of it

/** The deal's latest document of a template (by key), or undefined when it has none; an unknown key is not found. */
export async function findLatestDocument(db: DbOrTx, workspaceId: string, opportunityId: string, templateKey: string) {
  const template = await findDocumentTemplateByKey(db, workspaceId, templateKey);
  if (!template) throw notFound('document_template.not_found', 'Document template');
  const document = (await listDealDocuments(db, workspaceId, opportunityId)).find((d) => d.templateId === template.id);
  return { template, document };
}

export type DocumentRecipient =
  | { type: 'primary_contact' }
  /** The client's contacts on the deal's account with this buying role (their e-mails in the document's data). */
  | { type: 'contact_role'; role: string }
  /** The workspace's active people with this role. */
  | { type: 'role'; role: Role };

/** The addresses a document goes to (one line, comma-separated); undefined means the primary contact's, as the API send. */
export async function recipientAddresses(db: DbOrTx, workspaceId: string, doc: ClientDocument, recipient: DocumentRecipient): Promise<string | undefined> {
  switch (recipient.type) {
    case 'primary_contact':
      return undefined;
    case 'contact_role': {
      const contacts = (doc.data.contacts ?? []) as { buying_role?: string; email?: string }[];
      const emails = contacts.filter((c) => c.buying_role === recipient.role && c.email).map((c) => c.email!);
      if (emails.length === 0)
        throw new AppError('document.no_recipient', 'invalid', `The deal's account has no contact with the buying role "${recipient.role}" and an e-mail`);
      return [...new Set(emails)].join(', ');
    }
    case 'role': {
      const people = await listActivePeople(db, workspaceId, { role: recipient.role });
      if (people.length === 0) throw new AppError('document.no_recipient', 'invalid', `No active person of this workspace has the role "${recipient.role}"`);
      return people.map((p) => p.email).join(', ');
    }
    default:
      return assertNever(recipient);
  }
}
