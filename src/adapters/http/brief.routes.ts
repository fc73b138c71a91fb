// The customer-success handoff: the brief (prepare, read, review), its items and conflicts, the signed scope
// documents it reads, and the handoff's list and metrics.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { briefStatuses, type BriefStatus } from '../../domain/brief/review.ts';
import {
  authorities,
  conflictKinds,
  itemKinds,
  promiseKinds,
  questionFields,
  sourceKinds,
  type Authority,
  type ItemKind,
  type PromiseKind,
  type QuestionField,
} from '../../domain/brief/types.ts';
import { dateIn } from '../../domain/calendar.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { askOutsideExtractor, getBrief, getBriefSources, prepareBrief, type BriefView } from '../../flows/brief.flow.ts';
import {
  acceptBrief,
  addItem,
  answerQuestion,
  assignBrief,
  recordFirstValue,
  recordKickoff,
  resolveConflict,
  returnBrief,
  reviewPromise,
  submitBrief,
  updateItem,
  type BriefCaller,
} from '../../flows/brief-review.flow.ts';
import { archiveScopeDocument, attachScopeDocument } from '../../flows/scope-documents.flow.ts';
import { findBriefRow, handoffMetrics, listBriefs } from '../db/briefs.repo.ts';
import { listScopeDocuments, scopeDocumentKinds, type ScopeDocumentKind } from '../db/scope-documents.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, IsoDate, literals, Nullable, page, PageQuery, Uuid } from './schemas.ts';
import type { HttpDeps } from './server.ts';

const Ref = Type.Object({ id: Type.String(), name: Type.String() });
const Evidence = Type.Object({
  sourceId: Type.String({ description: 'an activity, a scope document, "contact:<id>" or "fields:<opportunity id>"' }),
  quote: Type.String({ description: 'the exact words, as they are in the source' }),
});
const Stakeholder = Type.Object({
  name: Type.String(),
  title: Nullable(Type.String()),
  authority: literals(authorities),
  engaged: Type.Boolean({ description: 'took part themselves (spoke, attended, wrote)' }),
});

const Item = Type.Object({
  id: Type.String(),
  kind: literals(itemKinds),
  origin: literals(['extracted', 'person'] as const),
  text: Type.String({ description: "the item as people see it: a person's edit over what was extracted" }),
  extractedText: Nullable(Type.String({ description: 'what the extractor found, kept apart from edits' })),
  edited: Nullable(Type.Object({ by: Type.String(), at: Type.String() })),
  evidence: Type.Array(Evidence),
  promiseKind: Nullable(literals(promiseKinds)),
  stakeholder: Nullable(Stakeholder),
  field: Nullable(literals(questionFields)),
  owner: Nullable(Ref),
  review: Nullable(Type.Object({ decision: Type.String(), by: Nullable(Ref), at: Type.String(), note: Nullable(Type.String()) })),
  answer: Nullable(Type.Object({ text: Type.String(), by: Type.String(), at: Type.String(), activityId: Nullable(Type.String()) })),
  raisedBy: Nullable(Type.String({ description: 'the CSM who asked it when returning the brief' })),
  dismissed: Nullable(Type.Object({ by: Type.String(), at: Type.String(), reason: Nullable(Type.String()) })),
  withdrawn: Type.Boolean({ description: 'no longer found in the sources' }),
  signed: Type.Boolean({ description: 'a promise quoted only from the signed scope: it needs no review' }),
  resolved: Type.Boolean({ description: 'for questions: answered, dismissed, or made moot by an item' }),
});

const Conflict = Type.Object({
  id: Type.String(),
  kind: literals(conflictKinds),
  summary: Type.String(),
  notes: Evidence,
  scope: Evidence,
  status: literals(['open', 'resolved'] as const),
  resolution: Nullable(Type.String()),
  note: Nullable(Type.String()),
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
});

const Score = Type.Object({ score: Type.Integer({ minimum: 0, maximum: 100 }), reasons: Type.Array(Type.String()) });
const Scores = Type.Object({
  completeness: Score,
  promiseRisk: Score,
  implementationComplexity: Score,
  stakeholderCoverage: Score,
  firstValueClarity: Score,
  overall: Score,
});

const itemsByKind = Type.Object(
  Object.fromEntries(itemKinds.map((k) => [k, Type.Array(Item)])) as Record<
    ItemKind,
    typeof Item extends never ? never : ReturnType<typeof Type.Array<typeof Item>>
  >,
);

export const BriefSchema = Type.Object({
  id: Type.String(),
  opportunity: Type.Object({
    id: Type.String(),
    name: Type.String(),
    accountId: Type.String(),
    accountName: Type.String(),
    stageCategory: Type.String(),
    amount: Type.String(),
  }),
  status: literals(briefStatuses),
  pausedFrom: Nullable(Type.String()),
  ae: Nullable(Ref),
  csm: Nullable(Ref),
  extractor: Type.String({ description: '"embedded" or "llm:<model>"' }),
  extractorNote: Nullable(Type.String()),
  revision: Type.Integer(),
  preparedAt: Type.String(),
  stale: Type.Boolean({ description: 'the sources changed since the brief was prepared' }),
  items: itemsByKind,
  conflicts: Type.Array(Conflict),
  gates: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), passed: Type.Boolean(), detail: Type.String() })),
  scores: Scores,
  openQuestions: Type.Integer(),
  dropped: Type.Array(Type.Object({ kind: Type.String(), text: Type.String(), reason: Type.String() }), {
    description: 'items an extractor offered whose quote is not in the sources',
  }),
  sources: Type.Array(
    Type.Object({ id: Type.String(), kind: literals(sourceKinds), title: Type.String(), occurredAt: Nullable(Type.String()), length: Type.Integer() }),
  ),
  returns: Type.Integer(),
  kickoff: Type.Object({ scheduledOn: Nullable(Type.String()), firstScheduledOn: Nullable(Type.String()), heldOn: Nullable(Type.String()) }),
  firstValue: Type.Object({ dueOn: Nullable(Type.String()), reachedOn: Nullable(Type.String()), missedAt: Nullable(Type.String()) }),
  wonAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  acceptedBy: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      data: Type.Record(Type.String(), Type.Unknown()),
      actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()), label: Type.String() }),
      at: Type.String(),
    }),
  ),
});

const PrepareResult = Type.Intersect([BriefSchema, Type.Object({ outcome: literals(['created', 'refreshed', 'unchanged'] as const) })]);

const SourceSchema = Type.Object({
  id: Type.String(),
  kind: literals(sourceKinds),
  title: Type.String(),
  text: Type.String(),
  occurredAt: Nullable(Type.String()),
});

const ScopeDocumentSchema = Type.Object({
  id: Type.String(),
  opportunityId: Type.String(),
  kind: literals(scopeDocumentKinds),
  title: Type.String(),
  body: Type.String(),
  fileName: Nullable(Type.String()),
  signedOn: Nullable(Type.String()),
  authorName: Nullable(Type.String()),
  createdAt: Type.String(),
});

const BriefSummary = Type.Object({
  id: Type.String(),
  opportunityId: Type.String(),
  opportunityName: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  status: literals(briefStatuses),
  aeName: Nullable(Type.String()),
  csmName: Nullable(Type.String()),
  overall: Nullable(Type.Integer()),
  returns: Type.Integer(),
  openConflicts: Type.Integer(),
  wonAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  kickoffOn: Nullable(Type.String()),
  kickoffHeldOn: Nullable(Type.String()),
  updatedAt: Type.String(),
});

const Metrics = Type.Object({
  from: Type.String(),
  to: Type.String(),
  handoffs: Type.Integer(),
  accepted: Type.Integer(),
  acceptedFirstPass: Type.Integer({ description: 'accepted without a missing-context return' }),
  acceptanceRate: Nullable(Type.Number({ description: 'accepted without a return, over every handoff created in the period' })),
  returns: Type.Integer(),
  returnsByField: Type.Array(Type.Object({ field: Type.String(), count: Type.Integer() })),
  wonToAcceptedHours: Type.Object({ median: Nullable(Type.Number()), p90: Nullable(Type.Number()), n: Type.Integer() }),
  kickoff: Type.Object({
    scheduled: Type.Integer(),
    held: Type.Integer(),
    delayed: Type.Integer(),
    medianDelayDays: Nullable(Type.Number()),
    meanDelayDays: Nullable(Type.Number()),
  }),
  firstValue: Type.Object({ reached: Type.Integer(), missed: Type.Integer(), overdue: Type.Integer(), medianDaysFromWon: Nullable(Type.Number()) }),
  paused: Type.Integer({ description: 'handoffs of the period that were paused at some point (by a conflict with the signed scope)' }),
});

function toApi(view: BriefView) {
  const { brief } = view;
  const items = Object.fromEntries(itemKinds.map((k) => [k, []])) as unknown as Record<ItemKind, Static<typeof Item>[]>;
  for (const i of view.items) {
    items[i.kind].push({
      id: i.id,
      kind: i.kind,
      origin: i.origin,
      text: i.text,
      extractedText: i.origin === 'extracted' ? (i.extracted?.text ?? null) : null,
      edited: i.edited,
      evidence: i.evidence,
      promiseKind: i.promiseKind,
      stakeholder: i.stakeholder
        ? { name: i.stakeholder.name, title: i.stakeholder.title, authority: i.stakeholder.authority, engaged: i.stakeholder.engaged }
        : null,
      field: i.field,
      owner: i.ownerId ? { id: i.ownerId, name: i.ownerName ?? 'unknown' } : null,
      review: i.review
        ? { decision: i.review.decision, by: { id: i.review.byId, name: i.reviewedByName ?? 'unknown' }, at: i.review.at, note: i.review.note }
        : null,
      answer: i.answer,
      raisedBy: i.raisedBy,
      dismissed: i.dismissed,
      withdrawn: i.withdrawn,
      signed: i.signed === true,
      resolved: i.resolved,
    });
  }
  return {
    id: brief.id,
    opportunity: view.opportunity,
    status: brief.status,
    pausedFrom: brief.pausedFrom,
    ae: view.ae,
    csm: view.csm,
    extractor: brief.extractor,
    extractorNote: brief.extractorNote,
    revision: brief.revision,
    preparedAt: brief.preparedAt,
    stale: view.stale,
    items,
    conflicts: view.conflicts.map((c) => ({
      id: c.id,
      kind: c.kind,
      summary: c.summary,
      notes: c.notes,
      scope: c.scope,
      status: c.status,
      resolution: c.resolution,
      note: c.note,
      resolvedBy: c.resolvedBy,
      resolvedAt: c.resolvedAt,
    })),
    gates: view.gates,
    scores: view.scores,
    openQuestions: view.openQuestions,
    dropped: brief.dropped,
    sources: view.sources,
    returns: brief.returns,
    kickoff: { scheduledOn: brief.kickoffOn, firstScheduledOn: brief.kickoffFirstOn, heldOn: brief.kickoffHeldOn },
    firstValue: { dueOn: brief.firstValueDue, reachedOn: brief.firstValueReachedOn, missedAt: brief.firstValueMissedAt },
    wonAt: brief.wonAt,
    acceptedAt: brief.acceptedAt,
    acceptedBy: brief.acceptedBy,
    history: view.history,
  };
}

const BriefParams = Type.Object({ id: Uuid });
const ItemParams = Type.Object({ id: Uuid, itemId: Uuid });
const ConflictParams = Type.Object({ id: Uuid, conflictId: Uuid });
const briefResponse = { 200: BriefSchema, ...errorResponses };
const tags = ['handoff'];

export const briefRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const briefCaller = (request: FastifyRequest): BriefCaller => {
      const c = callerOf(request);
      return { workspaceId: c.workspaceId, actor: c.actor, role: c.role, userId: c.userId };
    };
    /** The brief after a change, read again by its deal. */
    const reread = async (workspaceId: string, briefId: string) => {
      const row = await findBriefRow(deps.db, workspaceId, { id: briefId });
      if (!row) throw notFound('brief.not_found', 'Handoff brief');
      deps.wakeOutbox();
      return toApi(await getBrief(deps, workspaceId, row.opportunity_id));
    };

    app.post(
      '/api/opportunities/:id/brief',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: "Prepare (or refresh) the deal's handoff brief from its current sources",
          description:
            'Reads the notes, calls, e-mails and meetings logged on the deal, its signed scope documents, its fields and contacts. The same sources give the same brief; new ones update what was extracted and keep what people edited. With BATON_LLM_URL set the LLM prepares it, and the embedded extractor takes over when the LLM fails. A brief that conflicts with the signed scope is paused.',
          params: IdParams,
          body: Type.Object(
            {
              extractor: Type.Optional(
                literals(['auto', 'embedded'] as const, {
                  description: 'auto: the LLM when one is configured (default); embedded: always the built-in extractor',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: PrepareResult, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const useLlm = deps.llm && request.body.extractor !== 'embedded';
        const outside = useLlm ? await askOutsideExtractor(deps, deps.llm!, caller.workspaceId, request.params.id) : undefined;
        const result = await deps.db.transaction().execute((tx) =>
          prepareBrief(tx, {
            workspaceId: caller.workspaceId,
            opportunityId: request.params.id,
            actor: caller.actor,
            now: deps.now(),
            outside,
            force: request.body.extractor === 'embedded',
          }),
        );
        deps.wakeOutbox();
        return { ...toApi(await getBrief(deps, caller.workspaceId, request.params.id)), outcome: result.outcome };
      },
    );

    app.get(
      '/api/opportunities/:id/brief',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags,
          summary: "The deal's handoff brief: items by kind with their evidence, conflicts, gates, scores and history",
          params: IdParams,
          response: briefResponse,
        },
      },
      async (request) => toApi(await getBrief(deps, callerOf(request).workspaceId, request.params.id)),
    );

    app.get(
      '/api/opportunities/:id/brief/sources',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags,
          summary: "The brief's sources with their full text (evidence quotes are found in them)",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(SourceSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await getBriefSources(deps, callerOf(request).workspaceId, request.params.id) }),
    );

    app.get(
      '/api/opportunities/:id/scope-documents',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags,
          summary: "The deal's signed scope documents (SOW, order form, contract)",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(ScopeDocumentSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return { items: await listScopeDocuments(deps.db, caller.workspaceId, request.params.id) };
      },
    );

    app.post(
      '/api/opportunities/:id/scope-documents',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Attach a signed scope document: pasted text, or the text of a file',
          params: IdParams,
          body: Type.Object(
            {
              kind: literals(scopeDocumentKinds),
              title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
              body: Type.String({ minLength: 1, maxLength: 500_000, pattern: '\\S', description: 'the document as text' }),
              fileName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
              signedOn: Type.Optional(Nullable(IsoDate)),
            },
            { additionalProperties: false },
          ),
          response: { 201: ScopeDocumentSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const doc = await attachScopeDocument(deps, callerOf(request), request.params.id, { ...body, kind: body.kind as ScopeDocumentKind });
        return reply.status(201).send(doc);
      },
    );

    app.delete(
      '/api/scope-documents/:id',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Remove a scope document from the deal (it is archived, not erased)',
          params: IdParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await archiveScopeDocument(deps, callerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/handoffs',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags,
          summary: 'Handoffs (one per won deal with a brief), newest first',
          querystring: Type.Object(
            {
              status: Type.Optional(literals(briefStatuses)),
              mine: Type.Optional(Type.Boolean({ description: 'only those where I am the AE or the CSM' })),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: page(BriefSummary), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query;
        if (q.mine && !caller.userId) throw invalid([{ path: 'querystring:/mine', message: 'belongs to a person: log in rather than use an API token' }]);
        return listBriefs(deps.db, caller.workspaceId, {
          status: q.status as BriefStatus | undefined,
          mine: q.mine ? caller.userId! : undefined,
          cursor: q.cursor,
          limit: q.limit ?? 50,
        });
      },
    );

    app.get(
      '/api/handoffs/metrics',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags,
          summary: 'The handoff measured: acceptance rate, returns by missing field, time from won to accepted, kickoff delay, first value',
          querystring: Type.Object(
            { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
            { additionalProperties: false, description: 'handoffs created from `from` (default 90 days ago) to `to` (default today), inclusive' },
          ),
          response: { 200: Metrics, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const now = deps.now();
        const to = request.query.to ? new Date(`${request.query.to}T00:00:00Z`) : now;
        const toEnd = new Date(to.getTime() + (request.query.to ? 86_400_000 : 1));
        const from = request.query.from ? new Date(`${request.query.from}T00:00:00Z`) : new Date(now.getTime() - 90 * 86_400_000);
        if (from >= toEnd) throw invalid([{ path: 'querystring:/from', message: 'must be before to' }]);
        const ws = await deps.db.selectFrom('workspaces').select('time_zone').where('id', '=', caller.workspaceId).executeTakeFirstOrThrow();
        return handoffMetrics(deps.db, caller.workspaceId, { from, to: toEnd }, dateIn(now, ws.time_zone));
      },
    );

    app.patch(
      '/api/briefs/:id',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: "Assign the handoff's account executive and CSM",
          params: BriefParams,
          body: Type.Object({ aeId: Type.Optional(Nullable(Uuid)), csmId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false, minProperties: 1 }),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await assignBrief(deps, caller, request.params.id, request.body);
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/submit',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'The AE sends the brief to the CSM for review',
          params: BriefParams,
          body: Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false }),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await submitBrief(deps, caller, request.params.id, request.body.note);
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/return',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'The CSM returns the brief to the AE with questions (a missing-context return)',
          params: BriefParams,
          body: Type.Object(
            {
              questions: Type.Array(
                Type.Object(
                  { field: Type.Optional(Nullable(literals(questionFields))), text: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
                  { additionalProperties: false },
                ),
                { minItems: 1, maxItems: 20 },
              ),
            },
            { additionalProperties: false },
          ),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await returnBrief(
          deps,
          caller,
          request.params.id,
          request.body.questions.map((q) => ({ field: q.field as QuestionField | null | undefined, text: q.text })),
        );
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/accept',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'The CSM accepts the handoff (every gate must hold); kickoff preparation tasks follow',
          params: BriefParams,
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await acceptBrief(deps, caller, request.params.id);
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/items',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Add an item; its evidence is a quote from a source, or the words given are logged as a note and cited',
          params: BriefParams,
          body: Type.Object(
            {
              kind: literals(itemKinds.filter((k) => k !== 'question')),
              text: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
              promiseKind: Type.Optional(literals(promiseKinds)),
              authority: Type.Optional(literals(authorities)),
              engaged: Type.Optional(Type.Boolean()),
              title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
              ownerId: Type.Optional(Nullable(Uuid)),
              evidence: Type.Optional(
                Type.Object(
                  { sourceId: Type.String({ minLength: 1, maxLength: 100 }), quote: Type.String({ minLength: 3, maxLength: 5000 }) },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: BriefSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = briefCaller(request);
        const b = request.body;
        await addItem(deps, caller, request.params.id, {
          ...b,
          kind: b.kind as ItemKind,
          promiseKind: b.promiseKind as PromiseKind | undefined,
          authority: b.authority as Authority | undefined,
        });
        return reply.status(201).send(await reread(caller.workspaceId, request.params.id));
      },
    );

    app.patch(
      '/api/briefs/:id/items/:itemId',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Edit an item (kept apart from what was extracted), give a risk or promise an owner, dismiss or restore it',
          params: ItemParams,
          body: Type.Object(
            {
              text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })),
              promiseKind: Type.Optional(literals(promiseKinds)),
              authority: Type.Optional(literals(authorities)),
              engaged: Type.Optional(Type.Boolean()),
              title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
              ownerId: Type.Optional(Nullable(Uuid)),
              dismissed: Type.Optional(Type.Boolean()),
              reason: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        const b = request.body;
        await updateItem(deps, caller, request.params.id, request.params.itemId, {
          ...b,
          promiseKind: b.promiseKind as PromiseKind | undefined,
          authority: b.authority as Authority | undefined,
        });
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/items/:itemId/review',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: "The promise's owner reviews it: confirmed as it stands, or corrected",
          params: ItemParams,
          body: Type.Object(
            {
              decision: literals(['confirmed', 'corrected'] as const),
              text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
              note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
            },
            { additionalProperties: false },
          ),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        const b = request.body;
        await reviewPromise(deps, caller, request.params.id, request.params.itemId, {
          decision: b.decision as 'confirmed' | 'corrected',
          text: b.text,
          note: b.note,
        });
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/items/:itemId/answer',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'The AE answers a question; the answer is logged as a note on the deal and the brief is prepared again from it',
          params: ItemParams,
          body: Type.Object({ answer: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S' }) }, { additionalProperties: false }),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await answerQuestion(deps, caller, request.params.id, request.params.itemId, request.body.answer);
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/conflicts/:conflictId/resolve',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Settle a conflict between the notes and the signed scope; once none is open the handoff goes on',
          params: ConflictParams,
          body: Type.Object(
            {
              resolution: literals(['scope_prevails', 'notes_prevail', 'settled'] as const),
              note: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
            },
            { additionalProperties: false },
          ),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await resolveConflict(deps, caller, request.params.id, request.params.conflictId, {
          resolution: request.body.resolution as 'scope_prevails' | 'notes_prevail' | 'settled',
          note: request.body.note,
        });
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/kickoff',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Record the kickoff: scheduled (a later date than before is a delay) or held',
          params: BriefParams,
          body: Type.Object({ scheduledOn: Type.Optional(IsoDate), heldOn: Type.Optional(IsoDate) }, { additionalProperties: false, minProperties: 1 }),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await recordKickoff(deps, caller, request.params.id, request.body);
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/first-value',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Record first value: when it is due, reached (with the date) or missed (with the reason)',
          params: BriefParams,
          body: Type.Object(
            {
              dueOn: Type.Optional(IsoDate),
              reachedOn: Type.Optional(IsoDate),
              missed: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        if (request.body.reachedOn && request.body.missed) throw invalid([{ path: 'body:/missed', message: 'first value is reached or missed, not both' }]);
        await recordFirstValue(deps, caller, request.params.id, request.body);
        return reread(caller.workspaceId, request.params.id);
      },
    );
  };
