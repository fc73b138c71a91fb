// The workspace admin's allow-list: hosts rule webhooks may call although they are not public (an internal n8n).
import type { Actor } from '../domain/actor.ts';
import { invalid, type FieldIssue } from '../domain/errors.ts';
import { normaliseHost } from '../domain/webhook-targets.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { saveWebhookHosts } from '../adapters/db/workspaces.repo.ts';
import { flow, type FlowDeps } from './flow.ts';

/** Replaces the allow-list (each entry a host name or IP address); returns it as stored, in the form URLs are compared in. */
export const setWebhookHosts = flow(async (tx, _deps: FlowDeps, ctx: { workspaceId: string; actor: Actor }, entries: string[]): Promise<string[]> => {
  const issues: FieldIssue[] = [];
  const hosts: string[] = [];
  entries.forEach((entry, i) => {
    const result = normaliseHost(entry);
    if ('error' in result) issues.push({ path: `body:/allowedHosts/${i}`, message: result.error });
    else if (!hosts.includes(result.host)) hosts.push(result.host);
  });
  if (issues.length) throw invalid(issues);
  const { before, after } = await saveWebhookHosts(tx, ctx.workspaceId, hosts);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'webhooks.hosts_updated',
      entityType: 'workspace',
      entityId: ctx.workspaceId,
      before: { allowedHosts: before },
      after: { allowedHosts: after },
    },
  ]);
  return after;
});
