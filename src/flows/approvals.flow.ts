// Finance and legal approvals: policies (a condition over the deal and its terms, a chain of steps), one request per
// deal and policy with its frozen context, decisions step by step, delegation, reminders and escalation after the
// SLA, and reopening when the deal's terms change after a decision.
//
// Where requests come from: a deal.won event (engine/handlers.ts runs requestApprovals in the transaction that
// delivers it) and every change of a deal's terms (updateDealTerms calls reviewApprovalsAfterTermsChange in its own
// transaction, so a document cannot be sent between the change and the reopened request).
import { eventDepth, type Actor } from '../domain/actor.ts';
import {
  checkSteps,
  deadlines,
  resolveApprovers,
  stepOutcome,
  takeSnapshot,
  termsDiffer,
  termsFacts,
  termsFields,
  termsLists,
  type ApprovalSnapshot,
  type ApprovalStep,
  type ContextKind,
  type RequestStatus,
} from '../domain/approvals.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import type { NewEvent } from '../domain/events.ts';
import { checkCondition, describeCondition, evaluate, type Condition } from '../domain/rules/conditions.ts';
import { checkRuleReferences } from '../domain/rules/references.ts';
import {
  activeDelegates,
  addEscalation,
  decideAssignments,
  findManagers,
  findPolicy,
  findRequestView,
  insertAssignments,
  insertDelegation,
  insertPolicy,
  insertRequest,
  listAssignments,
  listHoldingRequests,
  listPolicies,
  lockDealRequests,
  lockDueRequests,
  lockPolicy,
  lockRequest,
  setAssignmentDelegate,
  setManager,
  updatePolicyRow,
  updateRequestRow,
  type ApprovalPolicy,
  type Assignment,
  type RequestRow,
} from '../adapters/db/approvals.repo.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Db, DbOrTx, Tx } from '../adapters/db/database.ts';
import { loadDealFacts } from '../adapters/db/deal-facts.repo.ts';
import { findDealTerms } from '../adapters/db/deal-terms.repo.ts';
import { insertNotifications } from '../adapters/db/notifications.repo.ts';
import { enqueueEvents } from '../adapters/db/outbox.repo.ts';
import { noteRunsWaitingFor, resumeRunsWaitingFor } from '../adapters/db/rules.repo.ts';
import { workspaceConfig, type WorkspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import { loadRuleReferences } from './rule-references.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };
/** A person deciding: approvals belong to people, not API tokens. */
type PersonCtx = Ctx & { userId: string; now: Date };

export type { ApprovalPolicy };

// ---------------------------------------------------------------------------------------------------------------
// Policies

export type PolicyInput = {
  key: string;
  name: string;
  description?: string | null | undefined;
  context?: ContextKind[] | undefined;
  condition?: Condition | null | undefined;
  steps: ApprovalStep[];
  slaHours?: number | undefined;
};
export type PolicyPatch = Partial<Omit<PolicyInput, 'key'>>;

/** The condition's shape, the fields it reads (deal facts and the terms), and the steps' approvers, each at its path. */
async function policyIssues(db: DbOrTx, workspaceId: string, input: { condition?: unknown; steps?: ApprovalStep[] | undefined }): Promise<FieldIssue[]> {
  const shape = checkCondition(input.condition ?? undefined, 'condition').map((i) => ({
    path: `body:/${i.path.replace(/\./g, '/').replace(/\[(\d+)\]/g, '/$1')}`,
    message: i.message,
  }));
  if (shape.length > 0) return shape;
  const refs = await loadRuleReferences(db, workspaceId);
  const catalog = { fields: [...refs.catalog.fields, ...termsFields], lists: [...refs.catalog.lists, ...termsLists] };
  return [
    ...checkRuleReferences({ condition: input.condition, actions: [] }, { ...refs, catalog }, 'body:'),
    ...(input.steps ? checkSteps(input.steps, refs) : []),
  ];
}

const cleanSteps = (steps: ApprovalStep[]): ApprovalStep[] => steps.map((s) => ({ name: s.name.trim(), mode: s.mode, approvers: s.approvers }));

/** Adds an approval policy; deals matching it from now on (when won, or when their terms change) get a request. */
export const createApprovalPolicy = flow(async (tx, _deps, ctx: Ctx, input: PolicyInput): Promise<ApprovalPolicy> => {
  const issues = await policyIssues(tx, ctx.workspaceId, input);
  if (issues.length > 0) throw invalid(issues, 'This approval policy cannot be saved');
  const id = await insertPolicy(tx, ctx.workspaceId, input.key, {
    name: input.name.trim(),
    description: input.description?.trim() || null,
    context: [...new Set<ContextKind>(input.context ?? ['finance', 'legal'])],
    condition: input.condition ?? null,
    steps: cleanSteps(input.steps),
    slaHours: input.slaHours ?? 8,
  });
  if (!id)
    throw new AppError('approval_policy.key_taken', 'conflict', `An approval policy with key "${input.key}" exists`, {
      fields: [{ path: 'body:/key', message: 'is taken' }],
    });
  const policy = (await findPolicy(tx, ctx.workspaceId, id))!;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'approval_policy.created', entityType: 'approval_policy', entityId: id, after: policy }]);
  return policy;
});

/** Changes a policy (a new version: requests already made keep the chain they started with); archiving stops new requests. */
export const updateApprovalPolicy = flow(async (tx, _deps, ctx: Ctx, id: string, patch: PolicyPatch & { archived?: boolean | undefined }) => {
  const before = await lockPolicy(tx, ctx.workspaceId, id);
  if (!before) throw notFound('approval_policy.not_found', 'Approval policy');
  const issues = await policyIssues(tx, ctx.workspaceId, patch);
  if (issues.length > 0) throw invalid(issues, 'This approval policy cannot be saved');
  const changesRules = patch.condition !== undefined || patch.steps !== undefined || patch.context !== undefined || patch.slaHours !== undefined;
  await updatePolicyRow(tx, ctx.workspaceId, id, {
    ...(patch.name !== undefined && { name: patch.name.trim() }),
    ...(patch.description !== undefined && { description: patch.description?.trim() || null }),
    ...(patch.context !== undefined && { context: [...new Set(patch.context)] }),
    ...(patch.condition !== undefined && { condition: patch.condition }),
    ...(patch.steps !== undefined && { steps: cleanSteps(patch.steps) }),
    ...(patch.slaHours !== undefined && { slaHours: patch.slaHours }),
    ...(patch.archived !== undefined && { archived: patch.archived }),
    ...(changesRules && { version: before.version + 1 }),
  });
  const after = (await findPolicy(tx, ctx.workspaceId, id))!;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'approval_policy.updated', entityType: 'approval_policy', entityId: id, before, after }]);
  return after;
});

export async function getApprovalPolicy(db: DbOrTx, workspaceId: string, id: string): Promise<ApprovalPolicy> {
  const policy = await findPolicy(db, workspaceId, id);
  if (!policy) throw notFound('approval_policy.not_found', 'Approval policy');
  return policy;
}

export { listPolicies as listApprovalPolicies };

// ---------------------------------------------------------------------------------------------------------------
// Requests

type DealState = { facts: DealFacts; terms: NonNullable<Awaited<ReturnType<typeof findDealTerms>>>; config: WorkspaceConfig };

async function dealState(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<DealState | undefined> {
  const facts = await loadDealFacts(db, workspaceId, opportunityId);
  const terms = await findDealTerms(db, workspaceId, opportunityId);
  if (!facts || !terms) return undefined;
  return { facts, terms, config: await workspaceConfig(db, workspaceId, facts.workspace.configVersion) };
}

const matches = (policy: ApprovalPolicy, s: DealState) => evaluate(policy.condition, { ...s.facts, terms: termsFacts(s.terms) });
const snapshotFor = (policy: ApprovalPolicy, s: DealState, now: Date): ApprovalSnapshot =>
  takeSnapshot(policy.context, s.facts, s.terms, describeCondition(policy.condition), now);

/** The people a step means for the deal; nobody resolves (an empty role, no manager): the workspace's admins, so it never hangs. */
async function approversOf(db: DbOrTx, workspaceId: string, step: ApprovalStep, s: DealState): Promise<string[]> {
  const people = [...s.config.people.values()].filter((p) => p.active).sort((a, b) => a.name.localeCompare(b.name));
  const owner = s.facts.deal.ownerId;
  const managers = owner ? await findManagers(db, workspaceId, [owner]) : new Map<string, string>();
  const ids = resolveApprovers(step, {
    byRole: (role) => people.filter((p) => p.role === role).map((p) => p.id),
    byTeam: (team) => (s.config.roster.find((r) => r.key === team)?.members ?? []).map((m) => m.userId).filter((id) => people.some((p) => p.id === id)),
    isActive: (id) => people.some((p) => p.id === id),
    ownerManager: (owner && managers.get(owner)) || null,
  });
  return ids.length > 0 ? ids : people.filter((p) => p.role === 'admin').map((p) => p.id);
}

type Note = { kind: string; title: string; body: string; key: string };

async function tell(tx: Tx, workspaceId: string, userIds: readonly string[], opportunityId: string, note: Note): Promise<void> {
  await insertNotifications(
    tx,
    workspaceId,
    [...new Set(userIds)].map((userId) => ({
      userId,
      kind: note.kind,
      title: note.title,
      body: note.body,
      subjectType: 'opportunity',
      subjectId: opportunityId,
      eventId: null,
      originRunId: null,
      originKey: `${note.key}:${userId}`,
    })),
  );
}

const approvalEvent = (
  r: { id: string; opportunity_id: string; round: number },
  policy: Pick<ApprovalPolicy, 'id' | 'key' | 'name'>,
  actor: Actor,
  rest:
    | { type: 'approval.requested'; reopened: boolean; approvers: string[] }
    | { type: 'approval.decided'; outcome: 'approved' | 'rejected'; comment: string | null },
): NewEvent => {
  const base = {
    opportunityId: r.opportunity_id,
    requestId: r.id,
    policyId: policy.id,
    policyKey: policy.key,
    policyName: policy.name,
    round: r.round,
    depth: eventDepth(actor),
  };
  return rest.type === 'approval.requested'
    ? {
        type: 'approval.requested',
        subjectType: 'opportunity',
        subjectId: r.opportunity_id,
        idempotencyKey: `approval.requested:${r.id}:${r.round}`,
        payload: { ...base, reopened: rest.reopened, approvers: rest.approvers },
      }
    : {
        type: 'approval.decided',
        subjectType: 'opportunity',
        subjectId: r.opportunity_id,
        idempotencyKey: `approval.decided:${r.id}:${r.round}`,
        payload: { ...base, outcome: rest.outcome, comment: rest.comment, actor: actor.label },
      };
};

/** Starts a step of a request's round: its approvers, its deadlines, and a notification to each approver. */
async function startStep(
  tx: Tx,
  workspaceId: string,
  r: { id: string; opportunity_id: string; round: number },
  steps: ApprovalStep[],
  step: number,
  s: DealState,
  policy: ApprovalPolicy,
  now: Date,
) {
  const approvers = await approversOf(tx, workspaceId, steps[step]!, s);
  await insertAssignments(tx, workspaceId, r.id, r.round, step, approvers);
  const due = deadlines(now, policy.slaHours, s.config.calendar);
  await updateRequestRow(tx, workspaceId, r.id, {
    step,
    stepStartedAt: now,
    remindAt: due.remindAt,
    escalateAt: due.escalateAt,
    remindedAt: null,
    escalatedAt: null,
  });
  await tell(tx, workspaceId, approvers, r.opportunity_id, {
    kind: 'approval.requested',
    title: `${policy.name}: ${s.facts.deal.name} waits for your approval`,
    body: `${steps[step]!.name} (${steps[step]!.mode === 'all' ? 'every approver' : 'any one approver'}). Why: ${describeCondition(policy.condition)}.`,
    key: `approval:${r.id}:${r.round}:${step}:requested`,
  });
  return approvers;
}

/**
 * Requests the approvals a deal needs now: one per active policy whose condition its facts and terms meet, never a
 * second (the unique index decides, so concurrent triggers make one request and one event). Returns the new ids.
 */
export async function requestApprovals(
  tx: Tx,
  ctx: Ctx & { now: Date },
  opportunityId: string,
  state?: DealState,
  only?: { policy: ApprovalPolicy },
): Promise<string[]> {
  const policies = only ? [only.policy] : await listPolicies(tx, ctx.workspaceId);
  if (policies.length === 0) return [];
  const s = state ?? (await dealState(tx, ctx.workspaceId, opportunityId));
  if (!s) return [];
  const made: string[] = [];
  for (const policy of policies) {
    // A rule asking for one policy by name has decided with its own condition.
    if (!only && !matches(policy, s)) continue;
    const due = deadlines(ctx.now, policy.slaHours, s.config.calendar);
    const id = await insertRequest(tx, ctx.workspaceId, {
      policyId: policy.id,
      opportunityId,
      policyVersion: policy.version,
      steps: policy.steps,
      snapshot: snapshotFor(policy, s, ctx.now),
      slaHours: policy.slaHours,
      stepStartedAt: ctx.now,
      remindAt: due.remindAt,
      escalateAt: due.escalateAt,
    });
    if (!id) continue;
    const r = { id, opportunity_id: opportunityId, round: 1 };
    const approvers = await startStep(tx, ctx.workspaceId, r, policy.steps, 0, s, policy, ctx.now);
    await enqueueEvents(tx, ctx.workspaceId, [approvalEvent(r, policy, ctx.actor, { type: 'approval.requested', reopened: false, approvers })]);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'approval.requested', entityType: 'approval_request', entityId: id, after: { policy: policy.key, opportunityId, approvers } },
    ]);
    made.push(id);
  }
  return made;
}

/** requestApprovals in a transaction of its own (a trigger repeated by a person, a script, a test). */
export const requestApprovalsFor = flow(async (tx, _deps, ctx: Ctx & { now: Date }, opportunityId: string) => requestApprovals(tx, ctx, opportunityId));

/**
 * After a deal's terms changed (the caller holds the deal's lock): a decided request whose frozen terms differ opens
 * again (a new round from the first step, a new snapshot, its approvers told); a pending one restarts on the new
 * terms; a request whose policy no longer applies is withdrawn unless approved (and reopens when it applies again);
 * policies that now apply get theirs.
 */
export async function reviewApprovalsAfterTermsChange(tx: Tx, ctx: Ctx & { now: Date }, opportunityId: string): Promise<void> {
  const existing = await lockDealRequests(tx, ctx.workspaceId, opportunityId);
  const s = await dealState(tx, ctx.workspaceId, opportunityId);
  if (!s) return;
  for (const r of existing) {
    const policy = await findPolicy(tx, ctx.workspaceId, r.policy_id);
    if (!policy || policy.archived) continue;
    const snapshot = snapshotFor(policy, s, ctx.now);
    if (!termsDiffer(r.snapshot as ApprovalSnapshot, snapshot)) continue;
    if (!matches(policy, s)) {
      // Approved stays approved; withdrawn stays withdrawn until the policy applies again (then it reopens below).
      if (r.status === 'approved' || r.status === 'withdrawn') continue;
      await updateRequestRow(tx, ctx.workspaceId, r.id, { status: 'withdrawn', snapshot, decidedAt: ctx.now, remindAt: null, escalateAt: null });
      // No longer needed: what waited on it goes on.
      await resumeRunsWaitingFor(tx, r.id);
      await recordAudit(tx, ctx.workspaceId, ctx.actor, [
        { action: 'approval.withdrawn', entityType: 'approval_request', entityId: r.id, before: { status: r.status }, after: { status: 'withdrawn' } },
      ]);
      continue;
    }
    const round = r.round + 1;
    await updateRequestRow(tx, ctx.workspaceId, r.id, {
      status: 'pending',
      round,
      snapshot,
      steps: policy.steps,
      policyVersion: policy.version,
      slaHours: policy.slaHours,
      decidedAt: null,
      decisionComment: null,
    });
    const reopened = { id: r.id, opportunity_id: opportunityId, round };
    await noteRunsWaitingFor(tx, r.id, `Waiting for ${policy.name}, asked again after the terms changed: the next actions run once it is approved`);
    const approvers = await startStep(tx, ctx.workspaceId, reopened, policy.steps, 0, s, policy, ctx.now);
    await enqueueEvents(tx, ctx.workspaceId, [approvalEvent(reopened, policy, ctx.actor, { type: 'approval.requested', reopened: true, approvers })]);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      {
        action: 'approval.reopened',
        entityType: 'approval_request',
        entityId: r.id,
        before: { status: r.status, round: r.round },
        after: { status: 'pending', round },
      },
    ]);
  }
  await requestApprovals(tx, ctx, opportunityId, s);
}

/** What holds the sending of a deal's documents: its pending and rejected approval requests. */
export async function approvalsHolding(db: DbOrTx, workspaceId: string, opportunityId: string) {
  return listHoldingRequests(db, workspaceId, opportunityId);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export type ApprovalView = {
  id: string;
  status: RequestStatus;
  policy: { id: string; key: string; name: string };
  opportunity: { id: string; name: string };
  round: number;
  step: number;
  steps: ApprovalStep[];
  snapshot: ApprovalSnapshot;
  approvers: (Assignment & { current: boolean })[];
  /** The caller may approve, reject or delegate now. */
  actionable: boolean;
  remindAt: string | null;
  escalateAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  createdAt: string;
  updatedAt: string;
};

/** The assignments of the current step the person may act on now (their own, delegated to them, escalated to them). */
async function actingFor(db: DbOrTx, workspaceId: string, r: RequestRow, userId: string, now: Date): Promise<{ current: Assignment[]; mine: Assignment[] }> {
  const current = await listAssignments(db, workspaceId, r.id, { round: r.round, step: r.step });
  const delegates = await activeDelegates(
    db,
    workspaceId,
    current.map((a) => a.userId),
    now,
  );
  const mine = current.filter(
    (a) =>
      a.decision === null &&
      (a.userId === userId || a.delegateId === userId || a.escalatedTo.includes(userId) || (delegates.get(a.userId) ?? []).includes(userId)),
  );
  return { current, mine };
}

export async function getApproval(db: DbOrTx, ctx: { workspaceId: string; userId: string | null; now: Date }, id: string): Promise<ApprovalView> {
  const r = await findRequestView(db, ctx.workspaceId, id);
  if (!r) throw notFound('approval.not_found', 'Approval');
  const all = await listAssignments(db, ctx.workspaceId, id);
  const mine = r.status === 'pending' && ctx.userId ? (await actingFor(db, ctx.workspaceId, r, ctx.userId, ctx.now)).mine : [];
  return {
    id: r.id,
    status: r.status as RequestStatus,
    policy: { id: r.policy_id, key: r.policy_key, name: r.policy_name },
    opportunity: { id: r.opportunity_id, name: r.opportunity_name },
    round: r.round,
    step: r.step,
    steps: r.steps as ApprovalStep[],
    snapshot: r.snapshot as ApprovalSnapshot,
    approvers: all.map((a) => ({ ...a, current: a.round === r.round && a.step === r.step })),
    actionable: mine.length > 0,
    remindAt: r.remind_at?.toISOString() ?? null,
    escalateAt: r.escalate_at?.toISOString() ?? null,
    remindedAt: r.reminded_at?.toISOString() ?? null,
    escalatedAt: r.escalated_at?.toISOString() ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionComment: r.decision_comment,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding

/** The request locked, and what the person may act on; 403 for someone who is not an approver of its current step. */
async function lockForDecision(tx: Tx, ctx: PersonCtx, id: string) {
  const r = await lockRequest(tx, ctx.workspaceId, id);
  if (!r) throw notFound('approval.not_found', 'Approval');
  const { current, mine } = await actingFor(tx, ctx.workspaceId, r, ctx.userId, ctx.now);
  if (r.status !== 'pending') {
    const involved = (await listAssignments(tx, ctx.workspaceId, r.id)).some(
      (a) => a.userId === ctx.userId || a.delegateId === ctx.userId || a.decidedBy === ctx.userId || a.escalatedTo.includes(ctx.userId),
    );
    if (!involved) throw new AppError('approval.not_an_approver', 'forbidden', 'You are not an approver of this request');
    throw new AppError('approval.already_decided', 'conflict', `This approval is ${r.status}`, { details: { status: r.status } });
  }
  if (mine.length === 0) {
    const decided = current.some((a) => a.decidedBy === ctx.userId);
    if (decided) throw new AppError('approval.already_decided', 'conflict', 'You decided this step already; it waits for the other approvers');
    throw new AppError('approval.not_an_approver', 'forbidden', 'You are not an approver of this step (nor standing in for one)');
  }
  const policy = (await findPolicy(tx, ctx.workspaceId, r.policy_id))!;
  return { r, current, mine, policy, steps: r.steps as ApprovalStep[] };
}

/** Approves the caller's part of the current step; a decided step starts the next, the last one approves the request. */
export const approveApproval = flow(async (tx, _deps, ctx: PersonCtx, id: string, comment?: string | undefined): Promise<ApprovalView> => {
  const { r, current, mine, policy, steps } = await lockForDecision(tx, ctx, id);
  const text = comment?.trim() || null;
  await decideAssignments(
    tx,
    ctx.workspaceId,
    mine.map((a) => a.id),
    { decision: 'approved', comment: text, by: ctx.userId, at: ctx.now },
  );
  const decisions = current.map((a) => (mine.some((m) => m.id === a.id) ? 'approved' : a.decision));
  const outcome = stepOutcome(steps[r.step]!.mode, decisions);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'approval.approved_step',
      entityType: 'approval_request',
      entityId: id,
      after: { round: r.round, step: r.step, comment: text, stepOutcome: outcome },
    },
  ]);
  if (outcome === 'approved') {
    if (r.step + 1 < steps.length) {
      const s = (await dealState(tx, ctx.workspaceId, r.opportunity_id))!;
      await startStep(tx, ctx.workspaceId, r, steps, r.step + 1, s, policy, ctx.now);
    } else {
      await updateRequestRow(tx, ctx.workspaceId, id, { status: 'approved', decidedAt: ctx.now, decisionComment: text, remindAt: null, escalateAt: null });
      await enqueueEvents(tx, ctx.workspaceId, [approvalEvent(r, policy, ctx.actor, { type: 'approval.decided', outcome: 'approved', comment: text })]);
      // Rule runs holding their next actions for this approval go on.
      await resumeRunsWaitingFor(tx, id);
      const owner = (r.snapshot as ApprovalSnapshot).deal.ownerId;
      if (owner)
        await tell(tx, ctx.workspaceId, [owner], r.opportunity_id, {
          kind: 'approval.approved',
          title: `${policy.name} approved: ${(r.snapshot as ApprovalSnapshot).deal.name}`,
          body: `${ctx.actor.label} approved${text ? `: ${text}` : ''}.`,
          key: `approval:${id}:${r.round}:approved`,
        });
    }
  }
  return getApproval(tx, ctx, id);
});

/** Rejects the request with the reason: the deal owner is told, and what waits on it (a document's sending) stays held. */
export const rejectApproval = flow(async (tx, _deps, ctx: PersonCtx, id: string, comment: string): Promise<ApprovalView> => {
  if (!comment.trim()) throw invalid([{ path: 'body:/comment', message: 'A rejection says why' }]);
  const { r, mine, policy } = await lockForDecision(tx, ctx, id);
  const text = comment.trim();
  await decideAssignments(
    tx,
    ctx.workspaceId,
    mine.map((a) => a.id),
    { decision: 'rejected', comment: text, by: ctx.userId, at: ctx.now },
  );
  await updateRequestRow(tx, ctx.workspaceId, id, { status: 'rejected', decidedAt: ctx.now, decisionComment: text, remindAt: null, escalateAt: null });
  await enqueueEvents(tx, ctx.workspaceId, [approvalEvent(r, policy, ctx.actor, { type: 'approval.decided', outcome: 'rejected', comment: text })]);
  await noteRunsWaitingFor(
    tx,
    id,
    `${policy.name} was rejected by ${ctx.actor.label} ("${text}"): the next actions wait until the terms change and it is approved`,
  );
  const snapshot = r.snapshot as ApprovalSnapshot;
  if (snapshot.deal.ownerId)
    await tell(tx, ctx.workspaceId, [snapshot.deal.ownerId], r.opportunity_id, {
      kind: 'approval.rejected',
      title: `${policy.name} rejected: ${snapshot.deal.name}`,
      body: `${ctx.actor.label} rejected it: ${text}. The deal's documents are not sent, and rule actions waiting on it stay held, until its terms change and it is approved.`,
      key: `approval:${id}:${r.round}:rejected`,
    });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'approval.rejected', entityType: 'approval_request', entityId: id, before: { status: 'pending' }, after: { status: 'rejected', comment: text } },
  ]);
  return getApproval(tx, ctx, id);
});

/**
 * Hands the caller's approval to another person: for this request (`until` left out), or for a period (every
 * approval of the caller's until then, this one included). The delegate is told.
 */
export const delegateApproval = flow(async (tx, _deps, ctx: PersonCtx, id: string, input: { toUserId: string; until?: string | undefined }) => {
  const { r, mine, policy } = await lockForDecision(tx, ctx, id);
  const config = await workspaceConfig(tx, ctx.workspaceId);
  const to = config.people.get(input.toUserId);
  if (!to || !to.active) throw invalid([{ path: 'body:/toUserId', message: 'is not an active person of this workspace' }]);
  if (to.id === ctx.userId) throw invalid([{ path: 'body:/toUserId', message: 'cannot be yourself' }]);
  const own = mine.filter((a) => a.userId === ctx.userId);
  if (input.until !== undefined) {
    const endsAt = new Date(input.until);
    if (!(endsAt.getTime() > ctx.now.getTime())) throw invalid([{ path: 'body:/until', message: 'must be in the future' }]);
    await insertDelegation(tx, ctx.workspaceId, { fromUserId: ctx.userId, toUserId: to.id, startsAt: ctx.now, endsAt });
  } else {
    if (own.length === 0) throw invalid([{ path: 'body:/toUserId', message: 'you stand in for someone here: only they may delegate their approval' }]);
    await setAssignmentDelegate(
      tx,
      ctx.workspaceId,
      own.map((a) => a.id),
      to.id,
    );
  }
  const snapshot = r.snapshot as ApprovalSnapshot;
  await tell(tx, ctx.workspaceId, [to.id], r.opportunity_id, {
    kind: 'approval.delegated',
    title: `${policy.name}: ${snapshot.deal.name} was delegated to you`,
    body: `${ctx.actor.label} asks you to decide in their place${input.until ? ` (every approval of theirs until ${input.until})` : ''}.`,
    key: `approval:${id}:${r.round}:${r.step}:delegated:${ctx.userId}:${input.until ?? 'request'}`,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'approval.delegated', entityType: 'approval_request', entityId: id, after: { to: to.id, until: input.until ?? null } },
  ]);
  return getApproval(tx, ctx, id);
});

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

/**
 * Reminds the approvers of steps whose SLA (business hours of the workspace calendar) ran out, and escalates steps
 * left twice as long: each undecided approver's manager (or, without one, the workspace's admins) may then decide
 * in their place and is told. Driven by the rule runner's clock; each reminder and escalation happens once.
 */
export async function checkApprovalDeadlines(db: Db, now: Date, limit = 50): Promise<number> {
  let worked = 0;
  for (const what of ['remind', 'escalate'] as const) {
    for (;;) {
      const n = await db.transaction().execute(async (tx) => {
        const due = await lockDueRequests(tx, now, what, limit);
        for (const r of due) await (what === 'remind' ? remind(tx, r, now) : escalate(tx, r, now));
        return due.length;
      });
      worked += n;
      if (n < limit) break;
    }
  }
  return worked;
}

async function remind(tx: Tx, r: RequestRow, now: Date): Promise<void> {
  const ws = r.workspace_id;
  const { current } = await actingFor(tx, ws, r, '', now);
  const waiting = current.filter((a) => a.decision === null);
  const delegates = await activeDelegates(
    tx,
    ws,
    waiting.map((a) => a.userId),
    now,
  );
  const people = waiting.flatMap((a) => [a.userId, ...(a.delegateId ? [a.delegateId] : []), ...(delegates.get(a.userId) ?? [])]);
  const snapshot = r.snapshot as ApprovalSnapshot;
  const policy = (await findPolicy(tx, ws, r.policy_id))!;
  await tell(tx, ws, people, r.opportunity_id, {
    kind: 'approval.reminder',
    title: `Reminder: ${policy.name} for ${snapshot.deal.name} is past its ${r.sla_hours} business hours`,
    body: `${(r.steps as ApprovalStep[])[r.step]?.name ?? 'The step'} still waits for your decision.`,
    key: `approval:${r.id}:${r.round}:${r.step}:reminder`,
  });
  await updateRequestRow(tx, ws, r.id, { remindedAt: now });
  await recordAudit(tx, ws, { type: 'system', id: null, label: 'approval SLA' }, [
    { action: 'approval.reminded', entityType: 'approval_request', entityId: r.id, after: { round: r.round, step: r.step, people } },
  ]);
}

async function escalate(tx: Tx, r: RequestRow, now: Date): Promise<void> {
  const ws = r.workspace_id;
  const { current } = await actingFor(tx, ws, r, '', now);
  const waiting = current.filter((a) => a.decision === null);
  const managers = await findManagers(
    tx,
    ws,
    waiting.map((a) => a.userId),
  );
  const config = await workspaceConfig(tx, ws);
  const admins = [...config.people.values()].filter((p) => p.active && p.role === 'admin').map((p) => p.id);
  const told: string[] = [];
  for (const a of waiting) {
    const to = managers.get(a.userId);
    const targets = (to ? [to] : admins).filter((id) => id !== a.userId);
    if (targets.length === 0) continue;
    await addEscalation(tx, ws, a.id, targets);
    told.push(...targets);
  }
  const snapshot = r.snapshot as ApprovalSnapshot;
  const policy = (await findPolicy(tx, ws, r.policy_id))!;
  await tell(tx, ws, told, r.opportunity_id, {
    kind: 'approval.escalated',
    title: `Escalated: ${policy.name} for ${snapshot.deal.name} waits past twice its SLA`,
    body: `${(r.steps as ApprovalStep[])[r.step]?.name ?? 'The step'} has had no decision for ${r.sla_hours * 2} business hours; you may decide in the approver's place.`,
    key: `approval:${r.id}:${r.round}:${r.step}:escalated`,
  });
  await updateRequestRow(tx, ws, r.id, { escalatedAt: now });
  await recordAudit(tx, ws, { type: 'system', id: null, label: 'approval SLA' }, [
    { action: 'approval.escalated', entityType: 'approval_request', entityId: r.id, after: { round: r.round, step: r.step, to: [...new Set(told)] } },
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Managers

/** Sets (or clears) a person's manager: who "the deal owner's manager" means, and whom their late approvals escalate to. */
export const setUserManager = flow(async (tx, _deps, ctx: Ctx, userId: string, managerId: string | null) => {
  const config = await workspaceConfig(tx, ctx.workspaceId);
  if (!config.people.has(userId)) throw notFound('user.not_found', 'User');
  if (managerId !== null) {
    const manager = config.people.get(managerId);
    if (!manager || !manager.active) throw invalid([{ path: 'body:/managerId', message: 'is not an active person of this workspace' }]);
    if (managerId === userId) throw invalid([{ path: 'body:/managerId', message: 'a person cannot be their own manager' }]);
    // No circles: walking up from the new manager must not reach the person.
    const seen = new Set<string>([userId]);
    for (let at: string | undefined = managerId; at; at = (await findManagers(tx, ctx.workspaceId, [at])).get(at)) {
      if (seen.has(at)) throw invalid([{ path: 'body:/managerId', message: 'would make a circle of managers' }]);
      seen.add(at);
    }
  }
  await setManager(tx, ctx.workspaceId, userId, managerId);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'user.manager_set', entityType: 'user', entityId: userId, after: { managerId } }]);
  return { userId, managerId };
});
