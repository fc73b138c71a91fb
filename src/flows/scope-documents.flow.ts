// Attaching the signed scope (SOW, order form, contract) to a deal, and taking it off again.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { notFound } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { newId } from '../adapters/db/ids.ts';
import { findOpportunityAccountId } from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import {
  archiveScopeDocumentRow,
  findScopeDocument,
  insertScopeDocument,
  lockAttachedScopeDocument,
  type ScopeDocument,
  type ScopeDocumentKind,
} from '../adapters/db/scope-documents.repo.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type ScopeDocumentInput = {
  kind: ScopeDocumentKind;
  title: string;
  body: string;
  fileName?: string | null | undefined;
  signedOn?: string | null | undefined;
};

/** Attaches a document; like a new note, it is a new source, so the deal's handoff brief is refreshed by rule. */
export const attachScopeDocument = flow(async (tx, deps, ctx: Ctx, opportunityId: string, input: ScopeDocumentInput): Promise<ScopeDocument> => {
  const id = newId();
  const accountId = await findOpportunityAccountId(tx, ctx.workspaceId, opportunityId);
  if (!accountId) throw notFound('opportunity.not_found', 'Opportunity');
  await insertScopeDocument(tx, {
    id,
    workspace_id: ctx.workspaceId,
    opportunity_id: opportunityId,
    kind: input.kind,
    title: input.title.trim(),
    // Line endings as one: the evidence quoted from it must match the text stored.
    body: input.body.replace(/\r\n?/g, '\n'),
    file_name: input.fileName ?? null,
    signed_on: input.signedOn ?? null,
    author_id: ctx.actor.type === 'user' ? ctx.actor.id : null,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'scope_document.attached',
      entityType: 'scope_document',
      entityId: id,
      after: { opportunityId, kind: input.kind, title: input.title, fileName: input.fileName ?? null, length: input.body.length },
    },
  ]);
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'activity.logged',
    subjectType: 'opportunity',
    subjectId: opportunityId,
    idempotencyKey: `activity.logged:${id}`,
    payload: { scopeDocumentId: id, kind: 'scope', opportunityId, accountId, depth: eventDepth(ctx.actor) },
  });
  return (await findScopeDocument(tx, ctx.workspaceId, id))!;
});

export const archiveScopeDocument = flow(async (tx, deps, ctx: Ctx, id: string): Promise<void> => {
  const doc = await lockAttachedScopeDocument(tx, ctx.workspaceId, id);
  if (!doc) throw notFound('scope_document.not_found', 'Scope document');
  await archiveScopeDocumentRow(tx, ctx.workspaceId, id);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'scope_document.archived', entityType: 'scope_document', entityId: id, before: { title: doc.title }, after: { archived: true } },
  ]);
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'activity.logged',
    subjectType: 'opportunity',
    subjectId: doc.opportunity_id,
    idempotencyKey: `activity.logged:${id}:archived`,
    payload: { scopeDocumentId: id, archived: true, opportunityId: doc.opportunity_id, depth: eventDepth(ctx.actor) },
  });
});
