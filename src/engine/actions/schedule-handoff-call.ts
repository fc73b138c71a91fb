// schedule_handoff_call: proposes the won deal's handoff call (owner, required attendees, free times), once per deal;
// set to invite, it sends the iCalendar invitation at the first free time.
import { planHandoffCall, proposeHandoffCall, sendMeetingInviteIn } from '../../flows/meetings.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

const roleWords: Record<string, string> = { sales_rep: 'sales rep', pm: 'PM', tech_lead: 'technical lead' };

export const scheduleHandoffCall: ActionHandler<'schedule_handoff_call'> = {
  type: 'schedule_handoff_call',
  async run(tx, ctx, params) {
    const facts = dealOf(ctx);
    const roles = { ...(params.pmRole && { pmRole: params.pmRole }), ...(params.techRole && { techRole: params.techRole }) };
    const { meeting, created, plan } = await proposeHandoffCall(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      facts,
      now: ctx.now,
      runId: ctx.run.id,
      roles,
    });
    if (!created)
      return { status: 'skipped', summary: `${facts.deal.name} has its handoff call already (${meeting.status})`, output: { meetingId: meeting.id } };
    const missing = plan.missing.length > 0 ? `; nobody found as ${plan.missing.map((r) => roleWords[r]).join(', ')}` : '';
    let summary = `Handoff call proposed with ${meeting.attendees.map((a) => `${a.name} (${roleWords[a.role]})`).join(', ')}${missing}`;
    if (params.then === 'invite' && meeting.proposedTimes.length > 0) {
      const sent = await sendMeetingInviteIn(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor }, ctx.now, meeting.id);
      summary += `; invitation sent for ${sent.startsAt}`;
    }
    return { summary, created: [{ type: 'meeting', id: meeting.id, label: meeting.title }], output: { meetingId: meeting.id, missing: plan.missing } };
  },
  async preview(db, ctx, params) {
    const facts = dealOf(ctx);
    const roles = { ...(params.pmRole && { pmRole: params.pmRole }), ...(params.techRole && { techRole: params.techRole }) };
    const plan = await planHandoffCall(db, { workspaceId: ctx.workspaceId, facts, now: ctx.now, roles });
    return {
      summary: `Handoff call with ${plan.attendees.map((a) => roleWords[a.role]).join(', ') || 'nobody'}, first free time ${plan.proposedTimes[0]?.start ?? 'none'}`,
      details: plan.missing.map((r) => `No ${roleWords[r]} found`),
    };
  },
};
