// Leads and their handoff to sales: create and edit a lead, move it through its stages (entering "handoff to sales"
// gives its distributor the handoff task), settle the handoff task with one of five results, and convert the lead
// into an account, a contact and a deal.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import type { NewEvent } from '../domain/events.ts';
import {
  checkStageMove,
  companyDomain,
  decideResult,
  handoffIssues,
  handoffNote,
  handoffTaskCategory,
  handoffTaskSubject,
  normalizeHandoff,
  resultEvents,
  splitName,
  type HandoffDetails,
  type HandoffForm,
  type LeadPriority,
  type LeadStage,
  type NeedMaturity,
  type ResultInput,
} from '../domain/leads.ts';
import { insertAccount, insertContact } from '../adapters/db/accounts.repo.ts';
import { insertActivityNow } from '../adapters/db/activities.repo.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  findAccountByDomain,
  findBaseCurrency,
  findContactAccountId,
  linkLeadTasks,
  findContactByEmail,
  findLead,
  findUserName,
  insertHandoffTask,
  insertLead,
  insertLeadEvent,
  lockLead,
  lockMatchKey,
  lockOpenHandoffTask,
  updateLeadRow,
  type Lead,
} from '../adapters/db/leads.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import type { Row } from '../adapters/db/schema.ts';
import { updateTaskRow } from '../adapters/db/tasks.repo.ts';
import { findWorkspaceTimeZone } from '../adapters/db/workspaces.repo.ts';
import { createOpportunity } from './crm.flow.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';
import { requireOptionalRef } from './references.ts';
import { emitTaskCompleted } from './task-events.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type LeadInput = {
  title: string;
  stage?: Exclude<LeadStage, 'converted'> | undefined;
  needMaturity?: NeedMaturity | undefined;
  source?: string | null | undefined;
  companyName?: string | null | undefined;
  contactName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  accountId?: string | null | undefined;
  contactId?: string | null | undefined;
  distributorId?: string | null | undefined;
  ownerId?: string | null | undefined;
  expectedSaleDate?: string | null | undefined;
  priority?: LeadPriority | undefined;
};

export type LeadChange = Partial<Omit<LeadInput, 'stage'>>;

export async function getLead(deps: Pick<Deps, 'db'>, workspaceId: string, id: string): Promise<Lead> {
  const lead = await findLead(deps.db, workspaceId, id);
  if (!lead) throw notFound('lead.not_found', 'Lead');
  return lead;
}

async function readLead(tx: Tx, workspaceId: string, id: string): Promise<Lead> {
  return (await findLead(tx, workspaceId, id))!;
}

const trimmed = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : v.trim() || null);

function leadColumns(i: LeadChange) {
  return {
    ...(i.title !== undefined && { title: i.title.trim() }),
    ...(i.needMaturity !== undefined && { need_maturity: i.needMaturity }),
    ...(i.source !== undefined && { source: trimmed(i.source) }),
    ...(i.companyName !== undefined && { company_name: trimmed(i.companyName) }),
    ...(i.contactName !== undefined && { contact_name: trimmed(i.contactName) }),
    ...(i.email !== undefined && { email: trimmed(i.email)?.toLowerCase() ?? null }),
    ...(i.phone !== undefined && { phone: trimmed(i.phone) }),
    ...(i.accountId !== undefined && { account_id: i.accountId }),
    ...(i.contactId !== undefined && { contact_id: i.contactId }),
    ...(i.distributorId !== undefined && { distributor_id: i.distributorId }),
    ...(i.ownerId !== undefined && { owner_id: i.ownerId }),
    ...(i.expectedSaleDate !== undefined && { expected_sale_date: i.expectedSaleDate }),
    ...(i.priority !== undefined && { priority: i.priority }),
  };
}

async function checkLeadRefs(tx: Tx, ctx: Ctx, i: LeadChange, accountId: string | null): Promise<void> {
  if (i.title !== undefined && i.title.trim() === '') throw invalid([{ path: 'body:/title', message: 'must not be empty' }]);
  await requireOptionalRef(tx, ctx.workspaceId, 'accounts', i.accountId, 'body:/accountId');
  await requireOptionalRef(tx, ctx.workspaceId, 'contacts', i.contactId, 'body:/contactId');
  await requireOptionalRef(tx, ctx.workspaceId, 'users', i.distributorId, 'body:/distributorId');
  await requireOptionalRef(tx, ctx.workspaceId, 'users', i.ownerId, 'body:/ownerId');
  if (i.contactId && accountId) {
    if ((await findContactAccountId(tx, ctx.workspaceId, i.contactId)) !== accountId)
      throw invalid([{ path: 'body:/contactId', message: "is not a contact of the lead's account" }]);
  }
}

function leadPayload(row: Pick<Row<'leads'>, 'id' | 'title' | 'stage' | 'need_maturity'>, ctx: Ctx) {
  return { leadId: row.id, title: row.title, stage: row.stage, needMaturity: row.need_maturity, actor: ctx.actor.label, depth: eventDepth(ctx.actor) };
}

/** Creates a lead (in "new" unless a stage is given; entering "handoff to sales" gives out the handoff task). */
export const createLead = flow(async (tx, deps: Deps, ctx: Ctx, input: LeadInput): Promise<Lead> => {
  const id = newId();
  await checkLeadRefs(tx, ctx, input, input.accountId ?? null);
  const stage = input.stage ?? 'new';
  await insertLead(tx, {
    id,
    workspace_id: ctx.workspaceId,
    ...leadColumns(input),
    title: input.title.trim(),
    stage: stage === 'handoff_to_sales' ? 'distribution' : stage,
    author_id: ctx.actor.type === 'user' ? ctx.actor.id : null,
  });
  await insertLeadEvent(tx, ctx.workspaceId, id, ctx.actor, 'created', { stage, source: trimmed(input.source) ?? null });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'lead.created', entityType: 'lead', entityId: id, after: input }]);
  const row = (await lockLead(tx, ctx.workspaceId, id))!;
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'lead.created',
    subjectType: 'lead',
    subjectId: id,
    idempotencyKey: `lead.created:${id}`,
    payload: { ...leadPayload(row, ctx), source: row.source },
  });
  if (stage === 'handoff_to_sales') await moveStageIn(tx, deps, ctx, row, { stage });
  return readLead(tx, ctx.workspaceId, id);
});

/** Edits a lead's details (its stage moves through moveLeadStage, its handoff details through updateHandoffDetails). */
export const updateLead = flow(async (tx, deps: Deps, ctx: Ctx, id: string, change: LeadChange): Promise<Lead> => {
  const row = await lockLead(tx, ctx.workspaceId, id);
  if (!row) throw notFound('lead.not_found', 'Lead');
  await checkLeadRefs(tx, ctx, change, change.accountId !== undefined ? change.accountId : row.account_id);
  const set = leadColumns(change);
  const changed = Object.fromEntries(Object.entries(set).filter(([k, v]) => String((row as Record<string, unknown>)[k] ?? '') !== String(v ?? '')));
  if (Object.keys(changed).length === 0) return readLead(tx, ctx.workspaceId, id);
  const before = Object.fromEntries(Object.keys(changed).map((k) => [k, (row as Record<string, unknown>)[k]]));
  await updateLeadRow(tx, ctx.workspaceId, id, changed);
  await insertLeadEvent(tx, ctx.workspaceId, id, ctx.actor, 'updated', { before, after: changed });
  // A new distributor takes over the open handoff task (the task always has its lead's distributor as owner).
  if (typeof changed.distributor_id === 'string') {
    const open = await lockOpenHandoffTask(tx, ctx.workspaceId, id);
    if (open && open.owner_id !== changed.distributor_id) {
      await updateTaskRow(tx, ctx.workspaceId, open.id, { owner_id: changed.distributor_id });
      await recordAudit(tx, ctx.workspaceId, ctx.actor, [
        {
          action: 'task.updated',
          entityType: 'task',
          entityId: open.id,
          before: { ownerId: open.owner_id },
          after: { ownerId: changed.distributor_id, leadId: id },
        },
      ]);
    }
  }
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'lead.updated', entityType: 'lead', entityId: id, before, after: changed }]);
  return readLead(tx, ctx.workspaceId, id);
});

export type StageMove = { stage: LeadStage; expectedSaleDate?: string | undefined };

/**
 * Moves a lead into a stage. Entering "handoff to sales" creates the handoff task (never a second open one: moving
 * it there again keeps the task it has); leaving it by hand cancels the open handoff task.
 */
export const moveLeadStage = flow(async (tx, deps: Deps, ctx: Ctx, id: string, move: StageMove): Promise<Lead> => {
  const row = await lockLead(tx, ctx.workspaceId, id);
  if (!row) throw notFound('lead.not_found', 'Lead');
  await moveStageIn(tx, deps, ctx, row, move);
  return readLead(tx, ctx.workspaceId, id);
});

async function moveStageIn(tx: Tx, deps: Pick<Deps, 'now'>, ctx: Ctx, row: Row<'leads'>, move: StageMove): Promise<void> {
  const from = row.stage as LeadStage;
  checkStageMove(from, move.stage);
  let expected = row.expected_sale_date;
  if (move.expectedSaleDate !== undefined && move.expectedSaleDate !== expected) {
    expected = move.expectedSaleDate;
    await updateLeadRow(tx, ctx.workspaceId, row.id, { expected_sale_date: expected });
  }
  if (move.stage === 'handoff_to_sales' && !expected)
    throw invalid([
      { path: 'body:/expectedSaleDate', message: "is needed to enter handoff to sales: the handoff task is due on the lead's expected sale date" },
    ]);
  let handoffTaskId: string | null = null;
  if (move.stage === 'handoff_to_sales') {
    handoffTaskId = await giveHandoffTask(tx, deps, ctx, { ...row, expected_sale_date: expected }, expected!);
  } else if (from === 'handoff_to_sales') {
    const open = await lockOpenHandoffTask(tx, ctx.workspaceId, row.id);
    if (open) {
      await updateTaskRow(tx, ctx.workspaceId, open.id, { status: 'cancelled' });
      await recordAudit(tx, ctx.workspaceId, ctx.actor, [
        {
          action: 'task.updated',
          entityType: 'task',
          entityId: open.id,
          before: { status: open.status },
          after: { status: 'cancelled', leadStage: move.stage },
        },
      ]);
      await insertLeadEvent(tx, ctx.workspaceId, row.id, ctx.actor, 'handoff_task_cancelled', { taskId: open.id, title: open.title });
    }
  }
  if (from === move.stage) return;
  await updateLeadRow(tx, ctx.workspaceId, row.id, { stage: move.stage });
  await insertLeadEvent(tx, ctx.workspaceId, row.id, ctx.actor, 'stage_changed', { from, to: move.stage });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'lead.stage_changed', entityType: 'lead', entityId: row.id, before: { stage: from }, after: { stage: move.stage } },
  ]);
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'lead.stage_changed',
    subjectType: 'lead',
    subjectId: row.id,
    idempotencyKey: `lead.stage_changed:${row.id}:${newId()}`,
    payload: { ...leadPayload({ ...row, stage: move.stage }, ctx), fromStage: from, handoffTaskId },
  });
}

/**
 * The handoff task of a lead entering "handoff to sales": owned by its distributor (or its author), reported by whoever
 * moved it, starting now, due on `due`. Returns the open handoff task's id, new or already there.
 */
async function giveHandoffTask(tx: Tx, deps: Pick<Deps, 'now'>, ctx: Ctx, lead: Row<'leads'>, due: string): Promise<string> {
  const open = await lockOpenHandoffTask(tx, ctx.workspaceId, lead.id);
  if (open) return open.id;
  const ownerId = lead.distributor_id ?? lead.author_id;
  if (!ownerId)
    throw invalid([{ path: 'body:/distributorId', message: 'the lead needs a distributor to own its handoff task (it has no author to fall back on)' }]);
  const reporterId = ctx.actor.type === 'user' && ctx.actor.id ? ctx.actor.id : lead.author_id;
  const id = newId();
  const inserted = await insertHandoffTask(tx, {
    id,
    workspace_id: ctx.workspaceId,
    lead_id: lead.id,
    account_id: lead.account_id,
    contact_id: lead.contact_id,
    title: handoffTaskSubject,
    description: `Lead: ${lead.title}`,
    owner_id: ownerId,
    reporter_id: reporterId,
    starts_at: deps.now(),
    due_date: due,
    priority: lead.priority,
    category: handoffTaskCategory,
    assignment: 'manual',
  });
  if (!inserted) return (await lockOpenHandoffTask(tx, ctx.workspaceId, lead.id))!.id;
  await insertLeadEvent(tx, ctx.workspaceId, lead.id, ctx.actor, 'handoff_task_created', { taskId: id, ownerId, dueDate: due });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'task.created', entityType: 'task', entityId: id, after: { leadId: lead.id, title: handoffTaskSubject, ownerId, reporterId, dueDate: due } },
  ]);
  return id;
}

export type HandoffCompletion = ResultInput;

/**
 * Settles a lead's handoff task with its result, in the caller's transaction (the task is locked after its lead):
 * the lead's stage and need maturity change as the result says, the form of "proceed to handoff" is saved on the
 * lead, "rescheduled" gives a new handoff task, and the result's event goes to the outbox.
 */
export async function completeHandoffTaskIn(tx: Tx, deps: Pick<Deps, 'now'>, ctx: Ctx, task: Row<'tasks'>, input: HandoffCompletion): Promise<void> {
  const lead = await lockLead(tx, ctx.workspaceId, task.lead_id!);
  if (!lead) throw notFound('lead.not_found', 'Lead');
  const [timeZone, currency] = await Promise.all([findWorkspaceTimeZone(tx, ctx.workspaceId), findBaseCurrency(tx, ctx.workspaceId)]);
  if (input.result === 'proceed_to_handoff' && input.details)
    await requireOptionalRef(tx, ctx.workspaceId, 'users', input.details.salesOwnerId, 'body:/details/salesOwnerId');
  const outcome = decideResult({ stage: lead.stage as LeadStage, maturity: lead.need_maturity as NeedMaturity }, input, dateIn(deps.now(), timeZone), currency);
  const details = outcome.handoff ?? (input.result === 'rescheduled' ? { dueDate: outcome.newTaskDue } : null);
  await updateTaskRow(tx, ctx.workspaceId, task.id, {
    status: 'done',
    result: input.result,
    result_details: details ? JSON.stringify(details) : null,
  });
  const set: Record<string, unknown> = {};
  if (outcome.stage !== lead.stage) set.stage = outcome.stage;
  if (outcome.maturity !== lead.need_maturity) set.need_maturity = outcome.maturity;
  if (outcome.handoff) set.handoff = JSON.stringify(outcome.handoff);
  if (Object.keys(set).length > 0) await updateLeadRow(tx, ctx.workspaceId, lead.id, set);
  let nextTaskId: string | null = null;
  if (outcome.newTaskDue) nextTaskId = await giveHandoffTask(tx, deps, ctx, lead, outcome.newTaskDue);
  await insertLeadEvent(tx, ctx.workspaceId, lead.id, ctx.actor, 'handoff_result', {
    taskId: task.id,
    result: input.result,
    fromStage: lead.stage,
    toStage: outcome.stage,
    fromNeedMaturity: lead.need_maturity,
    toNeedMaturity: outcome.maturity,
    ...(outcome.handoff && { handoff: outcome.handoff }),
    ...(nextTaskId && { nextTaskId, dueDate: outcome.newTaskDue }),
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'task.completed', entityType: 'task', entityId: task.id, before: { status: task.status }, after: { status: 'done', result: input.result } },
    {
      action: `lead.handoff_${input.result}`,
      entityType: 'lead',
      entityId: lead.id,
      before: { stage: lead.stage, needMaturity: lead.need_maturity },
      after: { stage: outcome.stage, needMaturity: outcome.maturity, ...(outcome.handoff && { handoff: outcome.handoff }), ...(nextTaskId && { nextTaskId }) },
    },
  ]);
  const base = {
    ...leadPayload({ ...lead, stage: outcome.stage, need_maturity: outcome.maturity }, ctx),
    taskId: task.id,
    fromStage: lead.stage,
    fromNeedMaturity: lead.need_maturity,
    nextTaskId,
  };
  const key = `${resultEvents[input.result]}:${task.id}`;
  const event: NewEvent =
    input.result === 'proceed_to_handoff'
      ? { type: 'lead.proceeded_to_handoff', subjectType: 'lead', subjectId: lead.id, idempotencyKey: key, payload: { ...base, handoff: outcome.handoff! } }
      : input.result === 'rescheduled'
        ? { type: 'lead.handoff_rescheduled', subjectType: 'lead', subjectId: lead.id, idempotencyKey: key, payload: { ...base, dueDate: outcome.newTaskDue! } }
        : { type: resultEvents[input.result], subjectType: 'lead', subjectId: lead.id, idempotencyKey: key, payload: base };
  await enqueueEvent(tx, ctx.workspaceId, event);
  if (outcome.stage !== lead.stage) {
    await enqueueEvent(tx, ctx.workspaceId, {
      type: 'lead.stage_changed',
      subjectType: 'lead',
      subjectId: lead.id,
      idempotencyKey: `lead.stage_changed:${lead.id}:${newId()}`,
      payload: { ...leadPayload({ ...lead, stage: outcome.stage }, ctx), fromStage: lead.stage, handoffTaskId: task.id },
    });
  }
  await emitTaskCompleted(tx, ctx, task);
}

export type HandoffDetailsChange = Partial<HandoffForm>;

/** Edits the handoff details a distributor gave (after "proceed to handoff"); the change is kept in the lead's history. */
export const updateHandoffDetails = flow(async (tx, deps: Deps, ctx: Ctx, id: string, change: HandoffDetailsChange): Promise<Lead> => {
  const row = await lockLead(tx, ctx.workspaceId, id);
  if (!row) throw notFound('lead.not_found', 'Lead');
  if (!row.handoff)
    throw new AppError(
      'lead.not_in_handoff',
      'conflict',
      'The lead has no handoff details yet: they come with the result "proceed to handoff" of its handoff task',
    );
  const issues: FieldIssue[] = handoffIssues(change, 'body:');
  if (issues.length > 0) throw invalid(issues);
  await requireOptionalRef(tx, ctx.workspaceId, 'users', change.salesOwnerId, 'body:/salesOwnerId');
  const current = row.handoff as HandoffDetails;
  const next = normalizeHandoff({ ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) }, current.currency);
  const changedKeys = (Object.keys(next) as (keyof HandoffDetails)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]));
  if (changedKeys.length === 0) return readLead(tx, ctx.workspaceId, id);
  const before = Object.fromEntries(changedKeys.map((k) => [k, current[k]]));
  const after = Object.fromEntries(changedKeys.map((k) => [k, next[k]]));
  await updateLeadRow(tx, ctx.workspaceId, id, { handoff: JSON.stringify(next) });
  await insertLeadEvent(tx, ctx.workspaceId, id, ctx.actor, 'handoff_edited', { before, after });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'lead.handoff_edited', entityType: 'lead', entityId: id, before, after }]);
  return readLead(tx, ctx.workspaceId, id);
});

export type Conversion = { lead: Lead; created: boolean; accountCreated: boolean; contactCreated: boolean };

/**
 * Converts a lead: links or creates its account (matched by e-mail domain) and contact (matched by e-mail), creates
 * its deal with the handoff details, and marks it converted. Converting again, or concurrently, answers the deal
 * made the first time: the lead's row lock orders the calls and the deal is read back under it.
 */
export const convertLead = flow(async (tx, deps: Deps, ctx: Ctx, id: string): Promise<Conversion> => {
  const row = await lockLead(tx, ctx.workspaceId, id);
  if (!row) throw notFound('lead.not_found', 'Lead');
  if (row.opportunity_id) return { lead: await readLead(tx, ctx.workspaceId, id), created: false, accountCreated: false, contactCreated: false };
  if (row.stage === 'disqualified') throw new AppError('lead.disqualified', 'conflict', 'A disqualified lead is not converted; move it to another stage first');
  const domain = companyDomain(row.email);
  // Match keys are locked in one order (domain, then address) so two conversions never wait on each other in a circle.
  if (domain && !row.account_id) await lockMatchKey(tx, ctx.workspaceId, `account-domain:${domain}`);
  if (row.email && !row.contact_id) await lockMatchKey(tx, ctx.workspaceId, `contact-email:${row.email.toLowerCase()}`);

  let accountId = row.account_id;
  let accountCreated = false;
  if (!accountId && row.contact_id) {
    accountId = (await findContactAccountId(tx, ctx.workspaceId, row.contact_id)) ?? null;
  }
  if (!accountId && row.email && !domain) {
    // A free-mail address names no company, but its contact's account is the lead's.
    accountId = (await findContactByEmail(tx, ctx.workspaceId, row.email, null))?.account_id ?? null;
  }
  if (!accountId && domain) accountId = (await findAccountByDomain(tx, ctx.workspaceId, domain))?.id ?? null;
  if (!accountId) {
    const name = row.company_name ?? domain;
    if (!name)
      throw invalid(
        [{ path: 'lead:/companyName', message: 'the lead needs an account, a company name or a company e-mail address to be converted' }],
        'The lead cannot be converted yet',
      );
    accountId = newId();
    accountCreated = true;
    await insertAccount(tx, { id: accountId, workspace_id: ctx.workspaceId, name, domain, owner_id: row.owner_id });
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'account.created', entityType: 'account', entityId: accountId, after: { name, domain, leadId: id } },
    ]);
  }

  let contactId = row.contact_id;
  let contactCreated = false;
  if (!contactId && row.email) contactId = (await findContactByEmail(tx, ctx.workspaceId, row.email, accountId))?.id ?? null;
  if (!contactId && (row.contact_name || row.email)) {
    const { firstName, lastName } = splitName(row.contact_name ?? row.email!.split('@')[0]!);
    contactId = newId();
    contactCreated = true;
    await insertContact(tx, {
      id: contactId,
      workspace_id: ctx.workspaceId,
      account_id: accountId,
      first_name: firstName,
      last_name: lastName,
      email: row.email,
      phone: row.phone,
      title: null,
      buying_role: null,
    });
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'contact.created', entityType: 'contact', entityId: contactId, after: { accountId, firstName, lastName, email: row.email, leadId: id } },
    ]);
  }

  const handoff = row.handoff as HandoffDetails | null;
  const opportunity = await createOpportunity.in(tx, deps, ctx, {
    name: row.title,
    accountId,
    ownerId: handoff?.salesOwnerId ?? row.owner_id,
    primaryContactId: contactId,
    closeDate: row.expected_sale_date,
    ...(handoff && { amountMinor: handoff.budgetMinor, currency: handoff.currency }),
  });
  if (handoff) {
    const [timeZone, salesOwner] = await Promise.all([findWorkspaceTimeZone(tx, ctx.workspaceId), findUserName(tx, ctx.workspaceId, handoff.salesOwnerId)]);
    await insertActivityNow(tx, {
      id: newId(),
      workspace_id: ctx.workspaceId,
      account_id: accountId,
      opportunity_id: opportunity.id,
      contact_id: contactId,
      kind: 'note',
      subject: 'Handoff from the lead',
      body: handoffNote(handoff, { salesOwner: salesOwner ?? 'unknown' }, timeZone),
      author_id: ctx.actor.type === 'user' ? ctx.actor.id : null,
    });
  }
  await updateLeadRow(tx, ctx.workspaceId, id, {
    stage: 'converted',
    account_id: accountId,
    contact_id: contactId,
    opportunity_id: opportunity.id,
    converted_at: deps.now(),
  });
  // The lead's open tasks now belong to the account too.
  await linkLeadTasks(tx, ctx.workspaceId, id, accountId, contactId);
  await insertLeadEvent(tx, ctx.workspaceId, id, ctx.actor, 'converted', {
    opportunityId: opportunity.id,
    accountId,
    contactId,
    accountCreated,
    contactCreated,
    fromStage: row.stage,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'lead.converted',
      entityType: 'lead',
      entityId: id,
      before: { stage: row.stage },
      after: { stage: 'converted', opportunityId: opportunity.id, accountId, contactId },
    },
  ]);
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'lead.converted',
    subjectType: 'lead',
    subjectId: id,
    idempotencyKey: `lead.converted:${id}`,
    payload: { ...leadPayload({ ...row, stage: 'converted' }, ctx), opportunityId: opportunity.id, accountId, contactId, accountCreated, contactCreated },
  });
  return { lead: await readLead(tx, ctx.workspaceId, id), created: true, accountCreated, contactCreated };
});
