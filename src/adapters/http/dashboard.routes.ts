// The delivery dashboard: every won deal with where its delivery stands, the charts' figures, and a live stream
// (server-sent events) of task completions, wins and delivery changes anywhere in the workspace.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import { dashboardFilterIssues } from '../../domain/dashboard-filters.ts';
import { invalid } from '../../domain/errors.ts';
import { dashboardSummary, listDashboard, type DashboardFilter } from '../db/dashboard.repo.ts';
import { findWorkspaceTimeZone } from '../db/workspaces.repo.ts';
import { loadCalendar } from '../db/team.repo.ts';
import { workspaceToday } from '../../flows/tasks.flow.ts';
import { errorResponses, page } from '../../schemas/common.ts';
import { DashboardQuery, DashboardRow, DashboardSummary, DashboardSummaryQuery } from '../../schemas/dashboard.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

/** The acceptance rate the handoff aims for (the chart's target line). */
export const acceptanceTarget = 0.9;

/** The events after which a dashboard row may read differently: the stream passes these on. */
export const dashboardEventTypes: ReadonlySet<string> = new Set([
  'deal.won',
  'deal.reopened',
  'task.completed',
  'project.created',
  'project.deal_added',
  'project.health_changed',
  'milestone.reached',
  'milestone.reopened',
  'handoff.accepted',
  'handoff.returned',
  'kickoff.held',
  'first_value.reached',
  'first_value.missed',
  'approval.decided',
]);

const streamPingMs = 20_000;

function checkedFilter(q: DashboardFilter): DashboardFilter {
  const issues = dashboardFilterIssues(q, 'querystring:');
  if (issues.length) throw invalid(issues);
  return q;
}

export const dashboardRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Open streams end when the server closes (a stream never ends by itself).
    const streams = new Set<ServerResponse>();
    app.addHook('preClose', async () => {
      for (const stream of streams) stream.end();
    });

    app.get(
      '/api/dashboard',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['dashboard'],
          summary:
            'Every won deal (newest first) with its delivery: brief, approvals and documents pending, project owner, health and why, tasks done/open/overdue, next milestone, kickoff, first value',
          querystring: DashboardQuery,
          response: { 200: page(DashboardRow), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { limit, cursor, ...filter } = request.query;
        const [today, timeZone] = await Promise.all([workspaceToday(deps, caller.workspaceId), findWorkspaceTimeZone(deps.db, caller.workspaceId)]);
        return listDashboard(deps.db, caller.workspaceId, { ...checkedFilter(filter), cursor, limit: limit ?? 50 }, { today, timeZone });
      },
    );

    app.get(
      '/api/dashboard/summary',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['dashboard'],
          summary:
            "The dashboard's charts over every win the filters keep: the funnel (won, brief accepted, kickoff held, first value), health, and the handoff acceptance rate by month over decided handoffs",
          querystring: DashboardSummaryQuery,
          response: { 200: DashboardSummary, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { months, ...filter } = request.query;
        const [today, calendar] = await Promise.all([workspaceToday(deps, caller.workspaceId), loadCalendar(deps.db, caller.workspaceId)]);
        const summary = await dashboardSummary(deps.db, caller.workspaceId, checkedFilter(filter), {
          today,
          timeZone: calendar.timeZone,
          calendar,
          months: months ?? 6,
        });
        return { ...summary, target: acceptanceTarget };
      },
    );

    app.get(
      '/api/dashboard/stream',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['dashboard'],
          summary:
            'Server-sent events: one message (JSON: id, type, subjectType, subjectId, opportunityId, projectId) per task completed, deal won or delivery change in the workspace, by anyone; reload the rows on each',
          produces: ['text/event-stream'],
          response: { 503: errorResponses[409] },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const feed = deps.feed;
        if (!feed) return reply.status(503).send({ error: { code: 'unavailable', message: 'No outbox worker runs in this server process: no live events' } });
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        // The browser reconnects after 3 s if the connection drops; the comment opens the stream at once.
        res.write('retry: 3000\n: connected\n\n');
        streams.add(res);
        const unsubscribe = feed.subscribe(caller.workspaceId, (event) => {
          if (!dashboardEventTypes.has(event.type)) return;
          const p = event.payload as { opportunityId?: unknown; projectId?: unknown };
          const data = {
            id: event.id,
            type: event.type,
            subjectType: event.subjectType,
            subjectId: event.subjectId,
            opportunityId: typeof p.opportunityId === 'string' ? p.opportunityId : null,
            projectId: typeof p.projectId === 'string' ? p.projectId : null,
          };
          res.write(`id: ${event.id}\ndata: ${JSON.stringify(data)}\n\n`);
        });
        const ping = setInterval(() => res.write(': ping\n\n'), streamPingMs);
        ping.unref();
        const close = () => {
          clearInterval(ping);
          unsubscribe();
          streams.delete(res);
        };
        request.raw.on('close', close);
        res.on('close', close);
      },
    );
  };
