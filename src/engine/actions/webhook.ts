// webhook: POST the run's event and the deal as JSON to a public http(s) address (or a host an admin allowed),
// signed when a secret is set, with an Idempotency-Key. The call happens before the step's transaction through
// adapters/webhooks; a failed one is retried patiently (domain/rules/actions.ts), a refused address fails at once.
import { findWebhookHosts } from '../../adapters/db/workspaces.repo.ts';
import { callWebhook } from '../../adapters/webhooks/outbound.ts';
import { refusalText, targetRefusal } from '../../domain/webhook-targets.ts';
import type { ActionHandler } from './action.ts';

/** `allowedHosts` reads the workspace admin's allow-list when the call is made. */
export function webhookHandler(allowedHosts: (workspaceId: string) => Promise<readonly string[]>): ActionHandler<'webhook'> {
  return {
    type: 'webhook',
    async external(ctx, params) {
      const body = JSON.stringify({
        rule: { id: ctx.run.ruleId, name: ctx.run.ruleName, version: ctx.run.ruleVersion },
        runId: ctx.run.id,
        eventId: ctx.run.triggerEventId,
        subject: { type: ctx.run.subjectType, id: ctx.run.subjectId },
        deal: ctx.facts?.deal ?? null,
        account: ctx.facts?.account ?? null,
      });
      return callWebhook({
        url: params.url,
        body,
        secret: params.secret || undefined,
        idempotencyKey: ctx.key,
        allowedHosts: await allowedHosts(ctx.workspaceId),
      });
    },
    async run(_tx, _ctx, params, external) {
      return { summary: `POST ${params.url} answered ${String(external?.status)}`, output: external ?? {} };
    },
    async preview(db, ctx, params) {
      const refused = targetRefusal(params.url, await findWebhookHosts(db, ctx.workspaceId));
      if (refused) return { summary: `Would fail: ${params.url} ${refusalText(refused)}`, details: [] };
      return { summary: `POST the deal to ${params.url}`, details: [] };
    },
  };
}
