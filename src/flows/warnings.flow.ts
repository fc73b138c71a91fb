// What needs a person's attention in delivery: won clients without a project, projects without an owner,
// tasks nobody could take, failed or stuck rule runs and outbox events.

import { can, type Role } from '../domain/roles.ts';
import { hideWebhookResponse } from '../domain/rules/secrets.ts';
import type { DbOrTx } from '../adapters/db/database.ts';
import { openTaskStatuses } from '../adapters/db/projects.repo.ts';
import { stuckAfterMs } from '../adapters/db/rules.repo.ts';

export type Warning = {
  kind: 'client_without_project' | 'project_without_owner' | 'task_flagged' | 'run_failed' | 'run_stuck' | 'event_stuck';
  severity: 'warning' | 'error';
  message: string;
  subject: { type: 'account' | 'project' | 'task' | 'run' | 'event' | 'opportunity'; id: string; name: string };
  since: string;
  path: string;
};

const cap = 100;

/** Warnings for a viewer: operations see all; others see those about deals, projects and tasks they own. */
export async function listWarnings(db: DbOrTx, workspaceId: string, viewer: { userId: string | null; role: Role }, now: Date): Promise<Warning[]> {
  const all = viewer.role === 'admin' || viewer.role === 'ops';
  const me = viewer.userId ?? '00000000-0000-0000-0000-000000000000';
  const warnings: Warning[] = [];

  // A won deal whose client has no project (neither for this deal nor an open one it could join).
  let unplanned = db
    .selectFrom('deal_outcomes as w')
    .innerJoin('opportunities as o', 'o.id', 'w.opportunity_id')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('pipelines as p', 'p.id', 'o.pipeline_id')
    .select(['o.id', 'o.name', 'a.id as account_id', 'a.name as account_name', 'w.created_at', 'p.project_creation'])
    .where('w.workspace_id', '=', workspaceId)
    .where('w.outcome', '=', 'won')
    .where('w.reopened_at', 'is', null)
    .where('a.status', '=', 'active')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('project_deals as d').select('d.id').whereRef('d.opportunity_id', '=', 'o.id'))));
  if (!all) unplanned = unplanned.where('o.owner_id', '=', me);
  for (const r of await unplanned.orderBy('w.created_at', 'desc').limit(cap).execute()) {
    warnings.push({
      kind: 'client_without_project',
      severity: 'warning',
      message: `${r.account_name} is an active client without a delivery project for "${r.name}"${r.project_creation === 'manual' ? ': create it from the deal' : ''}`,
      subject: { type: 'opportunity', id: r.id, name: r.name },
      since: r.created_at.toISOString(),
      path: `/opportunities/${r.id}`,
    });
  }

  let ownerless = db
    .selectFrom('projects as p')
    .innerJoin('opportunities as o', 'o.id', 'p.opportunity_id')
    .select(['p.id', 'p.name', 'p.created_at'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.owner_id', 'is', null)
    .where('p.status', 'not in', ['done', 'cancelled']);
  if (!all) ownerless = ownerless.where('o.owner_id', '=', me);
  for (const r of await ownerless.orderBy('p.created_at', 'desc').limit(cap).execute()) {
    warnings.push({
      kind: 'project_without_owner',
      severity: 'warning',
      message: `Project "${r.name}" has no owner (project manager)`,
      subject: { type: 'project', id: r.id, name: r.name },
      since: r.created_at.toISOString(),
      path: `/projects/${r.id}`,
    });
  }

  let flagged = db
    .selectFrom('tasks as t')
    .leftJoin('opportunities as o', 'o.id', 't.opportunity_id')
    .leftJoin('projects as p', 'p.id', 't.project_id')
    .select(['t.id', 't.title', 't.flag_reason', 't.created_at'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.flagged', '=', true)
    .where('t.status', 'in', [...openTaskStatuses]);
  if (!all) flagged = flagged.where((eb) => eb.or([eb('t.owner_id', '=', me), eb('o.owner_id', '=', me), eb('p.owner_id', '=', me)]));
  for (const r of await flagged.orderBy('t.created_at', 'desc').limit(cap).execute()) {
    warnings.push({
      kind: 'task_flagged',
      severity: 'warning',
      message: `"${r.title}": ${r.flag_reason ?? 'assigned by fallback'}`,
      subject: { type: 'task', id: r.id, name: r.title },
      since: r.created_at.toISOString(),
      path: `/tasks/${r.id}`,
    });
  }

  if (all || can(viewer.role, 'rules.manage')) {
    const limit = new Date(now.getTime() - stuckAfterMs);
    const runs = await db
      .selectFrom('rule_runs as r')
      .innerJoin('rules as ru', 'ru.id', 'r.rule_id')
      .select(['r.id', 'r.status', 'r.error', 'r.created_at', 'r.trigger_label', 'ru.name'])
      .where('r.workspace_id', '=', workspaceId)
      .where((eb) =>
        eb.or([
          eb('r.status', '=', 'failed'),
          eb.and([eb('r.status', '=', 'running'), eb('r.locked_until', '<', limit)]),
          eb.and([eb('r.status', 'in', ['pending', 'retrying']), eb('r.next_attempt_at', '<', limit)]),
        ]),
      )
      .orderBy('r.id', 'desc')
      .limit(cap)
      .execute();
    for (const r of runs) {
      const failed = r.status === 'failed';
      warnings.push({
        kind: failed ? 'run_failed' : 'run_stuck',
        severity: 'error',
        message: failed
          ? `Rule "${r.name}" failed: ${(can(viewer.role, 'webhooks.manage') ? r.error : hideWebhookResponse(r.error)) ?? 'unknown error'}`
          : `Rule "${r.name}" has been ${r.status} for more than ${stuckAfterMs / 60000} minutes`,
        subject: { type: 'run', id: r.id, name: r.name },
        since: r.created_at.toISOString(),
        path: `/runs/${r.id}`,
      });
    }
    const events = await db
      .selectFrom('outbox_events')
      .select(['id', 'type', 'status', 'last_error', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<', limit)])]))
      .orderBy('id', 'desc')
      .limit(cap)
      .execute();
    for (const e of events) {
      warnings.push({
        kind: 'event_stuck',
        severity: 'error',
        message:
          e.status === 'failed'
            ? `Event ${e.type} could not be delivered: ${e.last_error ?? ''}`
            : `Event ${e.type} has waited more than ${stuckAfterMs / 60000} minutes`,
        subject: { type: 'event', id: e.id, name: e.type },
        since: e.created_at.toISOString(),
        path: `/outbox/${e.id}`,
      });
    }
  }
  return warnings.sort((a, b) => (a.severity === b.severity ? b.since.localeCompare(a.since) : a.severity === 'error' ? -1 : 1));
}
