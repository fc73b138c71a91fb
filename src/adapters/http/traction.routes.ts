// The traction gate: the workspace's setting, a deal's traction, and tasks a person adds to a deal (trial tasks).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getDealTraction, getTractionGate, updateTractionGate } from '../../flows/traction.flow.ts';
import { addDealTask } from '../../flows/trial-tasks.flow.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams } from '../../schemas/common.ts';
import { Task } from '../../schemas/projects.ts';
import { DealTraction, NewDealTask, TractionGate, TractionGateChange } from '../../schemas/traction.ts';
import type { HttpDeps } from './server.ts';

export const tractionRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/settings/traction-gate',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['team'],
          summary: 'The traction signals a deal must show before delivery people join it (none: the gate is off)',
          response: { 200: TractionGate, ...errorResponses },
        },
      },
      async (request) => getTractionGate(deps, callerOf(request).workspaceId),
    );

    app.put(
      '/api/settings/traction-gate',
      {
        config: { permission: 'team.manage' },
        schema: {
          tags: ['team'],
          summary: 'Choose the traction signals (stage reached, meeting held, budget confirmed) a deal needs before delivery people join it',
          body: TractionGateChange,
          response: { 200: TractionGate, ...errorResponses },
        },
      },
      async (request) => updateTractionGate(deps, callerOf(request), request.body),
    );

    app.get(
      '/api/opportunities/:id/traction',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['opportunities'],
          summary: "The deal's traction: the signals required, which are missing, and the rules that bring delivery people in",
          params: IdParams,
          response: { 200: DealTraction, ...errorResponses },
        },
      },
      async (request) => getDealTraction(deps, callerOf(request).workspaceId, request.params.id),
    );

    app.post(
      '/api/opportunities/:id/tasks',
      {
        config: { permission: 'task.write' },
        schema: {
          tags: ['tasks'],
          summary:
            'Add a task to a deal; trial: true makes it a trial task (acceptance criteria required) which may go to a delivery person before the deal shows traction (409 task.traction_not_met otherwise)',
          params: IdParams,
          body: NewDealTask,
          response: { 201: Task, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await addDealTask(deps, callerOf(request), request.params.id, request.body)),
    );
  };
