// Preparing the handoff brief from the deal's sources (notes, calls, e-mails, the signed scope, fields, contacts),
// keeping people's edits and reviews across refreshes, and reading the brief with its gates, scores and history.
import type { Actor } from '../domain/actor.ts';
import { eventDepth } from '../domain/actor.ts';
import { completeExtraction, conflictKey, itemKey, sourcesDigest, type RawExtraction } from '../domain/brief/brief.ts';
import { answeredByItems } from '../domain/brief/derived.ts';
import { extractEmbedded } from '../domain/brief/extract.ts';
import { afterPrepare, gates, isActive, isOpenConflict, type BriefStatus, type Gate } from '../domain/brief/review.ts';
import { scoreBrief, type Scores } from '../domain/brief/scores.ts';
import { briefReadLimits, chooseActivities, contactSource, fieldsSource } from '../domain/brief/sources.ts';
import type { BriefInput, Extraction, ItemDraft, Source } from '../domain/brief/types.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import {
  findBriefDealTraits,
  findBriefRow,
  insertBrief,
  insertBriefItems,
  insertConflict,
  insertHandoffEvent,
  listConflicts,
  listHandoffEvents,
  listItems,
  loadBriefSourceRows,
  reviveConflict,
  saveBriefScores,
  savePreparedBrief,
  toBrief,
  updateExtractedItems,
  withdrawConflicts,
  withdrawItems,
  type HandoffEvent,
  type StoredBrief,
  type StoredConflict,
  type StoredItem,
} from '../adapters/db/briefs.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import type { HandoffEventData, HandoffEventType, NewEvent } from '../domain/events.ts';
import type { NewRow } from '../adapters/db/schema.ts';
import { newId } from '../adapters/db/ids.ts';
import { findOpportunityAccountId, lockOpportunity } from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { listUserNames } from '../adapters/db/workspaces.repo.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';
import { formatMoney } from '../domain/money.ts';

/** An extractor outside the process (an LLM): asked before the transaction, checked inside it. */
export type BriefExtractor = { name: string; extract(input: BriefInput): Promise<RawExtraction> };

/** What an outside extractor answered for a given set of sources, or why it could not. */
export type OutsideExtraction = { digest: string; extractor: string; raw: RawExtraction } | { digest: string; extractor: string; error: string };

export type BriefDeal = {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  ownerId: string | null;
  csmId: string | null;
  won: boolean;
  wonAt: Date | null;
  complexity: string;
  dealType: string;
  stageCategory: string;
  amount: string;
};

/** The deal's sources as an extractor reads them, oldest first: its newest activities up to briefReadLimits, and what was left out. */
export async function loadBriefInput(db: DbOrTx, workspaceId: string, opportunityId: string): Promise<{ input: BriefInput; deal: BriefDeal } | undefined> {
  const rows = await loadBriefSourceRows(db, workspaceId, opportunityId, { maxActivities: briefReadLimits.activities });
  if (!rows) return undefined;
  const { deal, newestActivities, activityTotal, documents, contacts, people, won } = rows;
  const { read: activities, leftOut } = chooseActivities(
    newestActivities.map((a) => ({ ...a, occurredAt: a.occurred_at.toISOString() })),
    { count: activityTotal.count, oldest: activityTotal.oldest?.toISOString() ?? null },
  );
  const sources: Source[] = [
    ...activities.map((a) => ({
      id: a.id,
      kind: a.kind as Source['kind'],
      title: a.subject ?? `${a.kind[0]!.toUpperCase()}${a.kind.slice(1)}`,
      text: a.body,
      occurredAt: a.occurredAt,
    })),
    ...documents.map((d) => ({ id: d.id, kind: 'scope' as const, title: d.title, text: d.body, occurredAt: d.signed_on ?? d.created_at.toISOString() })),
    ...contacts.map((c) =>
      contactSource({ id: c.id, name: `${c.first_name} ${c.last_name}`.trim(), title: c.title, buyingRole: c.buying_role, email: c.email }),
    ),
    fieldsSource({
      id: deal.id,
      name: deal.name,
      amount: formatMoney(deal.amount_minor, deal.currency),
      dealType: deal.deal_type,
      complexity: deal.complexity,
      closeDate: deal.close_date,
      paymentTerms: deal.payment_terms,
      contractVersion: deal.contract_version,
      nonStandardClauses: deal.non_standard_clauses,
      custom: deal.custom_fields ?? {},
      leftOut,
    }),
  ];
  return {
    input: {
      sources,
      vendor: { company: deal.workspace_name, people: people.map((p) => p.name), domains: sellerDomains(people.map((p) => p.email)) },
      deal: { name: deal.name, accountName: deal.account_name, complexity: deal.complexity, dealType: deal.deal_type },
    },
    deal: {
      id: deal.id,
      name: deal.name,
      accountId: deal.account_id,
      accountName: deal.account_name,
      ownerId: deal.owner_id,
      csmId: deal.csm_id,
      won: deal.category === 'won',
      wonAt: deal.category === 'won' ? (won?.created_at ?? null) : null,
      complexity: deal.complexity,
      dealType: deal.deal_type,
      stageCategory: deal.category,
      amount: formatMoney(deal.amount_minor, deal.currency),
    },
  };
}

/** Asks an outside extractor (an LLM) for the brief; its failure is an answer too, so preparing falls back. */
export async function askOutsideExtractor(
  deps: Pick<Deps, 'db' | 'log'>,
  extractor: BriefExtractor,
  workspaceId: string,
  opportunityId: string,
): Promise<OutsideExtraction | undefined> {
  const loaded = await loadBriefInput(deps.db, workspaceId, opportunityId);
  if (!loaded) return undefined;
  const digest = sourcesDigest(loaded.input);
  try {
    return { digest, extractor: extractor.name, raw: await extractor.extract(loaded.input) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn({ opportunityId, err: message }, 'LLM extractor failed; the embedded extractor prepares the brief');
    return { digest, extractor: extractor.name, error: message };
  }
}

export type PrepareResult = {
  briefId: string;
  outcome: 'created' | 'refreshed' | 'unchanged';
  status: BriefStatus;
  items: number;
  conflicts: number;
  dropped: number;
};

async function emit<T extends HandoffEventType>(
  tx: Tx,
  workspaceId: string,
  brief: { id: string; opportunityId: string },
  type: T,
  actor: Actor,
  data: HandoffEventData<T>,
  now?: Date,
): Promise<void> {
  const id = await insertHandoffEvent(tx, workspaceId, brief, type, actor, data, now);
  // TypeScript cannot tie the generic type to its payload inside the union; the signature above does.
  const event = {
    type,
    subjectType: 'opportunity',
    subjectId: brief.opportunityId,
    idempotencyKey: `${type}:${id}`,
    payload: { opportunityId: brief.opportunityId, briefId: brief.id, ...data, depth: eventDepth(actor) },
  } as unknown as NewEvent;
  await enqueueEvent(tx, workspaceId, event);
}

/** A person prepares (or refreshes) the deal's brief; an outside extractor's answer, asked before, comes in `outside`. */
export const prepareBriefByHand = flow(
  async (
    tx,
    deps,
    ctx: { workspaceId: string; actor: Actor },
    opportunityId: string,
    options: { outside?: OutsideExtraction | undefined; force: boolean },
  ): Promise<PrepareResult> =>
    prepareBrief(tx, { workspaceId: ctx.workspaceId, opportunityId, actor: ctx.actor, now: deps.now(), outside: options.outside, force: options.force }),
);

/**
 * Prepares or refreshes a deal's brief in the caller's transaction. The same sources give the same brief (a no-op);
 * new sources update what was extracted and keep what people edited, reviewed, answered or dismissed.
 */
export async function prepareBrief(
  tx: Tx,
  args: {
    workspaceId: string;
    opportunityId: string;
    actor: Actor;
    now: Date;
    outside?: OutsideExtraction | undefined;
    originRunId?: string | null;
    force?: boolean;
  },
): Promise<PrepareResult> {
  const { workspaceId, opportunityId, actor, now } = args;
  // The deal's row lock serialises every change to its brief (a rule refreshing it and a person editing it).
  const locked = await lockOpportunity(tx, workspaceId, opportunityId);
  if (!locked) throw notFound('opportunity.not_found', 'Opportunity');
  const loaded = (await loadBriefInput(tx, workspaceId, opportunityId))!;
  const { input, deal } = loaded;
  const digest = sourcesDigest(input);
  const existing = await findBriefRow(tx, workspaceId, { opportunityId }, true);
  if (existing?.status === 'accepted')
    throw new AppError('brief.closed', 'conflict', 'The handoff was accepted: its brief is closed and is not prepared again');
  const outside = args.outside && args.outside.digest === digest ? args.outside : undefined;
  const extractorName = outside && 'raw' in outside ? outside.extractor : 'embedded';
  if (existing && existing.sources_digest === digest && existing.extractor === extractorName && !args.force) {
    return { briefId: existing.id, outcome: 'unchanged', status: existing.status as BriefStatus, items: 0, conflicts: 0, dropped: 0 };
  }
  const extraction: Extraction =
    outside && 'raw' in outside ? completeExtraction(outside.raw, input, outside.extractor) : completeExtraction(extractEmbedded(input), input, 'embedded');
  const note =
    outside && 'error' in outside ? `${outside.extractor} could not prepare the brief (${outside.error.slice(0, 300)}); the embedded extractor did` : null;

  const briefId = existing?.id ?? newId();
  if (!existing) {
    await insertBrief(tx, {
      id: briefId,
      workspace_id: workspaceId,
      opportunity_id: opportunityId,
      account_id: deal.accountId,
      status: 'draft',
      ae_id: deal.ownerId,
      csm_id: deal.csmId,
      extractor: extraction.extractor,
      extractor_note: note,
      sources_digest: digest,
      won_at: deal.wonAt,
      origin_run_id: args.originRunId ?? null,
      prepared_at: now,
    });
  }
  const stored = existing ? await listItems(tx, briefId) : [];
  const byKey = new Map(stored.map((i) => [i.key, i]));
  const signedIds = new Set(input.sources.filter((x) => x.kind === 'scope').map((x) => x.id));
  const seen = new Set<string>();
  const inserts: NewRow<'brief_items'>[] = [];
  const updates: { id: string; extracted: string; evidence: string; position: number; changed: boolean }[] = [];
  let position = 0;
  for (const item of extraction.items) {
    const key = itemKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    position++;
    const extracted = JSON.stringify(fieldsOf(item));
    const evidence = JSON.stringify(item.evidence);
    const before = byKey.get(key);
    if (before) {
      const changed =
        before.withdrawn || before.position !== position || JSON.stringify(before.extracted) !== extracted || JSON.stringify(before.evidence) !== evidence;
      if (changed) updates.push({ id: before.id, extracted, evidence, position, changed });
      continue;
    }
    inserts.push({
      id: newId(),
      workspace_id: workspaceId,
      brief_id: briefId,
      kind: item.kind,
      origin: 'extracted',
      item_key: key,
      position,
      extracted,
      evidence,
      // A promise is reviewed by whoever made it: the deal's AE unless someone says otherwise; the signed scope by no one.
      owner_id: item.kind === 'promise' && !item.evidence.every((e) => signedIds.has(e.sourceId)) ? deal.ownerId : null,
      created_by_label: extraction.extractor === 'embedded' ? 'Baton extractor' : extraction.extractor,
    });
  }
  await insertBriefItems(tx, inserts);
  await updateExtractedItems(tx, briefId, updates, now);
  const gone = stored.filter((i) => i.origin === 'extracted' && !seen.has(i.key) && !i.withdrawn).map((i) => i.id);
  await withdrawItems(tx, workspaceId, gone, now);

  const storedConflicts = existing ? await listConflicts(tx, briefId) : [];
  const conflictsByKey = new Map(storedConflicts.map((c) => [c.key, c]));
  const seenConflicts = new Set<string>();
  for (const c of extraction.conflicts) {
    const key = conflictKey(c);
    seenConflicts.add(key);
    const before = conflictsByKey.get(key);
    if (before) {
      await reviveConflict(tx, workspaceId, before.id, { summary: c.summary, confidence: c.confidence ?? null, basis: c.basis ?? null });
      continue;
    }
    await insertConflict(tx, {
      id: newId(),
      workspace_id: workspaceId,
      brief_id: briefId,
      conflict_key: key,
      kind: c.kind,
      summary: c.summary,
      notes_evidence: JSON.stringify(c.notes),
      scope_evidence: JSON.stringify(c.scope),
      confidence: c.confidence ?? null,
      basis: c.basis ?? null,
    });
  }
  const goneConflicts = storedConflicts.filter((c) => !seenConflicts.has(c.key) && !c.withdrawn).map((c) => c.id);
  await withdrawConflicts(tx, workspaceId, goneConflicts, now);

  const conflicts = (await listConflicts(tx, briefId)).filter((c) => !c.withdrawn);
  // A weak conflict waits for the AE's word; it does not pause the handoff on its own.
  const openConflicts = conflicts.filter(isOpenConflict);
  const current = existing ? { status: existing.status as BriefStatus, pausedFrom: existing.paused_from as never } : undefined;
  const next = afterPrepare(current, deal.won, openConflicts.length);
  await savePreparedBrief(tx, workspaceId, briefId, {
    status: next.status,
    pausedFrom: next.pausedFrom,
    extractor: extraction.extractor,
    extractorNote: note,
    sourcesDigest: digest,
    dropped: extraction.dropped,
    preparedAt: now,
    newRevision: !!existing,
    wonAt: deal.wonAt && !existing?.won_at ? deal.wonAt : undefined,
  });
  await refreshScores(tx, briefId);

  const brief = { id: briefId, opportunityId };
  if (!existing) await emit(tx, workspaceId, brief, 'handoff.created', actor, { items: extraction.items.length, extractor: extraction.extractor }, now);
  const wasPaused = existing?.status === 'paused';
  if (next.status === 'paused' && !wasPaused) {
    await emit(
      tx,
      workspaceId,
      brief,
      'handoff.paused',
      actor,
      { conflicts: openConflicts.map((c) => c.summary), summary: openConflicts.map((c) => c.summary).join('; ') },
      now,
    );
  } else if (wasPaused && next.status !== 'paused') {
    await emit(tx, workspaceId, brief, 'handoff.resumed', actor, { status: next.status }, now);
  }
  await recordAudit(tx, workspaceId, actor, [
    {
      action: existing ? 'brief.refreshed' : 'brief.prepared',
      entityType: 'handoff_brief',
      entityId: briefId,
      before: existing ? { status: existing.status, revision: existing.revision } : undefined,
      after: {
        status: next.status,
        extractor: extraction.extractor,
        items: extraction.items.length,
        conflicts: conflicts.length,
        dropped: extraction.dropped.length,
        ...(args.originRunId && { runId: args.originRunId }),
      },
    },
  ]);
  return {
    briefId,
    outcome: existing ? 'refreshed' : 'created',
    status: next.status,
    items: extraction.items.length,
    conflicts: conflicts.length,
    dropped: extraction.dropped.length,
  };
}

/** The seller's e-mail domains: those of the workspace's users, less public mail services. */
function sellerDomains(emails: string[]): string[] {
  const domains = emails
    .map((e) => e.split('@')[1]?.toLowerCase())
    .filter((d): d is string => !!d && !/^(gmail|googlemail|outlook|hotmail|yahoo|icloud|proton|aol)\./.test(d));
  return [...new Set(domains)];
}

function fieldsOf(item: ItemDraft): Record<string, unknown> {
  return {
    text: item.text,
    ...(item.promiseKind && { promiseKind: item.promiseKind }),
    ...(item.stakeholder && { stakeholder: item.stakeholder }),
    ...(item.field && { field: item.field }),
    ...(item.confidence !== undefined && { confidence: item.confidence, basis: item.basis ?? null }),
  };
}

/** Recomputes and stores the brief's scores (lists and metrics read them). */
export async function refreshScores(tx: Tx, briefId: string): Promise<Scores> {
  const row = await findBriefDealTraits(tx, briefId);
  const [items, conflicts] = await Promise.all([listItems(tx, briefId), listConflicts(tx, briefId)]);
  const live = conflicts.filter((c) => !c.withdrawn);
  const scores = scoreBrief(items, live, { complexity: row.complexity, dealType: row.deal_type }, openQuestions(items).length);
  await saveBriefScores(tx, briefId, scores);
  return scores;
}

/** Questions still waiting: not answered, not dismissed, not made moot by an item a person added. */
export function openQuestions(items: StoredItem[]): StoredItem[] {
  return items.filter((i) => i.kind === 'question' && isActive(i) && !i.answer && !(i.origin === 'extracted' && answeredByItems(i.field, items)));
}

export type BriefView = {
  brief: StoredBrief;
  opportunity: { id: string; name: string; accountId: string; accountName: string; stageCategory: string; amount: string };
  ae: { id: string; name: string } | null;
  csm: { id: string; name: string } | null;
  items: (StoredItem & { ownerName: string | null; reviewedByName: string | null; resolved: boolean })[];
  conflicts: StoredConflict[];
  gates: Gate[];
  scores: Scores;
  openQuestions: number;
  sources: { id: string; kind: Source['kind']; title: string; occurredAt: string | null; length: number }[];
  /** The sources changed since the brief was prepared: refreshing would read new words. */
  stale: boolean;
  history: HandoffEvent[];
};

export async function getBrief(deps: Pick<Deps, 'db'>, workspaceId: string, opportunityId: string): Promise<BriefView> {
  const row = await findBriefRow(deps.db, workspaceId, { opportunityId });
  if (!row) throw notFound('brief.not_found', 'Handoff brief (prepare it first: POST .../brief)');
  const brief = toBrief(row);
  const [items, conflicts, loaded, history, users] = await Promise.all([
    listItems(deps.db, brief.id),
    listConflicts(deps.db, brief.id),
    loadBriefInput(deps.db, workspaceId, opportunityId),
    listHandoffEvents(deps.db, workspaceId, brief.id),
    listUserNames(deps.db, workspaceId),
  ]);
  if (!loaded) throw notFound('opportunity.not_found', 'Opportunity');
  const { deal } = loaded;
  const names = new Map(users.map((u) => [u.id, u.name]));
  const live = conflicts.filter((c) => !c.withdrawn);
  const open = openQuestions(items);
  const openIds = new Set(open.map((q) => q.id));
  return {
    brief,
    opportunity: {
      id: deal.id,
      name: deal.name,
      accountId: deal.accountId,
      accountName: deal.accountName,
      stageCategory: deal.stageCategory,
      amount: deal.amount,
    },
    ae: brief.aeId ? { id: brief.aeId, name: names.get(brief.aeId) ?? 'unknown' } : null,
    csm: brief.csmId ? { id: brief.csmId, name: names.get(brief.csmId) ?? 'unknown' } : null,
    items: items.map((i) => ({
      ...i,
      ownerName: i.ownerId ? (names.get(i.ownerId) ?? null) : null,
      reviewedByName: i.review ? (names.get(i.review.byId) ?? null) : null,
      resolved: i.kind === 'question' && !openIds.has(i.id),
    })),
    conflicts: live,
    gates: gates(brief, items, live),
    scores: scoreBrief(items, live, { complexity: deal.complexity, dealType: deal.dealType }, open.length),
    openQuestions: open.length,
    sources: loaded.input.sources.map((s) => ({ id: s.id, kind: s.kind, title: s.title, occurredAt: s.occurredAt, length: s.text.length })),
    stale: sourcesDigest(loaded.input) !== brief.sourcesDigest,
    history,
  };
}

/** The brief's sources with their full text, for reading the evidence in place. */
/** The deal's brief, or null when none was prepared yet (not_found only for a deal that does not exist). */
export async function findBrief(deps: Pick<Deps, 'db'>, workspaceId: string, opportunityId: string): Promise<BriefView | null> {
  if (await findBriefRow(deps.db, workspaceId, { opportunityId })) return getBrief(deps, workspaceId, opportunityId);
  if (!(await findOpportunityAccountId(deps.db, workspaceId, opportunityId))) throw notFound('opportunity.not_found', 'Opportunity');
  return null;
}

export async function getBriefSources(deps: Pick<Deps, 'db'>, workspaceId: string, opportunityId: string): Promise<Source[]> {
  const loaded = await loadBriefInput(deps.db, workspaceId, opportunityId);
  if (!loaded) throw notFound('opportunity.not_found', 'Opportunity');
  return loaded.input.sources;
}

export { emit as emitHandoffEvent };
