// The event a task's completion emits, whoever completes it: a person, or the handoff review that settles its task.
import { eventDepth, type Actor } from '../domain/actor.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { enqueueEvent } from '../adapters/db/outbox.repo.ts';

export type CompletedTask = { id: string; title: string; template_key: string | null; opportunity_id: string | null; project_id: string | null };

/** Queues task.completed in the caller's transaction (each completion is its own event: a task reopened and done again emits again). */
export async function emitTaskCompleted(tx: Tx, ctx: { workspaceId: string; actor: Actor }, row: CompletedTask): Promise<void> {
  await enqueueEvent(tx, ctx.workspaceId, {
    type: 'task.completed',
    subjectType: 'task',
    subjectId: row.id,
    idempotencyKey: `task.completed:${row.id}:${newId()}`,
    payload: {
      taskId: row.id,
      title: row.title,
      templateKey: row.template_key,
      opportunityId: row.opportunity_id,
      projectId: row.project_id,
      actor: ctx.actor.label,
      depth: eventDepth(ctx.actor),
    },
  });
}
