// What needs a person's attention in delivery: won clients without a project, projects without an owner,
// tasks nobody could take, failed or stuck rule runs and outbox events.

import { can, type Role } from '../domain/roles.ts';
import { hideWebhookResponse } from '../domain/rules/secrets.ts';
import type { DbOrTx } from '../adapters/db/database.ts';
import { stuckAfterMs } from '../adapters/db/rules.repo.ts';
import { eventsNeedingAttention, flaggedTasks, ownerlessProjects, reopenHolds, runsNeedingAttention, unplannedWins } from '../adapters/db/warnings.repo.ts';

export type Warning = {
  kind: 'client_without_project' | 'project_without_owner' | 'task_flagged' | 'run_failed' | 'run_stuck' | 'event_stuck' | 'project_on_hold_reopened';
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

  const owner = all ? undefined : me;
  const operations = all || can(viewer.role, 'rules.manage');
  const stuckBefore = new Date(now.getTime() - stuckAfterMs);
  // The lists are independent reads: asked for together (a pool answers them side by side).
  const [unplanned, ownerless, flagged, runs, events, holds] = await Promise.all([
    unplannedWins(db, workspaceId, owner, cap),
    ownerlessProjects(db, workspaceId, owner, cap),
    flaggedTasks(db, workspaceId, owner, cap),
    operations ? runsNeedingAttention(db, workspaceId, stuckBefore, cap) : [],
    operations ? eventsNeedingAttention(db, workspaceId, stuckBefore, cap) : [],
    reopenHolds(db, workspaceId, owner, cap),
  ]);

  // A won deal reopened: its project waits on hold until someone decides (win again, resume or cancel).
  for (const r of holds) {
    warnings.push({
      kind: 'project_on_hold_reopened',
      severity: 'warning',
      message: `Project "${r.name}" is on hold: its deal "${r.deal_name}" was reopened. Win the deal again, or resume or cancel the project`,
      subject: { type: 'project', id: r.id, name: r.name },
      since: r.reopen_hold_at!.toISOString(),
      path: `/projects/${r.id}`,
    });
  }

  // A won deal whose client has no project (neither for this deal nor an open one it could join).
  for (const r of unplanned) {
    warnings.push({
      kind: 'client_without_project',
      severity: 'warning',
      message: `${r.account_name} is an active client without a delivery project for "${r.name}"${r.project_creation === 'manual' ? ': create it from the deal' : ''}`,
      subject: { type: 'opportunity', id: r.id, name: r.name },
      since: r.created_at.toISOString(),
      path: `/opportunities/${r.id}`,
    });
  }

  for (const r of ownerless) {
    warnings.push({
      kind: 'project_without_owner',
      severity: 'warning',
      message: `Project "${r.name}" has no owner (project manager)`,
      subject: { type: 'project', id: r.id, name: r.name },
      since: r.created_at.toISOString(),
      path: `/projects/${r.id}`,
    });
  }

  for (const r of flagged) {
    warnings.push({
      kind: 'task_flagged',
      severity: 'warning',
      message: `"${r.title}": ${r.flag_reason ?? 'assigned by fallback'}`,
      subject: { type: 'task', id: r.id, name: r.title },
      since: r.created_at.toISOString(),
      path: `/tasks/${r.id}`,
    });
  }

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
  return warnings.sort((a, b) => (a.severity === b.severity ? b.since.localeCompare(a.since) : a.severity === 'error' ? -1 : 1));
}
