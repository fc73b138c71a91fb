// Logging a note, call, e-mail or meeting against an opportunity or an account.
import { eventDepth, type Actor } from '../domain/actor.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';
import { invalid } from '../domain/errors.ts';
import { findActivity, type Activity, type ActivityKind } from '../adapters/db/activities.repo.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { newId } from '../adapters/db/ids.ts';
import type { Deps } from './deps.ts';
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

export async function logActivity(deps: Deps, ctx: { workspaceId: string; actor: Actor }, input: ActivityInput): Promise<Activity> {
  if (!input.opportunityId && !input.accountId) {
    throw invalid([{ path: '/opportunityId', message: 'give an opportunityId or an accountId' }]);
  }
  const id = newId();
  await deps.db.transaction().execute(async (tx) => {
    let accountId = input.accountId;
    if (input.opportunityId) {
      const opp = await tx
        .selectFrom('opportunities')
        .select('account_id')
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', input.opportunityId)
        .executeTakeFirst();
      if (!opp) throw invalid([{ path: '/opportunityId', message: 'no opportunity with this id in your workspace' }]);
      if (accountId && accountId !== opp.account_id) throw invalid([{ path: '/accountId', message: "must be the opportunity's account" }]);
      accountId = opp.account_id;
    } else {
      await requireOptionalRef(tx, ctx.workspaceId, 'accounts', accountId, '/accountId');
    }
    await requireOptionalRef(tx, ctx.workspaceId, 'contacts', input.contactId, '/contactId');
    await tx
      .insertInto('activities')
      .values({
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
      })
      .execute();
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'activity.logged', entityType: 'activity', entityId: id, after: input }]);
    // Rules can follow up on a new note (the core rule refreshes the deal's handoff brief).
    await enqueueEvent(tx, ctx.workspaceId, {
      type: 'activity.logged',
      subjectType: input.opportunityId ? 'opportunity' : 'account',
      subjectId: input.opportunityId ?? accountId!,
      idempotencyKey: `activity.logged:${id}`,
      payload: { activityId: id, kind: input.kind, opportunityId: input.opportunityId ?? null, accountId, depth: eventDepth(ctx.actor) },
    });
  });
  deps.wakeOutbox();
  return (await findActivity(deps.db, ctx.workspaceId, id))!;
}
