// Saved views of the deals list and the dashboard (GET/POST/PATCH/DELETE /api/views) and the top bar's search (GET /api/search).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalid, notFound } from '../../domain/errors.ts';
import { changeView, createView, removeView } from '../../flows/saved-views.flow.ts';
import { findView, listViews, type SavedViewRecord } from '../db/saved-views.repo.ts';
import { searchAccounts, searchContacts, searchDeals, searchProjects } from '../db/search.repo.ts';
import { errorResponses, IdParams, list } from '../../schemas/common.ts';
import { NewSavedView, SavedView, SavedViewChange, SavedViewQuery, SearchQuery, SearchResult, type SavedViewFilters } from '../../schemas/views.ts';
import { callerOf, type Caller } from './auth.ts';
import type { HttpDeps } from './server.ts';

/** Hits per kind of record in the search dropdown. */
const hitsPerKind = 5;

const ctxOf = (caller: Caller) => ({ workspaceId: caller.workspaceId, actor: caller.actor, userId: caller.userId });
const toSavedView = (v: SavedViewRecord, caller: Caller): SavedView => ({ ...v, filters: v.filters as SavedViewFilters, mine: v.ownerId === caller.userId });

export const viewRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/views',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['views'],
          summary: "The caller's saved views and those shared with the workspace, by name",
          querystring: SavedViewQuery,
          response: { 200: list(SavedView), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const views = await listViews(deps.db, caller.workspaceId, caller.userId, request.query.entity);
        return { items: views.map((v) => toSavedView(v, caller)) };
      },
    );

    app.get(
      '/api/views/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['views'],
          summary: 'One saved view (its owner, or anyone when shared)',
          params: IdParams,
          response: { 200: SavedView, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const view = await findView(deps.db, caller.workspaceId, request.params.id);
        if (!view || (view.ownerId !== caller.userId && !view.shared)) throw notFound('view.not_found', 'Saved view');
        return toSavedView(view, caller);
      },
    );

    app.post(
      '/api/views',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['views'],
          summary: 'Save the filters of a list under a name (unique per person and list: 409 if taken)',
          body: NewSavedView,
          response: { 201: SavedView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const view = await createView(deps, ctxOf(caller), request.body);
        return reply.status(201).send(toSavedView(view, caller));
      },
    );

    app.patch(
      '/api/views/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['views'],
          summary: 'Rename, refilter, share or unshare one of your views',
          params: IdParams,
          body: SavedViewChange,
          response: { 200: SavedView, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return toSavedView(await changeView(deps, ctxOf(caller), request.params.id, request.body), caller);
      },
    );

    app.delete(
      '/api/views/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['views'], summary: 'Delete one of your views', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
      },
      async (request, reply) => {
        await removeView(deps, ctxOf(callerOf(request)), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/search',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['search'],
          summary: 'Deals, accounts, contacts and projects whose name (or e-mail) contains the words, up to 5 of each',
          querystring: SearchQuery,
          response: { 200: SearchResult, ...errorResponses },
        },
      },
      async (request) => {
        const ws = callerOf(request).workspaceId;
        const q = request.query.q.trim();
        if (q.length < 2)
          throw invalid([{ path: 'querystring:/q', message: 'must have at least 2 characters besides spaces' }], 'Type at least 2 characters to search');
        // One after another: PGlite runs one query at a time, and a pool connection each would not be faster here.
        const items = [
          ...(await searchDeals(deps.db, ws, q, hitsPerKind)),
          ...(await searchAccounts(deps.db, ws, q, hitsPerKind)),
          ...(await searchContacts(deps.db, ws, q, hitsPerKind)),
          ...(await searchProjects(deps.db, ws, q, hitsPerKind)),
        ];
        return { q, items };
      },
    );
  };
