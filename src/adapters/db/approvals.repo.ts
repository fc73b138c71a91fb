// Approval policies, requests (one per deal and policy), their approvers per step and round, and delegations.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ApprovalSnapshot, ApprovalStep, ContextKind, RequestStatus } from '../../domain/approvals.ts';
import type { Condition } from '../../domain/rules/conditions.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';
import type { Row } from './schema.ts';
import { scoped } from './scope.ts';

// ---------------------------------------------------------------------------------------------------------------
// Policies

export type ApprovalPolicy = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  context: ContextKind[];
  condition: Condition | null;
  steps: ApprovalStep[];
  slaHours: number;
  version: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
};

const toPolicy = (r: Row<'approval_policies'>): ApprovalPolicy => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  context: r.context as ContextKind[],
  condition: (r.condition as Condition | null) ?? null,
  steps: r.steps as ApprovalStep[],
  slaHours: r.sla_hours,
  version: r.version,
  archived: r.archived_at !== null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export type PolicyValues = {
  name: string;
  description: string | null;
  context: ContextKind[];
  condition: Condition | null;
  steps: ApprovalStep[];
  slaHours: number;
};

/** Inserts a policy; undefined when its key is taken in the workspace. */
export async function insertPolicy(tx: Tx, workspaceId: string, key: string, values: PolicyValues): Promise<string | undefined> {
  const row = await tx
    .insertInto('approval_policies')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      key,
      name: values.name,
      description: values.description,
      context: values.context,
      condition: values.condition ? JSON.stringify(values.condition) : null,
      steps: JSON.stringify(values.steps),
      sla_hours: values.slaHours,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findPolicy(db: DbOrTx, workspaceId: string, id: string): Promise<ApprovalPolicy | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('approval_policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPolicy(row);
}

export async function findPolicyByKey(db: DbOrTx, workspaceId: string, key: string): Promise<ApprovalPolicy | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('approval_policies').selectAll().where('key', '=', key).executeTakeFirst();
  return row && toPolicy(row);
}

export async function lockPolicy(tx: Tx, workspaceId: string, id: string): Promise<ApprovalPolicy | undefined> {
  const row = await scoped(tx, workspaceId).selectFrom('approval_policies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toPolicy(row);
}

export async function listPolicies(db: DbOrTx, workspaceId: string, options: { archived?: boolean | undefined } = {}): Promise<ApprovalPolicy[]> {
  let q = scoped(db, workspaceId).selectFrom('approval_policies').selectAll();
  if (!options.archived) q = q.where('archived_at', 'is', null);
  return (await q.orderBy('name').orderBy('id').execute()).map(toPolicy);
}

export async function updatePolicyRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  values: Partial<PolicyValues> & { archived?: boolean; version?: number },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('approval_policies')
    .set({
      ...(values.name !== undefined && { name: values.name }),
      ...(values.description !== undefined && { description: values.description }),
      ...(values.context !== undefined && { context: values.context }),
      ...(values.condition !== undefined && { condition: values.condition ? JSON.stringify(values.condition) : null }),
      ...(values.steps !== undefined && { steps: JSON.stringify(values.steps) }),
      ...(values.slaHours !== undefined && { sla_hours: values.slaHours }),
      ...(values.version !== undefined && { version: values.version }),
      ...(values.archived !== undefined && { archived_at: values.archived ? sql<Date>`now()` : null }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

export type RequestRow = Row<'approval_requests'>;

export type NewRequest = {
  policyId: string;
  opportunityId: string;
  policyVersion: number;
  steps: ApprovalStep[];
  snapshot: ApprovalSnapshot;
  slaHours: number;
  stepStartedAt: Date;
  remindAt: Date;
  escalateAt: Date;
};

/** Inserts the deal's request for a policy; undefined when it has one (the unique index decides, under any concurrency). */
export async function insertRequest(tx: Tx, workspaceId: string, r: NewRequest): Promise<string | undefined> {
  const row = await tx
    .insertInto('approval_requests')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      policy_id: r.policyId,
      opportunity_id: r.opportunityId,
      policy_version: r.policyVersion,
      steps: JSON.stringify(r.steps),
      snapshot: JSON.stringify(r.snapshot),
      sla_hours: r.slaHours,
      step_started_at: r.stepStartedAt,
      remind_at: r.remindAt,
      escalate_at: r.escalateAt,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'policy_id', 'opportunity_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function lockRequest(tx: Tx, workspaceId: string, id: string): Promise<RequestRow | undefined> {
  return scoped(tx, workspaceId).selectFrom('approval_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The deal's request for a policy, locked (the caller holds the deal's lock: deal, then its requests). */
export async function lockDealPolicyRequest(tx: Tx, workspaceId: string, opportunityId: string, policyId: string): Promise<RequestRow | undefined> {
  return scoped(tx, workspaceId)
    .selectFrom('approval_requests')
    .selectAll()
    .where('opportunity_id', '=', opportunityId)
    .where('policy_id', '=', policyId)
    .forUpdate()
    .executeTakeFirst();
}

/** The deal's requests, locked (the caller holds the deal's lock: deal, then its requests). */
export async function lockDealRequests(tx: Tx, workspaceId: string, opportunityId: string): Promise<RequestRow[]> {
  return scoped(tx, workspaceId).selectFrom('approval_requests').selectAll().where('opportunity_id', '=', opportunityId).orderBy('id').forUpdate().execute();
}

export async function updateRequestRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  values: {
    status?: RequestStatus;
    round?: number;
    step?: number;
    steps?: ApprovalStep[];
    snapshot?: ApprovalSnapshot;
    policyVersion?: number;
    slaHours?: number;
    stepStartedAt?: Date;
    remindAt?: Date | null;
    escalateAt?: Date | null;
    remindedAt?: Date | null;
    escalatedAt?: Date | null;
    decidedAt?: Date | null;
    decisionComment?: string | null;
  },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('approval_requests')
    .set({
      ...(values.status !== undefined && { status: values.status }),
      ...(values.round !== undefined && { round: values.round }),
      ...(values.step !== undefined && { step: values.step }),
      ...(values.steps !== undefined && { steps: JSON.stringify(values.steps) }),
      ...(values.snapshot !== undefined && { snapshot: JSON.stringify(values.snapshot) }),
      ...(values.policyVersion !== undefined && { policy_version: values.policyVersion }),
      ...(values.slaHours !== undefined && { sla_hours: values.slaHours }),
      ...(values.stepStartedAt !== undefined && { step_started_at: values.stepStartedAt }),
      ...(values.remindAt !== undefined && { remind_at: values.remindAt }),
      ...(values.escalateAt !== undefined && { escalate_at: values.escalateAt }),
      ...(values.remindedAt !== undefined && { reminded_at: values.remindedAt }),
      ...(values.escalatedAt !== undefined && { escalated_at: values.escalatedAt }),
      ...(values.decidedAt !== undefined && { decided_at: values.decidedAt }),
      ...(values.decisionComment !== undefined && { decision_comment: values.decisionComment }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** The pending or rejected requests of a deal, with their policy's name: what holds the sending of its documents. */
export async function listHoldingRequests(
  db: DbOrTx,
  workspaceId: string,
  opportunityId: string,
): Promise<{ id: string; status: string; policyKey: string; policyName: string }[]> {
  return scoped(db, workspaceId)
    .selectFrom('approval_requests as r')
    .innerJoin('approval_policies as p', 'p.id', 'r.policy_id')
    .select(['r.id', 'r.status', 'p.key as policyKey', 'p.name as policyName'])
    .where('r.opportunity_id', '=', opportunityId)
    .where('r.status', 'in', ['pending', 'rejected'])
    .orderBy('r.id')
    .execute();
}

/** Requests whose reminder (or escalation) is due at `now`, locked for the caller to act on, across workspaces. */
export async function lockDueRequests(tx: Tx, now: Date, what: 'remind' | 'escalate', limit: number): Promise<RequestRow[]> {
  let q = tx.selectFrom('approval_requests').selectAll().where('status', '=', 'pending');
  q =
    what === 'remind' ? q.where('reminded_at', 'is', null).where('remind_at', '<=', now) : q.where('escalated_at', 'is', null).where('escalate_at', '<=', now);
  return q
    .orderBy(what === 'remind' ? 'remind_at' : 'escalate_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Approvers

export type Assignment = {
  id: string;
  round: number;
  step: number;
  userId: string;
  delegateId: string | null;
  escalatedTo: string[];
  decision: 'approved' | 'rejected' | null;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
};

const toAssignment = (r: Row<'approval_assignments'>): Assignment => ({
  id: r.id,
  round: r.round,
  step: r.step,
  userId: r.user_id,
  delegateId: r.delegate_id,
  escalatedTo: r.escalated_to,
  decision: r.decision as Assignment['decision'],
  comment: r.comment,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at?.toISOString() ?? null,
});

export async function insertAssignments(
  tx: Tx,
  workspaceId: string,
  requestId: string,
  round: number,
  step: number,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insertInto('approval_assignments')
    .values(userIds.map((userId) => ({ id: newId(), workspace_id: workspaceId, request_id: requestId, round, step, user_id: userId })))
    .onConflict((oc) => oc.columns(['request_id', 'round', 'step', 'user_id']).doNothing())
    .execute();
}

/** A request's approvers, every round and step (oldest first), or only those of one round and step. */
export async function listAssignments(db: DbOrTx, workspaceId: string, requestId: string, at?: { round: number; step: number }): Promise<Assignment[]> {
  let q = scoped(db, workspaceId).selectFrom('approval_assignments').selectAll().where('request_id', '=', requestId);
  if (at) q = q.where('round', '=', at.round).where('step', '=', at.step);
  return (await q.orderBy('round').orderBy('step').orderBy('created_at').orderBy('id').execute()).map(toAssignment);
}

export async function decideAssignments(
  tx: Tx,
  workspaceId: string,
  ids: readonly string[],
  d: { decision: 'approved' | 'rejected'; comment: string | null; by: string; at: Date },
): Promise<void> {
  if (ids.length === 0) return;
  await scoped(tx, workspaceId)
    .updateTable('approval_assignments')
    .set({ decision: d.decision, comment: d.comment, decided_by: d.by, decided_at: d.at })
    .where('id', 'in', ids)
    .where('decision', 'is', null)
    .execute();
}

export async function setAssignmentDelegate(tx: Tx, workspaceId: string, ids: readonly string[], delegateId: string): Promise<void> {
  if (ids.length === 0) return;
  await scoped(tx, workspaceId).updateTable('approval_assignments').set({ delegate_id: delegateId }).where('id', 'in', ids).execute();
}

export async function addEscalation(tx: Tx, workspaceId: string, id: string, userIds: readonly string[]): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('approval_assignments')
    .set({ escalated_to: sql<string[]>`(select array(select distinct unnest(escalated_to || ${sql.val(userIds)}::uuid[])))` })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Delegations and who acts for whom

export async function insertDelegation(
  tx: Tx,
  workspaceId: string,
  d: { fromUserId: string; toUserId: string; startsAt: Date; endsAt: Date },
): Promise<string> {
  const id = newId();
  await tx
    .insertInto('approval_delegations')
    .values({ id, workspace_id: workspaceId, from_user_id: d.fromUserId, to_user_id: d.toUserId, starts_at: d.startsAt, ends_at: d.endsAt })
    .execute();
  return id;
}

/** Who stands in for each of `userIds` at `now` (delegations for a period), as from -> [to]. */
export async function activeDelegates(db: DbOrTx, workspaceId: string, userIds: readonly string[], now: Date): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await scoped(db, workspaceId)
    .selectFrom('approval_delegations')
    .select(['from_user_id', 'to_user_id'])
    .where('from_user_id', 'in', userIds)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .execute();
  for (const r of rows) out.set(r.from_user_id, [...(out.get(r.from_user_id) ?? []), r.to_user_id]);
  return out;
}

/** People's managers (id -> manager id), for the deal owner's manager and escalations. */
export async function findManagers(db: DbOrTx, workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await scoped(db, workspaceId)
    .selectFrom('users as u')
    .innerJoin('users as m', 'm.id', 'u.manager_id')
    .select(['u.id', 'u.manager_id'])
    .where('u.id', 'in', userIds)
    .where('m.active', '=', true)
    .execute();
  return new Map(rows.map((r) => [r.id, r.manager_id!]));
}

export async function setManager(tx: Tx, workspaceId: string, userId: string, managerId: string | null): Promise<void> {
  await scoped(tx, workspaceId).updateTable('users').set({ manager_id: managerId }).where('id', '=', userId).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// The inbox

export type InboxItem = {
  id: string;
  status: RequestStatus;
  policy: { id: string; key: string; name: string };
  opportunity: { id: string; name: string };
  round: number;
  step: number;
  stepName: string;
  snapshot: ApprovalSnapshot;
  /** The caller may approve, reject or delegate now. */
  actionable: boolean;
  remindAt: string | null;
  escalateAt: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  createdAt: string;
  updatedAt: string;
};

/**
 * The requests a person is part of: `pending` those waiting on them now (their own approval, one delegated to them
 * for the request or for a period covering `now`, or one escalated to them); `decided` the rest they took part in.
 */
export async function listInbox(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  now: Date,
  filter: { status: 'pending' | 'decided' | 'all'; cursor?: string | undefined; limit: number },
): Promise<Page<InboxItem>> {
  const me = sql.val(userId);
  const actsFor = (alias: string): Expression<SqlBool> =>
    sql<boolean>`(${sql.ref(`${alias}.user_id`)} = ${me} or ${sql.ref(`${alias}.delegate_id`)} = ${me} or ${me} = any(${sql.ref(`${alias}.escalated_to`)})
      or exists (select 1 from approval_delegations d where d.workspace_id = ${workspaceId} and d.from_user_id = ${sql.ref(`${alias}.user_id`)}
        and d.to_user_id = ${me} and d.starts_at <= ${now} and d.ends_at > ${now}))`;
  const waitingOnMe = sql<boolean>`(r.status = 'pending' and exists (select 1 from approval_assignments a where a.workspace_id = ${workspaceId}
    and a.request_id = r.id and a.round = r.round and a.step = r.step and a.decision is null and ${actsFor('a')}))`;
  const tookPart = sql<boolean>`exists (select 1 from approval_assignments a where a.workspace_id = ${workspaceId} and a.request_id = r.id
    and (${actsFor('a')} or a.decided_by = ${me}))`;
  let q = scoped(db, workspaceId)
    .selectFrom('approval_requests as r')
    .innerJoin('approval_policies as p', 'p.id', 'r.policy_id')
    .innerJoin('opportunities as o', 'o.id', 'r.opportunity_id')
    .selectAll('r')
    .select(['p.key as policy_key', 'p.name as policy_name', 'o.name as opportunity_name', waitingOnMe.as('actionable')]);
  if (filter.status === 'pending') q = q.where(waitingOnMe);
  else if (filter.status === 'decided') q = q.where(tookPart).where(sql<boolean>`not ${waitingOnMe}`);
  else q = q.where(tookPart);
  if (filter.cursor) q = q.where('r.id', '<', filter.cursor);
  const rows = await q
    .orderBy('r.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => {
    const steps = r.steps as ApprovalStep[];
    return {
      id: r.id,
      status: r.status as RequestStatus,
      policy: { id: r.policy_id, key: r.policy_key, name: r.policy_name },
      opportunity: { id: r.opportunity_id, name: r.opportunity_name },
      round: r.round,
      step: r.step,
      stepName: steps[r.step]?.name ?? '',
      snapshot: r.snapshot as ApprovalSnapshot,
      actionable: !!r.actionable,
      remindAt: r.remind_at?.toISOString() ?? null,
      escalateAt: r.escalate_at?.toISOString() ?? null,
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionComment: r.decision_comment,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  });
}

/** One request with its policy and deal names (undefined when not in the workspace). */
export async function findRequestView(db: DbOrTx, workspaceId: string, id: string) {
  return scoped(db, workspaceId)
    .selectFrom('approval_requests as r')
    .innerJoin('approval_policies as p', 'p.id', 'r.policy_id')
    .innerJoin('opportunities as o', 'o.id', 'r.opportunity_id')
    .selectAll('r')
    .select(['p.key as policy_key', 'p.name as policy_name', 'o.name as opportunity_name', 'o.owner_id as opportunity_owner_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** A deal's requests, for the deal page and tests. */
export async function listDealRequestIds(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<{ id: string; policyId: string; status: string }[]> {
  return (
    await scoped(db, workspaceId)
      .selectFrom('approval_requests')
      .select(['id', 'policy_id', 'status'])
      .where('opportunity_id', '=', opportunityId)
      .orderBy('id')
      .execute()
  ).map((r) => ({ id: r.id, policyId: r.policy_id, status: r.status }));
}
