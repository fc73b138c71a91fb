// People working the handoff brief: the AE reviews and sends it, the CSM returns it with questions or accepts it,
// anyone on the deal edits, adds, dismisses items, owns risks and settles conflicts; kickoff and first value are
// recorded as they happen. Each change is one transaction with its audit entry and its events.
import type { Actor } from '../domain/actor.ts';
import { questionText } from '../domain/brief/derived.ts';
import { locateQuote } from '../domain/brief/evidence.ts';
import { gates, mayChangePeople, needsConfirmation, transition, type BriefStatus, type UnpausedStatus } from '../domain/brief/review.ts';
import { isClaimKind, type Authority, type ItemKind, type PromiseKind, type QuestionField } from '../domain/brief/types.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import {
  answerBriefItem,
  confirmConflictRow,
  countOpenConflicts,
  insertBriefItems,
  listConflicts,
  listItems,
  lockBriefConflict,
  lockBriefItem,
  lockBriefRow,
  recordKickoffHeldRow,
  resolveConflictRow,
  reviewBriefItem,
  saveBriefItemChange,
  scheduleKickoffRow,
  setBriefPeople,
  setFirstValueDue,
  setFirstValueMissed,
  setFirstValueReached,
  toBrief,
  toItem,
  updateBriefStatus,
  type BriefItemChange,
  type BriefStatusExtra,
  type ItemFields,
  type StoredBrief,
} from '../adapters/db/briefs.repo.ts';
import { insertActivityNow } from '../adapters/db/activities.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { findDealOwnerId, findOpportunityAccountId } from '../adapters/db/opportunities.repo.ts';
import { settleReviewTasks } from './deal-tasks.flow.ts';
import { findDealProjectId } from '../adapters/db/delivery.repo.ts';
import { refreshDelivery } from './delivery.flow.ts';
import { emitHandoffEvent, loadBriefInput, prepareBrief, refreshScores } from './brief.flow.ts';
import { requireOptionalRef } from './references.ts';
import { flow } from './flow.ts';

/** Who is acting: the role decides what they may do, the person decides whether they are the brief's AE or CSM. */
export type BriefCaller = { workspaceId: string; actor: Actor; role: Role; userId: string | null };

type Capacity = 'ae' | 'csm';

function mustBe(caller: BriefCaller, brief: StoredBrief, capacity: Capacity): void {
  if (caller.role === 'admin') return;
  const id = capacity === 'ae' ? brief.aeId : brief.csmId;
  const who = capacity === 'ae' ? 'the account executive' : 'the CSM';
  if (!caller.userId) throw new AppError('brief.not_yours', 'forbidden', `Only ${who} of this handoff can do this: log in as that person`);
  if (!id)
    throw new AppError(
      'brief.not_yours',
      'forbidden',
      `No ${capacity === 'ae' ? 'account executive' : 'CSM'} is assigned to this handoff yet: assign one first`,
    );
  if (id !== caller.userId) throw new AppError('brief.not_yours', 'forbidden', `Only ${who} of this handoff can do this`);
}

/** Refuses a change of the handoff's people (AE, CSM, an item's owner) by anyone but the deal owner, a manager or an admin. */
async function mustMayChangePeople(tx: Tx, caller: BriefCaller, brief: StoredBrief, what: string): Promise<void> {
  if (mayChangePeople(caller, await findDealOwnerId(tx, caller.workspaceId, brief.opportunityId))) return;
  throw new AppError('brief.not_yours', 'forbidden', `Only the deal's owner (the AE), an ops manager or an admin can ${what}`);
}

/** Locks the brief for a change (its deal first: the lock order) and refuses changes to an accepted one. */
async function lockBrief(tx: Tx, workspaceId: string, briefId: string, options: { open?: boolean } = {}): Promise<StoredBrief> {
  const row = await lockBriefRow(tx, workspaceId, briefId);
  if (!row) throw notFound('brief.not_found', 'Handoff brief');
  const brief = toBrief(row);
  if (options.open !== false && brief.status === 'accepted')
    throw new AppError('brief.closed', 'conflict', 'The handoff was accepted: its brief can no longer be changed');
  return brief;
}

async function setStatus(tx: Tx, workspaceId: string, brief: StoredBrief, status: BriefStatus, extra: BriefStatusExtra = {}) {
  await updateBriefStatus(tx, workspaceId, brief.id, status, extra);
}

async function finish(tx: Tx, caller: BriefCaller, brief: StoredBrief, action: string, before: unknown, after: unknown) {
  await refreshScores(tx, brief.id);
  await recordAudit(tx, caller.workspaceId, caller.actor, [{ action, entityType: 'handoff_brief', entityId: brief.id, before, after }]);
}

/** The AE sends the brief to the CSM (from draft, AE review, or after answering a return). */
export const submitBrief = flow(async (tx, deps, caller: BriefCaller, briefId: string, note?: string | null): Promise<void> => {
  const brief = await lockBrief(tx, caller.workspaceId, briefId);
  mustBe(caller, brief, 'ae');
  const next = transition(brief.status, 'submit');
  const items = await listItems(tx, brief.id);
  const unanswered = items.filter((i) => i.kind === 'question' && i.raisedBy && !i.answer && !i.dismissed);
  if (brief.status === 'returned' && unanswered.length) {
    throw new AppError('brief.wrong_status', 'conflict', `Answer the CSM's ${unanswered.length === 1 ? 'question' : `${unanswered.length} questions`} first`, {
      details: { questions: unanswered.map((q) => q.id) },
    });
  }
  await setStatus(tx, caller.workspaceId, brief, next);
  await emitHandoffEvent(tx, caller.workspaceId, brief, 'handoff.submitted', caller.actor, { from: brief.status, ...(note && { note }) });
  await settleReviewTasks(tx, { workspaceId: caller.workspaceId, briefId: brief.id, actor: caller.actor, done: 'ae', reopen: 'csm' });
  await finish(tx, caller, brief, 'brief.submitted', { status: brief.status }, { status: next, note: note ?? null });
});

export type ReturnQuestion = { field?: QuestionField | null | undefined; text?: string | null | undefined };

/** The CSM returns the brief to the AE with what is missing (a missing-context return). */
export const returnBrief = flow(async (tx, deps, caller: BriefCaller, briefId: string, questions: ReturnQuestion[]): Promise<void> => {
  if (questions.length === 0) throw invalid([{ path: 'body:/questions', message: 'say what is missing: at least one question' }]);
  questions.forEach((q, i) => {
    if (!q.field && !q.text?.trim()) throw invalid([{ path: `body:/questions/${i}`, message: 'give a field, a question, or both' }]);
  });
  const brief = await lockBrief(tx, caller.workspaceId, briefId);
  mustBe(caller, brief, 'csm');
  const next = transition(brief.status, 'return');
  const raised: { id: string; field: string | null; text: string }[] = [];
  for (const q of questions) {
    const text = q.text?.trim() || questionText[q.field!];
    const id = newId();
    await insertBriefItems(tx, [
      {
        id,
        workspace_id: caller.workspaceId,
        brief_id: brief.id,
        kind: 'question',
        origin: 'person',
        item_key: `question:person:${id}`,
        position: 1000,
        extracted: JSON.stringify({ text, field: q.field ?? null }),
        raised_by_label: caller.actor.label,
        created_by_label: caller.actor.label,
      },
    ]);
    raised.push({ id, field: q.field ?? null, text });
  }
  await setStatus(tx, caller.workspaceId, brief, next, { countReturn: true });
  const missing = [...new Set(raised.map((q) => q.field ?? 'other'))];
  await emitHandoffEvent(tx, caller.workspaceId, brief, 'handoff.returned', caller.actor, {
    missing,
    questions: raised,
    summary: raised.map((q) => q.text).join(' '),
  });
  await settleReviewTasks(tx, { workspaceId: caller.workspaceId, briefId: brief.id, actor: caller.actor, done: 'csm', reopen: 'ae' });
  await finish(tx, caller, brief, 'brief.returned', { status: brief.status }, { status: next, questions: raised });
});

/**
 * The AE answers a question. The answer is logged as a note on the deal, so it becomes a source with its own words,
 * and the brief is prepared again from it (a first-value answer becomes the first-value item, with evidence).
 */
export const answerQuestion = flow(async (tx, deps, caller: BriefCaller, briefId: string, itemId: string, answer: string): Promise<void> => {
  const text = answer.trim();
  if (!text) throw invalid([{ path: 'body:/answer', message: 'must not be empty' }]);
  const brief = await lockBrief(tx, caller.workspaceId, briefId);
  mustBe(caller, brief, 'ae');
  const row = await lockBriefItem(tx, caller.workspaceId, brief.id, itemId);
  if (!row) throw notFound('brief_item.not_found', 'Brief item');
  const item = toItem(row);
  if (item.kind !== 'question')
    throw new AppError('brief_item.wrong_kind', 'invalid', 'Only questions are answered', {
      fields: [{ path: 'params:/itemId', message: `is a ${item.kind}, not a question` }],
    });
  const activityId = newId();
  const accountId = (await findOpportunityAccountId(tx, caller.workspaceId, brief.opportunityId))!;
  await insertActivityNow(tx, {
    id: activityId,
    workspace_id: caller.workspaceId,
    account_id: accountId,
    opportunity_id: brief.opportunityId,
    kind: 'note',
    subject: `Answer for the handoff: ${item.text.slice(0, 200)}`,
    body: text,
    author_id: caller.userId,
  });
  await answerBriefItem(tx, caller.workspaceId, item.id, { answer: text, activityId, answeredByLabel: caller.actor.label });
  await recordAudit(tx, caller.workspaceId, caller.actor, [
    {
      action: 'activity.logged',
      entityType: 'activity',
      entityId: activityId,
      after: { kind: 'note', opportunityId: brief.opportunityId, answers: item.id },
    },
  ]);
  // A returned brief stays returned while the AE works through the questions; the refresh keeps that status.
  await prepareBrief(tx, { workspaceId: caller.workspaceId, opportunityId: brief.opportunityId, actor: caller.actor, now: deps.now() });
  await finish(tx, caller, brief, 'brief.question_answered', { question: item.text }, { answer: text, activityId });
});

/** The CSM accepts the handoff once every gate holds; the kickoff preparation tasks follow (rule on handoff.accepted). */
export const acceptBrief = flow(async (tx, deps, caller: BriefCaller, briefId: string): Promise<void> => {
  const brief = await lockBrief(tx, caller.workspaceId, briefId);
  mustBe(caller, brief, 'csm');
  const [items, conflicts] = await Promise.all([listItems(tx, brief.id), listConflicts(tx, brief.id)]);
  const open = gates(
    brief,
    items,
    conflicts.filter((c) => !c.withdrawn),
  ).filter((g) => !g.passed);
  const next = transition(brief.status, 'accept', open);
  const now = deps.now();
  await setStatus(tx, caller.workspaceId, brief, next, { acceptedAt: now, acceptedByLabel: caller.actor.label });
  const wonAt = brief.wonAt ? new Date(brief.wonAt) : null;
  await emitHandoffEvent(
    tx,
    caller.workspaceId,
    brief,
    'handoff.accepted',
    caller.actor,
    {
      returns: brief.returns,
      firstPass: brief.returns === 0,
      ...(wonAt && { hoursFromWon: Math.round(((now.getTime() - wonAt.getTime()) / 3_600_000) * 10) / 10 }),
    },
    now,
  );
  await settleReviewTasks(tx, { workspaceId: caller.workspaceId, briefId: brief.id, actor: caller.actor, done: 'csm' });
  await finish(tx, caller, brief, 'brief.accepted', { status: brief.status }, { status: next });
});

export type ItemChange = {
  text?: string | undefined;
  promiseKind?: PromiseKind | undefined;
  authority?: Authority | undefined;
  engaged?: boolean | undefined;
  title?: string | null | undefined;
  ownerId?: string | null | undefined;
  dismissed?: boolean | undefined;
  reason?: string | null | undefined;
  confirmed?: true | undefined;
};

/** Edits an item (the edit is kept apart from what was extracted), gives it an owner, or dismisses and restores it. */
export const updateItem = flow(async (tx, deps, caller: BriefCaller, briefId: string, itemId: string, change: ItemChange): Promise<void> => {
  const brief = await lockBrief(tx, caller.workspaceId, briefId);
  const row = await lockBriefItem(tx, caller.workspaceId, brief.id, itemId);
  if (!row) throw notFound('brief_item.not_found', 'Brief item');
  const item = toItem(row);
  const fields: { path: string; message: string }[] = [];
  if (change.promiseKind !== undefined && item.kind !== 'promise')
    fields.push({ path: 'body:/promiseKind', message: `only promises have a kind; this is a ${item.kind}` });
  if ((change.authority !== undefined || change.engaged !== undefined || change.title !== undefined) && item.kind !== 'stakeholder')
    fields.push({ path: 'body:/authority', message: `only stakeholders have an authority; this is a ${item.kind}` });
  if (change.ownerId !== undefined && !['risk', 'promise', 'kickoff_task'].includes(item.kind))
    fields.push({ path: 'body:/ownerId', message: `risks, promises and kickoff tasks have owners; this is a ${item.kind}` });
  if (change.confirmed && !needsConfirmation(item) && !item.confirmed)
    fields.push({
      path: 'body:/confirmed',
      message:
        item.origin !== 'extracted' || item.confidence == null
          ? 'only an extracted item with weak evidence is confirmed; this one was not marked for confirmation'
          : `this ${item.kind.replace('_', ' ')} is already supported (${item.basis ?? 'its evidence'}, or a person reviewed or edited it)`,
    });
  if (fields.length) throw invalid(fields);
  if (change.ownerId !== undefined && change.ownerId !== item.ownerId) await mustMayChangePeople(tx, caller, brief, `change who owns a ${item.kind}`);
  await requireOptionalRef(tx, caller.workspaceId, 'users', change.ownerId, 'body:/ownerId');
  const set: BriefItemChange = {};
  const edit: Partial<ItemFields> = { ...(item.edit ?? {}) };
  let edited = false;
  if (change.text !== undefined && change.text.trim() !== item.text) {
    edit.text = change.text.trim();
    edited = true;
  }
  if (change.promiseKind !== undefined && change.promiseKind !== item.promiseKind) {
    edit.promiseKind = change.promiseKind;
    edited = true;
  }
  if (item.kind === 'stakeholder' && (change.authority !== undefined || change.engaged !== undefined || change.title !== undefined)) {
    const base = item.stakeholder ?? { name: item.text, title: null, authority: 'unknown' as Authority, engaged: false, contactId: null };
    edit.stakeholder = {
      ...base,
      ...(change.authority !== undefined && { authority: change.authority }),
      ...(change.engaged !== undefined && { engaged: change.engaged }),
      ...(change.title !== undefined && { title: change.title }),
    };
    edited = true;
  }
  // A confirmation is kept with the person's edit, apart from what was extracted, so a refresh keeps it.
  let confirmedNow = false;
  if (change.confirmed && !item.confirmed) {
    edit.confirmed = { by: caller.actor.label, at: deps.now().toISOString() };
    confirmedNow = true;
  }
  if (edited) set.edit = { fields: edit, byLabel: caller.actor.label };
  else if (confirmedNow) set.confirm = { fields: edit };
  // A promise changed after its review is reviewed again.
  if (edited && item.kind === 'promise' && item.review) set.clearReview = true;
  if (change.ownerId !== undefined) set.ownerId = change.ownerId;
  if (change.dismissed === true && !item.dismissed) set.dismiss = { byLabel: caller.actor.label, reason: change.reason ?? null };
  if (change.dismissed === false && item.dismissed) set.restore = true;
  await saveBriefItemChange(tx, caller.workspaceId, item.id, set);
  await finish(
    tx,
    caller,
    brief,
    change.dismissed === true
      ? 'brief.item_dismissed'
      : change.dismissed === false
        ? 'brief.item_restored'
        : confirmedNow && !edited && change.ownerId === undefined
          ? 'brief.item_confirmed'
          : 'brief.item_edited',
    { item: item.id, text: item.text, ownerId: item.ownerId, ...(confirmedNow && { confidence: item.confidence, basis: item.basis }) },
    { item: item.id, ...change },
  );
});

export type NewItem = {
  kind: ItemKind;
  text: string;
  promiseKind?: PromiseKind | undefined;
  authority?: Authority | undefined;
  engaged?: boolean | undefined;
  title?: string | null | undefined;
  ownerId?: string | null | undefined;
  evidence?: { sourceId: string; quote: string } | undefined;
};

/**
 * A person adds an item. Evidence they cite must be in that source; without any, their words are logged as a note on
 * the deal and the item cites it, so every item still says where it comes from.
 */
export const addItem = flow(async (tx, deps, caller: BriefCaller, briefId: string, input: NewItem): Promise<string> => {
  const text = input.text.trim();
  if (!text) throw invalid([{ path: 'body:/text', message: 'must not be empty' }]);
  if (input.kind === 'promise' && !input.promiseKind) throw invalid([{ path: 'body:/promiseKind', message: 'is required for a promise' }]);
  const id = newId();
  const brief = await lockBrief(tx, caller.workspaceId, briefId);
  // A new item gets its usual owner (a promise: the AE) from anyone; another owner is a change of people.
  const usualOwner = input.kind === 'promise' ? brief.aeId : null;
  if (input.ownerId !== undefined && input.ownerId !== null && input.ownerId !== usualOwner)
    await mustMayChangePeople(tx, caller, brief, `choose who owns a ${input.kind}`);
  await requireOptionalRef(tx, caller.workspaceId, 'users', input.ownerId, 'body:/ownerId');
  let evidence: { sourceId: string; quote: string }[] = [];
  if (input.evidence) {
    const loaded = (await loadBriefInput(tx, caller.workspaceId, brief.opportunityId))!;
    const source = loaded.input.sources.find((s) => s.id === input.evidence!.sourceId);
    if (!source) throw invalid([{ path: 'body:/evidence/sourceId', message: "is not one of this deal's sources" }]);
    const found = locateQuote(source, input.evidence.quote);
    if (!found) throw invalid([{ path: 'body:/evidence/quote', message: `these words are not in "${source.title}"` }]);
    evidence = [{ sourceId: source.id, quote: found.text }];
  } else if (isClaimKind(input.kind)) {
    const accountId = (await findOpportunityAccountId(tx, caller.workspaceId, brief.opportunityId))!;
    const activityId = newId();
    await insertActivityNow(tx, {
      id: activityId,
      workspace_id: caller.workspaceId,
      account_id: accountId,
      opportunity_id: brief.opportunityId,
      kind: 'note',
      subject: `Added to the handoff brief (${input.kind.replace('_', ' ')})`,
      body: text,
      author_id: caller.userId,
    });
    await recordAudit(tx, caller.workspaceId, caller.actor, [
      { action: 'activity.logged', entityType: 'activity', entityId: activityId, after: { kind: 'note', opportunityId: brief.opportunityId } },
    ]);
    evidence = [{ sourceId: activityId, quote: text }];
  }
  const stakeholder =
    input.kind === 'stakeholder'
      ? { name: text, title: input.title ?? null, authority: input.authority ?? 'unknown', engaged: input.engaged ?? false, contactId: null }
      : undefined;
  await insertBriefItems(tx, [
    {
      id,
      workspace_id: caller.workspaceId,
      brief_id: brief.id,
      kind: input.kind,
      origin: 'person',
      item_key: `${input.kind}:person:${id}`,
      position: 900,
      extracted: JSON.stringify({ text, ...(input.promiseKind && { promiseKind: input.promiseKind }), ...(stakeholder && { stakeholder }) }),
      evidence: JSON.stringify(evidence),
      owner_id: input.ownerId ?? (input.kind === 'promise' ? brief.aeId : null),
      created_by_label: caller.actor.label,
    },
  ]);
  await finish(tx, caller, brief, 'brief.item_added', undefined, { item: id, kind: input.kind, text });
  return id;
});

/** A promise is reviewed by its owner (the AE who made it, unless given to someone else): confirmed, or corrected. */
export const reviewPromise = flow(
  async (
    tx,
    deps,
    caller: BriefCaller,
    briefId: string,
    itemId: string,
    review: { decision: 'confirmed' | 'corrected'; text?: string | undefined; note?: string | null | undefined },
  ): Promise<void> => {
    if (review.decision === 'corrected' && !review.text?.trim())
      throw invalid([{ path: 'body:/text', message: 'a correction needs the promise as it really stands' }]);
    const brief = await lockBrief(tx, caller.workspaceId, briefId);
    const row = await lockBriefItem(tx, caller.workspaceId, brief.id, itemId);
    if (!row) throw notFound('brief_item.not_found', 'Brief item');
    const item = toItem(row);
    if (item.kind !== 'promise')
      throw new AppError('brief_item.wrong_kind', 'invalid', 'Only promises are reviewed', {
        fields: [{ path: 'params:/itemId', message: `is a ${item.kind}, not a promise` }],
      });
    const owner = item.ownerId ?? brief.aeId;
    if (caller.role !== 'admin' && (!caller.userId || caller.userId !== owner)) {
      throw new AppError(
        'brief.not_yours',
        'forbidden',
        owner ? 'Only the owner of this promise can review it' : 'This promise has no owner yet: give it one first',
      );
    }
    await reviewBriefItem(tx, caller.workspaceId, item.id, {
      reviewedBy: caller.userId,
      decision: review.decision,
      note: review.note ?? null,
      ...(review.decision === 'corrected' && { correction: { fields: { ...(item.edit ?? {}), text: review.text!.trim() }, byLabel: caller.actor.label } }),
    });
    await finish(
      tx,
      caller,
      brief,
      'brief.promise_reviewed',
      { text: item.text },
      { decision: review.decision, text: review.text ?? item.text, note: review.note ?? null },
    );
  },
);

/** Settles a conflict between the notes and the signed scope; the last one settled lets the handoff go on. */
export const resolveConflict = flow(
  async (
    tx,
    deps,
    caller: BriefCaller,
    briefId: string,
    conflictId: string,
    resolution: { resolution: 'scope_prevails' | 'notes_prevail' | 'settled'; note: string },
  ): Promise<void> => {
    if (!resolution.note.trim()) throw invalid([{ path: 'body:/note', message: 'say how it was settled (who agreed what with the customer)' }]);
    const brief = await lockBrief(tx, caller.workspaceId, briefId);
    const row = await lockBriefConflict(tx, caller.workspaceId, brief.id, conflictId);
    if (!row) throw notFound('brief_conflict.not_found', 'Conflict');
    if (row.status === 'resolved') throw new AppError('brief.wrong_status', 'conflict', 'This conflict is already settled');
    await resolveConflictRow(tx, caller.workspaceId, row.id, {
      resolution: resolution.resolution,
      note: resolution.note.trim(),
      resolvedByLabel: caller.actor.label,
    });
    const stillOpen = await countOpenConflicts(tx, caller.workspaceId, brief.id);
    if (brief.status === 'paused' && stillOpen === 0) {
      const back: UnpausedStatus = brief.pausedFrom ?? 'ae_review';
      await setStatus(tx, caller.workspaceId, brief, back, { clearPausedFrom: true });
      await emitHandoffEvent(tx, caller.workspaceId, brief, 'handoff.resumed', caller.actor, { status: back });
    }
    await finish(tx, caller, brief, 'brief.conflict_resolved', { conflict: row.summary }, { resolution: resolution.resolution, note: resolution.note.trim() });
  },
);

/**
 * The AE confirms a conflict the extractor was unsure of (a word match, a system the scope does not name): it is real,
 * so it pauses the handoff until it is settled, like a conflict found on firm ground.
 */
export const confirmConflict = flow(async (tx, deps, caller: BriefCaller, briefId: string, conflictId: string): Promise<void> => {
  const brief = await lockBrief(tx, caller.workspaceId, briefId);
  const row = await lockBriefConflict(tx, caller.workspaceId, brief.id, conflictId);
  if (!row || row.withdrawn_at) throw notFound('brief_conflict.not_found', 'Conflict');
  if (row.status === 'resolved') throw new AppError('brief.wrong_status', 'conflict', 'This conflict is already settled');
  // Confirming twice changes nothing: the first confirmation stands.
  if (row.confirmed_at) return;
  await confirmConflictRow(tx, caller.workspaceId, row.id, caller.actor.label);
  if (brief.status !== 'paused' && brief.status !== 'accepted') {
    await setStatus(tx, caller.workspaceId, brief, 'paused', { pausedFrom: brief.status });
    await emitHandoffEvent(tx, caller.workspaceId, brief, 'handoff.paused', caller.actor, { conflicts: [row.summary], summary: row.summary });
  }
  await finish(tx, caller, brief, 'brief.conflict_confirmed', { conflict: row.summary, confidence: row.confidence }, { confirmed: true });
});

/** Sets the handoff's AE or CSM (the human owners the gates ask for): the deal owner, a manager or an admin may. */
export const assignBrief = flow(
  async (tx, deps, caller: BriefCaller, briefId: string, change: { aeId?: string | null | undefined; csmId?: string | null | undefined }): Promise<void> => {
    const brief = await lockBrief(tx, caller.workspaceId, briefId);
    if ((change.aeId !== undefined && change.aeId !== brief.aeId) || (change.csmId !== undefined && change.csmId !== brief.csmId))
      await mustMayChangePeople(tx, caller, brief, "change the handoff's AE or CSM");
    await requireOptionalRef(tx, caller.workspaceId, 'users', change.aeId, 'body:/aeId');
    await requireOptionalRef(tx, caller.workspaceId, 'users', change.csmId, 'body:/csmId');
    await setBriefPeople(tx, caller.workspaceId, brief.id, change);
    await finish(tx, caller, brief, 'brief.assigned', { aeId: brief.aeId, csmId: brief.csmId }, change);
  },
);

const dayDiff = (a: string, b: string) => Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);

/** The kickoff: scheduled (a later date is a delay), then held (late against the first date is a delay too). */
export const recordKickoff = flow(
  async (tx, deps, caller: BriefCaller, briefId: string, input: { scheduledOn?: string | undefined; heldOn?: string | undefined }): Promise<void> => {
    if (!input.scheduledOn && !input.heldOn) throw invalid([{ path: 'body:/scheduledOn', message: 'give scheduledOn or heldOn' }]);
    const brief = await lockBrief(tx, caller.workspaceId, briefId, { open: false });
    await recordKickoffIn(tx, caller, brief, input);
  },
);

export async function recordKickoffIn(
  tx: Tx,
  caller: Pick<BriefCaller, 'workspaceId' | 'actor'>,
  brief: StoredBrief,
  input: { scheduledOn?: string | undefined; heldOn?: string | undefined },
): Promise<boolean> {
  let changed = false;
  if (input.scheduledOn && input.scheduledOn !== brief.kickoffOn) {
    if (brief.kickoffHeldOn) throw new AppError('brief.wrong_status', 'conflict', `The kickoff was held on ${brief.kickoffHeldOn}`);
    await scheduleKickoffRow(tx, caller.workspaceId, brief.id, { on: input.scheduledOn, firstOn: brief.kickoffFirstOn ?? input.scheduledOn });
    await emitHandoffEvent(tx, caller.workspaceId, brief, 'kickoff.scheduled', caller.actor, {
      on: input.scheduledOn,
      ...(brief.kickoffOn && { was: brief.kickoffOn }),
    });
    if (brief.kickoffOn && input.scheduledOn > brief.kickoffOn) {
      await emitHandoffEvent(tx, caller.workspaceId, brief, 'kickoff.delayed', caller.actor, {
        from: brief.kickoffOn,
        to: input.scheduledOn,
        days: dayDiff(input.scheduledOn, brief.kickoffOn),
      });
    }
    brief = { ...brief, kickoffOn: input.scheduledOn, kickoffFirstOn: brief.kickoffFirstOn ?? input.scheduledOn };
    changed = true;
  }
  if (input.heldOn && !brief.kickoffHeldOn) {
    const planned = brief.kickoffFirstOn;
    await recordKickoffHeldRow(tx, caller.workspaceId, brief.id, {
      heldOn: input.heldOn,
      firstOn: planned ?? input.heldOn,
      on: brief.kickoffOn ?? input.heldOn,
    });
    const delay = planned ? Math.max(0, dayDiff(input.heldOn, planned)) : 0;
    await emitHandoffEvent(tx, caller.workspaceId, brief, 'kickoff.held', caller.actor, { on: input.heldOn, ...(planned && { planned }), delayDays: delay });
    if (planned && input.heldOn > (brief.kickoffOn ?? planned))
      await emitHandoffEvent(tx, caller.workspaceId, brief, 'kickoff.delayed', caller.actor, {
        from: brief.kickoffOn ?? planned,
        to: input.heldOn,
        days: dayDiff(input.heldOn, brief.kickoffOn ?? planned),
      });
    changed = true;
  }
  if (changed)
    await recordAudit(tx, caller.workspaceId, caller.actor, [
      {
        action: 'brief.kickoff_recorded',
        entityType: 'handoff_brief',
        entityId: brief.id,
        before: { kickoffOn: brief.kickoffOn, heldOn: brief.kickoffHeldOn },
        after: input,
      },
    ]);
  return changed;
}

/** First value: the date it is due, then reached (with the date) or missed (with the reason). */
export const recordFirstValue = flow(
  async (
    tx,
    deps,
    caller: BriefCaller,
    briefId: string,
    input: { dueOn?: string | undefined; reachedOn?: string | undefined; missed?: string | undefined },
  ): Promise<void> => {
    if (!input.dueOn && !input.reachedOn && !input.missed) throw invalid([{ path: 'body:/reachedOn', message: 'give dueOn, reachedOn or missed' }]);
    const brief = await lockBrief(tx, caller.workspaceId, briefId, { open: false });
    if (input.dueOn) await setFirstValueDue(tx, caller.workspaceId, brief.id, input.dueOn);
    if (input.reachedOn || input.missed) {
      if (brief.firstValueReachedOn || brief.firstValueMissedAt)
        throw new AppError(
          'brief.wrong_status',
          'conflict',
          brief.firstValueReachedOn ? `First value was reached on ${brief.firstValueReachedOn}` : 'First value was already recorded as missed',
        );
    }
    if (input.reachedOn) {
      await setFirstValueReached(tx, caller.workspaceId, brief.id, input.reachedOn);
      await emitHandoffEvent(tx, caller.workspaceId, brief, 'first_value.reached', caller.actor, {
        on: input.reachedOn,
        ...(brief.firstValueDue && { due: brief.firstValueDue, daysLate: Math.max(0, dayDiff(input.reachedOn, brief.firstValueDue)) }),
      });
    } else if (input.missed) {
      await setFirstValueMissed(tx, caller.workspaceId, brief.id);
      await emitHandoffEvent(tx, caller.workspaceId, brief, 'first_value.missed', caller.actor, {
        reason: input.missed,
        ...(brief.firstValueDue && { due: brief.firstValueDue }),
      });
    }
    await recordAudit(tx, caller.workspaceId, caller.actor, [
      { action: 'brief.first_value_recorded', entityType: 'handoff_brief', entityId: brief.id, after: input },
    ]);
    // First value reached or missed changes the project's health, in this transaction.
    const projectId = await findDealProjectId(tx, caller.workspaceId, brief.opportunityId);
    if (projectId) await refreshDelivery(tx, caller, projectId, deps.now());
  },
);
