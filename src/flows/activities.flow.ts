// Logging a note, call, e-mail or meeting against an opportunity or an account.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { invalid } from '../domain/errors.ts';
import { findActivity, insertActivity, type Activity, type ActivityKind } from '../adapters/db/activities.repo.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { newId } from '../adapters/db/ids.ts';
import { findOpportunityAccountId } from '../adapters/db/opportunities.repo.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { flow } from './flow.ts';
import { requireOptionalRef } from './references.ts';

export type ActivityInput = {
  kind: ActivityKind;
  body: string;
  subject?: string | null;
  occurredAt?: string;
  opportunityId?: string;
  accountId?: string;
  contactId?: string | null;
};

/** Logs an activity on a deal (or an account) and announces it: rules follow up (a brief in review is refreshed). */
export const logActivity = flow(async (tx, deps, ctx: { workspaceId: string; actor: Actor }, input: ActivityInput): Promise<Activity> => {
  if (!input.opportunityId && !input.accountId) {
    throw invalid([{ path: '/opportunityId', message: 'give an opportunityId or an accountId' }]);
  }
  const id = newId();
  let accountId = input.accountId;
  if (input.opportunityId) {
    const dealAccountId = await findOpportunityAccountId(tx, ctx.workspaceId, input.opportunityId);
    if (!dealAccountId) throw invalid([{ path: '/opportunityId', message: 'no opportunity with this id in your workspace' }]);
    if (accountId && accountId !== dealAccountId) throw invalid([{ path: '/accountId', message: "must be the opportunity's account" }]);
    accountId = dealAccountId;
  } else {
    await requireOptionalRef(tx, ctx.workspaceId, 'accounts', accountId, '/accountId');
  }
  await requireOptionalRef(tx, ctx.workspaceId, 'contacts', input.contactId, '/contactId');
  await insertActivity(tx, {
    id,
    workspace_id: ctx.workspaceId,
    account_id: accountId!,
    opportunity_id: input.opportunityId ?? null,
    contact_id: input.contactId ?? null,
    kind: input.kind,
    subject: input.subject ?? null,
    body: input.body,
    occurred_at: input.occurredAt ? new Date(input.occurredAt) : deps.now(),
    author_id: ctx.actor.type === 'user' ? ctx.actor.id : null,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'activity.logged', entityType: 'activity', entityId: id, after: input }]);
  // Rules can follow up on a new note (the core rule refreshes the deal's handoff brief).
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'activity.logged',
    subjectType: input.opportunityId ? 'opportunity' : 'account',
    subjectId: input.opportunityId ?? accountId!,
    idempotencyKey: `activity.logged:${id}`,
    payload: { activityId: id, kind: input.kind, opportunityId: input.opportunityId ?? null, accountId, depth: eventDepth(ctx.actor) },
  });
  return (await findActivity(tx, ctx.workspaceId, id))!;
});
