// Telling people: who a rule means (a role, a team role, a person, the deal owner, the CSM, the project owner, the
// account's watchers) and
// the in-app notifications and e-mails it sends them, once per action and person.
import { eventDepth, type Actor } from '../domain/actor.ts';
import type { DealFacts } from '../domain/deal-facts.ts';
import { AppError } from '../domain/errors.ts';
import type { Channel, RecipientType } from '../domain/rules/actions.ts';
import { isRole } from '../domain/roles.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { findBriefRow } from '../adapters/db/briefs.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { listAccountWatchers } from '../adapters/db/meetings.repo.ts';
import { insertMailMessages, insertNotifications } from '../adapters/db/notifications.repo.ts';
import { enqueueEvents } from '../adapters/db/outbox.repo.ts';
import { workspaceConfig, type PersonRecord } from '../adapters/db/workspace-config.repo.ts';

type Person = Pick<PersonRecord, 'id' | 'name' | 'email'>;

/** The active people a recipient spec means for a deal (none when the deal has no such person). */
export async function resolveRecipients(
  db: DbOrTx,
  input: { workspaceId: string; recipientType: RecipientType; recipient?: string | undefined; facts: DealFacts | undefined },
): Promise<Person[]> {
  const { workspaceId, facts } = input;
  const to = input.recipient ?? '';
  // People and the roster come from the workspace's set-up, at the version the deal's facts were read with.
  const config = await workspaceConfig(db, workspaceId, facts?.workspace.configVersion);
  const active = [...config.people.values()].filter((p) => p.active).sort((a, b) => a.name.localeCompare(b.name));
  const only = (ids: readonly (string | null | undefined)[]) => active.filter((p) => ids.includes(p.id));
  switch (input.recipientType) {
    case 'role':
      if (!isRole(to)) throw new AppError('action.failed', 'invalid', `"${to}" is not a role`);
      return active.filter((p) => p.role === to);
    case 'team':
      return only(config.roster.find((r) => r.key === to)?.members.map((m) => m.userId) ?? []);
    case 'user':
      return only([to]);
    case 'deal_owner':
      return only([facts?.deal.ownerId]);
    case 'account_csm':
      return only([facts?.account.csmId]);
    case 'handoff_csm': {
      // The CSM the brief names reviews it; the account's CSM while the brief names none (or an inactive one), as
      // the CSM's review task picks them: the notification and the task go to the same person.
      const brief = facts ? await findBriefRow(db, workspaceId, { opportunityId: facts.deal.id }) : undefined;
      const id = [brief?.csm_id, facts?.account.csmId].find((candidate) => !!candidate && active.some((p) => p.id === candidate));
      return only([id]);
    }
    case 'project_owner':
      return only([(facts?.projects ?? []).map((p) => p.ownerId).find((id): id is string => !!id)]);
    case 'account_watchers':
      return facts ? only((await listAccountWatchers(db, workspaceId, facts.account.id)).map((w) => w.userId)) : [];
  }
}

export type Sent = { type: 'notification' | 'mail'; id: string; label: string };

/**
 * Sends a rule's message to people in the caller's transaction: in-app notifications and/or e-mails (queued for
 * the mailer through the outbox). Keys per action and person make a repeated step send nothing twice.
 */
export async function notifyPeople(
  tx: Tx,
  input: {
    workspaceId: string;
    people: readonly Person[];
    channel: Channel;
    title: string;
    body: string;
    /** The e-mail's HTML version (the body stays its text). */
    html?: string | undefined;
    subject: { type: string; id: string };
    eventId: string | null;
    runId: string | null;
    key: string;
    actor: Actor;
  },
): Promise<Sent[]> {
  const { workspaceId, people, title, body } = input;
  const sent: Sent[] = [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  if (input.channel !== 'email') {
    const rows = await insertNotifications(
      tx,
      workspaceId,
      people.map((p) => ({
        userId: p.id,
        kind: 'rule',
        title,
        body,
        subjectType: input.subject.type,
        subjectId: input.subject.id,
        eventId: input.eventId,
        originRunId: input.runId,
        originKey: `${input.key}:in_app:${p.id}`,
      })),
    );
    sent.push(...rows.map((r) => ({ type: 'notification' as const, id: r.id, label: names.get(r.userId) ?? 'someone' })));
  }
  if (input.channel !== 'in_app') {
    const mails = await insertMailMessages(
      tx,
      workspaceId,
      people.map((p) => ({
        toUserId: p.id,
        toAddress: p.email,
        subject: title,
        body,
        html: input.html,
        originRunId: input.runId,
        originKey: `${input.key}:email:${p.id}`,
      })),
    );
    await enqueueEvents(
      tx,
      workspaceId,
      mails.map((m) => ({
        type: 'mail.requested' as const,
        subjectType: 'mail' as const,
        subjectId: m.id,
        idempotencyKey: `mail.requested:${m.id}`,
        payload: { mailId: m.id, depth: eventDepth(input.actor) },
      })),
    );
    sent.push(...mails.map((m) => ({ type: 'mail' as const, id: m.id, label: m.toAddress })));
  }
  await recordAudit(
    tx,
    workspaceId,
    input.actor,
    sent.map((c) => ({
      action: c.type === 'mail' ? 'mail.queued' : 'notification.sent',
      entityType: c.type,
      entityId: c.id,
      after: { to: c.label, title, runId: input.runId },
    })),
  );
  return sent;
}

/**
 * Tells a person they were given a project (by a rule, a template or a person), in the app, once per project and
 * owner: giving the same person the project again sends nothing. Nobody is told of what they did themselves.
 */
export async function tellProjectOwner(
  tx: Tx,
  input: { workspaceId: string; projectId: string; projectName: string; ownerId: string | null | undefined; actor: Actor },
): Promise<void> {
  const { ownerId } = input;
  if (!ownerId || (input.actor.type === 'user' && input.actor.id === ownerId)) return;
  await insertNotifications(tx, input.workspaceId, [
    {
      userId: ownerId,
      kind: 'project_owner',
      title: `You own the project ${input.projectName}`,
      body: `${input.actor.label} made you the owner of the delivery project ${input.projectName}.`,
      subjectType: 'project',
      subjectId: input.projectId,
      eventId: null,
      originRunId: input.actor.cause?.runId ?? null,
      originKey: `project-owner:${input.projectId}:${ownerId}`,
    },
  ]);
}
