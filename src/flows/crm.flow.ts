// Creating and editing accounts, contacts and opportunities, each change audited in its transaction.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { complexities, moveStage, type AccountStatus, type BuyingRole, type Complexity } from '../domain/opportunity.ts';
import type { SettableDealField } from '../domain/rules/actions.ts';
import {
  activateAccount,
  findAccount,
  findContact,
  insertAccount,
  insertContact,
  lockContact,
  lockAccount,
  updateAccountRow,
  updateContactRow,
  type Account,
  type Contact,
} from '../adapters/db/accounts.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  findOpportunity,
  insertOpportunity,
  insertStageChange,
  lockOpportunity,
  moveOpportunityStage,
  setOpportunityColumn,
  setOpportunityCustomField,
  updateOpportunityRow,
  type Opportunity,
  type SettableColumn,
} from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { findDefaultPipelineId, listStages } from '../adapters/db/pipelines.repo.ts';
import { requireOptionalRef, requireRef } from './references.ts';
import { flow } from './flow.ts';
import { reviewApprovalsAfterTermsChange } from './approvals.flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type AccountInput = {
  name: string;
  domain?: string | null;
  industry?: string | null;
  status?: AccountStatus;
  ownerId?: string | null;
  csmId?: string | null;
};

const accountColumns = (i: Partial<AccountInput>) => ({
  ...(i.name !== undefined && { name: i.name.trim() }),
  ...(i.domain !== undefined && { domain: i.domain }),
  ...(i.industry !== undefined && { industry: i.industry }),
  ...(i.status !== undefined && { status: i.status }),
  ...(i.ownerId !== undefined && { owner_id: i.ownerId }),
  ...(i.csmId !== undefined && { csm_id: i.csmId }),
});

export const createAccount = flow(async (tx, deps, ctx: Ctx, input: AccountInput): Promise<Account> => {
  const id = newId();
  await requireOptionalRef(tx, ctx.workspaceId, 'users', input.ownerId, '/ownerId');
  await requireOptionalRef(tx, ctx.workspaceId, 'users', input.csmId, '/csmId');
  await insertAccount(tx, { id, workspace_id: ctx.workspaceId, ...accountColumns(input), name: input.name.trim() });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'account.created', entityType: 'account', entityId: id, after: input }]);
  return (await findAccount(tx, ctx.workspaceId, id))!;
});

export const updateAccount = flow(async (tx, deps, ctx: Ctx, id: string, input: Partial<AccountInput>): Promise<Account> => {
  const before = await lockAccount(tx, ctx.workspaceId, id);
  if (!before) throw notFound('account.not_found', 'Account');
  await requireOptionalRef(tx, ctx.workspaceId, 'users', input.ownerId, '/ownerId');
  await requireOptionalRef(tx, ctx.workspaceId, 'users', input.csmId, '/csmId');
  const set = accountColumns(input);
  if (Object.keys(set).length === 0) return (await findAccount(tx, ctx.workspaceId, id))!;
  await updateAccountRow(tx, ctx.workspaceId, id, set);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'account.updated', entityType: 'account', entityId: id, before: pick(before, Object.keys(set)), after: set },
  ]);
  return (await findAccount(tx, ctx.workspaceId, id))!;
});

export type ContactInput = {
  accountId: string;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  buyingRole?: BuyingRole | null;
};

export const createContact = flow(async (tx, deps, ctx: Ctx, input: ContactInput): Promise<Contact> => {
  const id = newId();
  await requireRef(tx, ctx.workspaceId, 'accounts', input.accountId, '/accountId');
  await insertContact(tx, {
    id,
    workspace_id: ctx.workspaceId,
    account_id: input.accountId,
    first_name: input.firstName.trim(),
    last_name: input.lastName.trim(),
    email: input.email ?? null,
    phone: input.phone ?? null,
    title: input.title ?? null,
    buying_role: input.buyingRole ?? null,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'contact.created', entityType: 'contact', entityId: id, after: input }]);
  return (await findContact(tx, ctx.workspaceId, id))!;
});

/** Edits a contact's name, title, e-mail, phone or buying role; the account stays. */
export const updateContact = flow(async (tx, deps, ctx: Ctx, id: string, input: Partial<Omit<ContactInput, 'accountId'>>): Promise<Contact> => {
  const before = await lockContact(tx, ctx.workspaceId, id);
  if (!before) throw notFound('contact.not_found', 'Contact');
  const set = {
    ...(input.firstName !== undefined && { first_name: input.firstName.trim() }),
    ...(input.lastName !== undefined && { last_name: input.lastName.trim() }),
    ...(input.email !== undefined && { email: input.email }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.title !== undefined && { title: input.title }),
    ...(input.buyingRole !== undefined && { buying_role: input.buyingRole }),
  };
  if (Object.keys(set).length === 0) return (await findContact(tx, ctx.workspaceId, id))!;
  await updateContactRow(tx, ctx.workspaceId, id, set);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'contact.updated', entityType: 'contact', entityId: id, before: pick(before, Object.keys(set)), after: set },
  ]);
  return (await findContact(tx, ctx.workspaceId, id))!;
});

export type OpportunityInput = {
  name: string;
  accountId: string;
  pipelineId?: string;
  stageId?: string;
  amountMinor?: number;
  currency?: string;
  closeDate?: string | null;
  dealType?: string;
  complexity?: Complexity;
  paymentTerms?: string | null;
  contractVersion?: string | null;
  nonStandardClauses?: string | null;
  ownerId?: string | null;
  primaryContactId?: string | null;
  budgetConfirmed?: boolean | undefined;
};

const opportunityColumns = (i: Partial<OpportunityInput>) => ({
  ...(i.name !== undefined && { name: i.name.trim() }),
  ...(i.amountMinor !== undefined && { amount_minor: i.amountMinor }),
  ...(i.currency !== undefined && { currency: i.currency.toUpperCase() }),
  ...(i.closeDate !== undefined && { close_date: i.closeDate }),
  ...(i.dealType !== undefined && { deal_type: i.dealType }),
  ...(i.complexity !== undefined && { complexity: i.complexity }),
  ...(i.paymentTerms !== undefined && { payment_terms: i.paymentTerms }),
  ...(i.contractVersion !== undefined && { contract_version: i.contractVersion }),
  ...(i.nonStandardClauses !== undefined && { non_standard_clauses: i.nonStandardClauses }),
  ...(i.ownerId !== undefined && { owner_id: i.ownerId }),
  ...(i.primaryContactId !== undefined && { primary_contact_id: i.primaryContactId }),
  ...(i.budgetConfirmed !== undefined && { budget_confirmed: i.budgetConfirmed }),
});

/** Creates an opportunity in an open stage (the pipeline's first by default) and emits deal.created. */
export const createOpportunity = flow(async (tx, deps, ctx: Ctx, input: OpportunityInput): Promise<Opportunity> => {
  const id = newId();
  await requireRef(tx, ctx.workspaceId, 'accounts', input.accountId, '/accountId');
  await requireOptionalRef(tx, ctx.workspaceId, 'users', input.ownerId, '/ownerId');
  await requireOptionalRef(tx, ctx.workspaceId, 'contacts', input.primaryContactId, '/primaryContactId');
  const pipelineId = input.pipelineId ?? (await findDefaultPipelineId(tx, ctx.workspaceId));
  if (!pipelineId) throw new AppError('pipeline.not_found', 'conflict', 'The workspace has no pipeline yet');
  const stages = await listStages(tx, ctx.workspaceId, pipelineId, { openPipeline: true, share: true });
  if (stages.length === 0) throw invalid([{ path: '/pipelineId', message: 'no active pipeline with this id in your workspace' }]);
  const stage = input.stageId ? stages.find((s) => s.id === input.stageId) : stages.find((s) => s.category === 'open');
  if (!stage) throw invalid([{ path: '/stageId', message: 'must be a stage of the pipeline' }]);
  if (stage.category !== 'open') throw invalid([{ path: '/stageId', message: 'a new opportunity starts in an open stage; mark it won or lost afterwards' }]);
  await insertOpportunity(tx, {
    id,
    workspace_id: ctx.workspaceId,
    account_id: input.accountId,
    pipeline_id: pipelineId,
    stage_id: stage.id,
    ...opportunityColumns(input),
    name: input.name.trim(),
  });
  await insertStageChange(tx, ctx.workspaceId, { opportunityId: id, fromStageId: null, toStageId: stage.id, actor: ctx.actor });
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'deal.created',
    subjectType: 'opportunity',
    subjectId: id,
    idempotencyKey: `deal.created:${id}`,
    payload: { opportunityId: id, name: input.name.trim(), stageId: stage.id },
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'opportunity.created', entityType: 'opportunity', entityId: id, after: input }]);
  return (await findOpportunity(tx, ctx.workspaceId, id))!;
});

/** Field names in events and rules for the opportunity's columns. */
const fieldNames: Record<string, string> = {
  name: 'name',
  amount_minor: 'amountMinor',
  currency: 'currency',
  close_date: 'closeDate',
  deal_type: 'dealType',
  complexity: 'complexity',
  payment_terms: 'paymentTerms',
  contract_version: 'contractVersion',
  non_standard_clauses: 'nonStandardClauses',
  owner_id: 'ownerId',
  primary_contact_id: 'primaryContactId',
  budget_confirmed: 'budgetConfirmed',
};

/** Edits an opportunity; each field that really changed emits deal.field_changed (rules can follow up). */
export const updateOpportunity = flow(
  async (
    tx,
    deps,
    ctx: Ctx,
    id: string,
    input: Partial<Omit<OpportunityInput, 'accountId' | 'pipelineId' | 'stageId'>> & {
      customFields?: Record<string, string | number | boolean | null> | undefined;
    },
    options: { approvalsReviewedByCaller?: boolean } = {},
  ): Promise<Opportunity> => {
    const before = await lockOpportunity(tx, ctx.workspaceId, id);
    if (!before) throw notFound('opportunity.not_found', 'Opportunity');
    await requireOptionalRef(tx, ctx.workspaceId, 'users', input.ownerId, '/ownerId');
    await requireOptionalRef(tx, ctx.workspaceId, 'contacts', input.primaryContactId, '/primaryContactId');
    const columns = opportunityColumns(input) as Record<string, unknown>;
    const set = Object.fromEntries(Object.entries(columns).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v));
    const customBefore = (before.custom_fields ?? {}) as Record<string, unknown>;
    const custom = Object.fromEntries(Object.entries(input.customFields ?? {}).filter(([k, v]) => (customBefore[k] ?? null) !== v));
    if (Object.keys(set).length === 0 && Object.keys(custom).length === 0) return (await findOpportunity(tx, ctx.workspaceId, id))!;
    const merged = Object.fromEntries(Object.entries({ ...customBefore, ...custom }).filter(([, v]) => v !== null));
    await updateOpportunityRow(tx, ctx.workspaceId, id, { ...set, ...(Object.keys(custom).length > 0 && { custom_fields: JSON.stringify(merged) }) });
    const changes = [
      ...Object.keys(set).map((k) => ({ field: fieldNames[k] ?? k, from: (before as Record<string, unknown>)[k] ?? null, to: set[k] ?? null })),
      ...Object.keys(custom).map((k) => ({ field: `custom.${k}`, from: customBefore[k] ?? null, to: custom[k] ?? null })),
    ];
    // What finance and legal approved changed: their decided requests reopen (the terms flow does it once itself).
    if (!options.approvalsReviewedByCaller && ['amount_minor', 'currency', 'payment_terms', 'contract_version'].some((k) => k in set))
      await reviewApprovalsAfterTermsChange(tx, { ...ctx, now: deps.now() }, id);
    for (const change of changes) {
      await enqueueEvent(tx, ctx.workspaceId, {
        type: 'deal.field_changed',
        subjectType: 'opportunity',
        subjectId: id,
        idempotencyKey: `deal.field_changed:${newId()}`,
        payload: { opportunityId: id, name: before.name, ...change, actor: ctx.actor.label, depth: eventDepth(ctx.actor) },
      });
    }
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      {
        action: 'opportunity.updated',
        entityType: 'opportunity',
        entityId: id,
        before: Object.fromEntries(changes.map((c) => [c.field, c.from])),
        after: Object.fromEntries(changes.map((c) => [c.field, c.to])),
      },
    ]);
    return (await findOpportunity(tx, ctx.workspaceId, id))!;
  },
);

/** Moves an open deal to another open stage; won and lost have their own actions. */
export const changeStage = flow(async (tx, deps, ctx: Ctx, id: string, stageId: string): Promise<Opportunity> => {
  const row = await lockOpportunity(tx, ctx.workspaceId, id);
  if (!row) throw notFound('opportunity.not_found', 'Opportunity');
  const stages = await listStages(tx, ctx.workspaceId, row.pipeline_id, { share: true });
  const move = moveStage({ id: row.id, name: row.name, stageId: row.stage_id, closeDate: row.close_date, accountId: row.account_id }, stages, stageId);
  if (!move) return (await findOpportunity(tx, ctx.workspaceId, id))!;
  await moveOpportunityStage(tx, ctx.workspaceId, id, { stageId: move.toStage.id });
  const changeId = await insertStageChange(tx, ctx.workspaceId, {
    opportunityId: id,
    fromStageId: move.fromStage.id,
    toStageId: move.toStage.id,
    actor: ctx.actor,
  });
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'deal.stage_changed',
    subjectType: 'opportunity',
    subjectId: id,
    idempotencyKey: `deal.stage_changed:${changeId}`,
    payload: { opportunityId: id, name: row.name, fromStageId: move.fromStage.id, toStageId: move.toStage.id, category: move.toStage.category },
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'opportunity.stage_changed',
      entityType: 'opportunity',
      entityId: id,
      before: { stageId: move.fromStage.id, stage: move.fromStage.name },
      after: { stageId: move.toStage.id, stage: move.toStage.name },
    },
  ]);
  return (await findOpportunity(tx, ctx.workspaceId, id))!;
});

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]]));
}

/** Makes the deal's account an active client (a rule's action; a win does it too). False when it already was. */
export async function activateClient(
  tx: Tx,
  input: { workspaceId: string; account: { id: string; name: string; status: string }; actor: Actor },
): Promise<boolean> {
  const changed = await activateAccount(tx, input.workspaceId, input.account.id);
  if (changed) {
    await recordAudit(tx, input.workspaceId, input.actor, [
      { action: 'account.activated', entityType: 'account', entityId: input.account.id, before: { status: input.account.status }, after: { status: 'active' } },
    ]);
  }
  return changed;
}

const settableColumns: Record<SettableDealField, { column: SettableColumn; values?: readonly string[] }> = {
  dealType: { column: 'deal_type' },
  complexity: { column: 'complexity', values: complexities },
  paymentTerms: { column: 'payment_terms' },
  contractVersion: { column: 'contract_version' },
};

/**
 * Sets one field of a deal for a rule (dealType, complexity, paymentTerms, contractVersion or custom.<key>) and emits
 * deal.field_changed under the step's key, so a retried step changes and announces it once.
 */
export async function setDealField(
  tx: Tx,
  input: { workspaceId: string; opportunityId: string; field: string; value: string | number | boolean; actor: Actor; key: string; runId: string | null },
): Promise<{ changed: boolean; before: unknown }> {
  const { workspaceId, field, value } = input;
  const row = await lockOpportunity(tx, workspaceId, input.opportunityId);
  if (!row) throw notFound('opportunity.not_found', 'Opportunity');
  let before: unknown;
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    before = (row.custom_fields as Record<string, unknown>)[key];
    if (JSON.stringify(before) === JSON.stringify(value)) return { changed: false, before };
    await setOpportunityCustomField(tx, workspaceId, row.id, key, value);
  } else {
    const spec = settableColumns[field as SettableDealField];
    if (!spec) throw new AppError('action.failed', 'invalid', `${field} is not a field a rule may set`);
    if (spec.values && !spec.values.includes(String(value)))
      throw new AppError('action.failed', 'invalid', `${field} must be one of ${spec.values.join(', ')}`);
    before = row[spec.column];
    if (before === String(value)) return { changed: false, before };
    await setOpportunityColumn(tx, workspaceId, row.id, spec.column, String(value));
  }
  await enqueueEvent(tx, workspaceId, {
    type: 'deal.field_changed',
    subjectType: 'opportunity',
    subjectId: row.id,
    idempotencyKey: `deal.field_changed:${input.key}`,
    payload: {
      opportunityId: row.id,
      name: row.name,
      field,
      from: before ?? null,
      to: value,
      depth: eventDepth(input.actor),
      ...(input.runId && { runId: input.runId }),
    },
  });
  await recordAudit(tx, workspaceId, input.actor, [
    { action: 'opportunity.updated', entityType: 'opportunity', entityId: row.id, before: { [field]: before ?? null }, after: { [field]: value } },
  ]);
  return { changed: true, before };
}
