// The handoff call: the deal's call (attendees, proposed times), sending, rescheduling and cancelling its iCalendar
// invitation, recording its outcome; and an account's watchers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { cancelMeeting, inviteFor, proposeHandoffCall, recordMeetingOutcome, rescheduleMeeting, sendMeetingInvite } from '../../flows/meetings.flow.ts';
import { errorResponses, IdParams, list } from '../../schemas/common.ts';
import { AccountWatcher, DealHandoffCall, Meeting, OutcomeInput, RescheduleInput, SendInviteInput } from '../../schemas/meetings.ts';
import { loadDealFacts } from '../db/deal-facts.repo.ts';
import { findHandoffCall, findMeeting, listAccountWatchers } from '../db/meetings.repo.ts';
import { findAccount } from '../db/accounts.repo.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

export const meetingRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/opportunities/:id/handoff-call',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['meetings'],
          summary: "The deal's handoff call, when it has one",
          params: IdParams,
          response: { 200: DealHandoffCall, ...errorResponses },
        },
      },
      async (request) => {
        const { workspaceId } = callerOf(request);
        const meeting = await findHandoffCall(deps.db, workspaceId, request.params.id);
        if (!meeting && !(await loadDealFacts(deps.db, workspaceId, request.params.id))) throw notFound('opportunity.not_found', 'Opportunity');
        return { meeting: meeting ?? null };
      },
    );

    app.post(
      '/api/opportunities/:id/handoff-call',
      {
        config: { permission: 'activity.write' },
        schema: {
          tags: ['meetings'],
          summary: 'Propose the handoff call of a won deal by hand (once per deal; the rule action does the same)',
          params: IdParams,
          response: { 201: Meeting, 200: Meeting, ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const result = await deps.db.transaction().execute(async (tx) => {
          const facts = await loadDealFacts(tx, caller.workspaceId, request.params.id, { lock: true });
          if (!facts) throw notFound('opportunity.not_found', 'Opportunity');
          return proposeHandoffCall(tx, { workspaceId: caller.workspaceId, actor: caller.actor, facts, now: deps.now(), runId: null });
        });
        deps.wakeOutbox();
        return reply.status(result.created ? 201 : 200).send(result.meeting);
      },
    );

    app.get(
      '/api/meetings/:id',
      {
        config: { permission: 'crm.read' },
        schema: { tags: ['meetings'], summary: 'A meeting with its attendees', params: IdParams, response: { 200: Meeting, ...errorResponses } },
      },
      async (request) => {
        const meeting = await findMeeting(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!meeting) throw notFound('meeting.not_found', 'Meeting');
        return meeting;
      },
    );

    app.get(
      '/api/meetings/:id/invite.ics',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['meetings'],
          summary: "The meeting's current iCalendar invitation (text/calendar)",
          params: IdParams,
          response: { 200: Type.String(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const meeting = await findMeeting(deps.db, callerOf(request).workspaceId, request.params.id);
        if (!meeting) throw notFound('meeting.not_found', 'Meeting');
        const ics = inviteFor(meeting, meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST', new Date(meeting.updatedAt));
        return reply.type('text/calendar; charset=utf-8').send(ics);
      },
    );

    app.post(
      '/api/meetings/:id/send',
      {
        config: { permission: 'activity.write' },
        schema: {
          tags: ['meetings'],
          summary: 'Send the invitation (METHOD:REQUEST) to the owner and the attendees, at a proposed time or the one given',
          params: IdParams,
          body: SendInviteInput,
          response: { 200: Meeting, ...errorResponses },
        },
      },
      async (request) => sendMeetingInvite(deps, callerOf(request), request.params.id, request.body ?? {}),
    );

    app.post(
      '/api/meetings/:id/reschedule',
      {
        config: { permission: 'activity.write' },
        schema: {
          tags: ['meetings'],
          summary: 'Move the call: an update goes out (same UID, higher SEQUENCE)',
          params: IdParams,
          body: RescheduleInput,
          response: { 200: Meeting, ...errorResponses },
        },
      },
      async (request) => rescheduleMeeting(deps, callerOf(request), request.params.id, request.body),
    );

    app.post(
      '/api/meetings/:id/cancel',
      {
        config: { permission: 'activity.write' },
        schema: {
          tags: ['meetings'],
          summary: 'Cancel the call: invited people get METHOD:CANCEL',
          params: IdParams,
          response: { 200: Meeting, ...errorResponses },
        },
      },
      async (request) => cancelMeeting(deps, callerOf(request), request.params.id),
    );

    app.post(
      '/api/meetings/:id/outcome',
      {
        config: { permission: 'activity.write' },
        schema: {
          tags: ['meetings'],
          summary: 'Record who attended and how the call went (held, no_show, rescheduled): a measurement event rules can trigger on',
          params: IdParams,
          body: OutcomeInput,
          response: { 200: Meeting, ...errorResponses },
        },
      },
      async (request) => recordMeetingOutcome(deps, callerOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/accounts/:id/watchers',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['meetings'],
          summary: "The account's watchers: people copied on client communications and project status changes, never given delivery tasks",
          params: IdParams,
          response: { 200: list(AccountWatcher), ...errorResponses },
        },
      },
      async (request) => {
        const { workspaceId } = callerOf(request);
        if (!(await findAccount(deps.db, workspaceId, request.params.id))) throw notFound('account.not_found', 'Account');
        return { items: await listAccountWatchers(deps.db, workspaceId, request.params.id) };
      },
    );
  };
