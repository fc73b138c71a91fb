// notify: an in-app notification and/or an e-mail to the people a recipient spec means for the deal.
import { fillTemplate } from '../../domain/rules/template-text.ts';
import { notifyPeople, resolveRecipients } from '../../flows/notifications.flow.ts';
import type { ActionHandler } from './action.ts';

export const notify: ActionHandler<'notify'> = {
  type: 'notify',
  async run(tx, ctx, params) {
    const people = await resolveRecipients(tx, {
      workspaceId: ctx.workspaceId,
      recipientType: params.recipientType,
      recipient: params.recipient,
      facts: ctx.facts,
    });
    if (people.length === 0)
      return {
        status: 'skipped',
        summary: `Nobody to notify (${params.recipientType}${params.recipient ? ` ${params.recipient}` : ''} has no active person)`,
      };
    const sent = await notifyPeople(tx, {
      workspaceId: ctx.workspaceId,
      people,
      channel: params.channel,
      title: fillTemplate(params.title, ctx.facts),
      body: fillTemplate(params.body, ctx.facts),
      subject: ctx.facts ? { type: 'opportunity', id: ctx.facts.deal.id } : { type: ctx.run.subjectType, id: ctx.run.subjectId },
      eventId: ctx.run.triggerEventId,
      runId: ctx.run.id,
      key: ctx.key,
      actor: ctx.actor,
    });
    return { summary: `Notified ${people.map((p) => p.name).join(', ')} (${params.channel.replace('_', '-')})`, created: sent };
  },
  async preview(db, ctx, params) {
    const people = await resolveRecipients(db, {
      workspaceId: ctx.workspaceId,
      recipientType: params.recipientType,
      recipient: params.recipient,
      facts: ctx.facts,
    });
    return {
      summary: people.length === 0 ? 'Nobody to notify' : `Notify ${people.map((p) => p.name).join(', ')} (${params.channel.replace('_', '-')})`,
      details: [`Title: ${fillTemplate(params.title, ctx.facts)}`],
    };
  },
};
