// The customer-success handoff: the brief (prepare, read, review), its items and conflicts, the signed scope
// documents it reads, and the handoff's list and metrics.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { dateIn } from '../../domain/calendar.ts';
import { conflictNeedsConfirmation, needsConfirmation } from '../../domain/brief/review.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { askOutsideExtractor, findBrief, getBrief, getBriefSources, prepareBriefByHand, type BriefView } from '../../flows/brief.flow.ts';
import {
  acceptBrief,
  addItem,
  answerQuestion,
  assignBrief,
  recordFirstValue,
  recordKickoff,
  confirmConflict,
  resolveConflict,
  returnBrief,
  reviewPromise,
  submitBrief,
  updateItem,
  type BriefCaller,
} from '../../flows/brief-review.flow.ts';
import { archiveScopeDocument, attachScopeDocument } from '../../flows/scope-documents.flow.ts';
import { findBriefRow, handoffMetrics, listBriefs } from '../db/briefs.repo.ts';
import { listScopeDocuments } from '../db/scope-documents.repo.ts';
import { findWorkspaceTimeZone } from '../db/workspaces.repo.ts';
import { callerOf } from './auth.ts';
import {
  AnswerBody,
  Brief,
  DealHandoff,
  BriefAssignment,
  BriefParams,
  BriefSummary,
  ConflictParams,
  ConflictResolutionBody,
  emptyItems,
  FirstValueBody,
  HandoffListQuery,
  HandoffMetrics,
  ItemChange,
  ItemParams,
  KickoffBody,
  MetricsQuery,
  NewItem,
  NewScopeDocument,
  PreparedBrief,
  PrepareBody,
  PromiseReview,
  ReturnBody,
  ScopeDocument,
  Source,
  SubmitBody,
} from '../../schemas/brief.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import type { HttpDeps } from './server.ts';

function toApi(view: BriefView) {
  const { brief } = view;
  const items = emptyItems();
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
      confidence: i.confidence ?? null,
      confidenceBasis: i.basis ?? null,
      needsConfirmation: needsConfirmation(i),
      confirmed: i.confirmed ?? null,
      resolved: i.resolved,
    });
  }
  return {
    id: brief.id,
    opportunity: view.opportunity,
    status: brief.status,
    pausedFrom: brief.pausedFrom,
    reopenedAt: brief.reopenedAt,
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
      confidence: c.confidence ?? null,
      confidenceBasis: c.basis ?? null,
      confirmed: c.confirmed ?? null,
      needsConfirmation: conflictNeedsConfirmation(c),
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

const briefResponse = { 200: Brief, ...errorResponses };
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
          body: PrepareBody,
          response: { 200: PreparedBrief, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const useLlm = deps.llm && request.body.extractor !== 'embedded';
        const outside = useLlm ? await askOutsideExtractor(deps, deps.llm!, caller.workspaceId, request.params.id) : undefined;
        const result = await prepareBriefByHand(deps, caller, request.params.id, { outside, force: request.body.extractor === 'embedded' });
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
      '/api/opportunities/:id/handoff',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags,
          summary: "The deal's handoff brief, or null when none was prepared yet (404 only for an unknown deal)",
          params: IdParams,
          response: { 200: DealHandoff, ...errorResponses },
        },
      },
      async (request) => {
        const brief = await findBrief(deps, callerOf(request).workspaceId, request.params.id);
        return { brief: brief ? toApi(brief) : null };
      },
    );

    app.get(
      '/api/opportunities/:id/brief/sources',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags,
          summary: "The brief's sources with their full text (evidence quotes are found in them)",
          params: IdParams,
          response: { 200: list(Source), ...errorResponses },
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
          response: { 200: list(ScopeDocument), ...errorResponses },
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
          body: NewScopeDocument,
          response: { 201: ScopeDocument, ...errorResponses },
        },
      },
      async (request, reply) => {
        const doc = await attachScopeDocument(deps, callerOf(request), request.params.id, request.body);
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
          querystring: HandoffListQuery,
          response: { 200: page(BriefSummary), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query;
        if (q.mine && !caller.userId) throw invalid([{ path: 'querystring:/mine', message: 'belongs to a person: log in rather than use an API token' }]);
        return listBriefs(deps.db, caller.workspaceId, {
          status: q.status,
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
          querystring: MetricsQuery,
          response: { 200: HandoffMetrics, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const now = deps.now();
        const to = request.query.to ? new Date(`${request.query.to}T00:00:00Z`) : now;
        const toEnd = new Date(to.getTime() + (request.query.to ? 86_400_000 : 1));
        const from = request.query.from ? new Date(`${request.query.from}T00:00:00Z`) : new Date(now.getTime() - 90 * 86_400_000);
        if (from >= toEnd) throw invalid([{ path: 'querystring:/from', message: 'must be before to' }]);
        const timeZone = await findWorkspaceTimeZone(deps.db, caller.workspaceId);
        return handoffMetrics(deps.db, caller.workspaceId, { from, to: toEnd }, dateIn(now, timeZone));
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
          body: BriefAssignment,
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
          body: SubmitBody,
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
          body: ReturnBody,
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await returnBrief(deps, caller, request.params.id, request.body.questions);
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
          body: NewItem,
          response: { 201: Brief, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = briefCaller(request);
        const b = request.body;
        await addItem(deps, caller, request.params.id, b);
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
          body: ItemChange,
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        const b = request.body;
        await updateItem(deps, caller, request.params.id, request.params.itemId, b);
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
          body: PromiseReview,
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        const b = request.body;
        await reviewPromise(deps, caller, request.params.id, request.params.itemId, b);
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
          body: AnswerBody,
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
          body: ConflictResolutionBody,
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await resolveConflict(deps, caller, request.params.id, request.params.conflictId, request.body);
        return reread(caller.workspaceId, request.params.id);
      },
    );

    app.post(
      '/api/briefs/:id/conflicts/:conflictId/confirm',
      {
        config: { permission: 'brief.write' },
        schema: {
          tags,
          summary: 'Confirm a conflict the extractor was unsure of: it then pauses the handoff until it is settled',
          params: ConflictParams,
          response: briefResponse,
        },
      },
      async (request) => {
        const caller = briefCaller(request);
        await confirmConflict(deps, caller, request.params.id, request.params.conflictId);
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
          body: KickoffBody,
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
          body: FirstValueBody,
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
