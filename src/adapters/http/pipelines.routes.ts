// Pipelines and their stages: list, read, create, and change (rename, default, project creation, stages, archive).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../domain/errors.ts';
import { createPipeline, updatePipeline } from '../../flows/pipelines.flow.ts';
import { Pipeline, PipelineInput, PipelineListQuery, PipelinePatch } from '../../schemas/pipelines.ts';
import { findPipeline, listPipelines } from '../db/pipelines.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, list } from '../../schemas/common.ts';
import type { HttpDeps } from './server.ts';

export const pipelineRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/pipelines',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['pipeline'],
          summary: 'Pipelines with their stages (the default first); archived ones with includeArchived=true',
          querystring: PipelineListQuery,
          response: { 200: list(Pipeline), ...errorResponses },
        },
      },
      async (request) => ({ items: await listPipelines(deps.db, callerOf(request).workspaceId, { includeArchived: request.query.includeArchived ?? false }) }),
    );

    app.get(
      '/api/pipelines/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['pipeline'], summary: 'A pipeline with its active stages', params: IdParams, response: { 200: Pipeline, ...errorResponses } },
      },
      async (request) => {
        const pipeline = await findPipeline(deps.db, callerOf(request).workspaceId, request.params.id, { includeArchived: true });
        if (!pipeline) throw notFound('pipeline.not_found', 'Pipeline');
        return { ...pipeline, stages: pipeline.stages.filter((s) => !s.archivedAt) };
      },
    );

    app.post(
      '/api/pipelines',
      {
        config: { permission: 'pipelines.manage' },
        schema: {
          tags: ['pipeline'],
          summary: 'Create a pipeline (the usual seven stages unless given)',
          body: PipelineInput,
          response: { 201: Pipeline, ...errorResponses },
        },
      },
      async (request, reply) => {
        const pipeline = await createPipeline(deps, callerOf(request), request.body);
        return reply.status(201).send(pipeline);
      },
    );

    app.patch(
      '/api/pipelines/:id',
      {
        config: { permission: 'pipelines.manage' },
        schema: {
          tags: ['pipeline'],
          summary: 'Rename, make default, set project creation, reorder/add/re-weight/archive stages, or archive the pipeline',
          params: IdParams,
          body: PipelinePatch,
          response: { 200: Pipeline, ...errorResponses },
        },
      },
      async (request) => updatePipeline(deps, callerOf(request), request.params.id, request.body),
    );
  };
