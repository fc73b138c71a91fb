// The workspace's loss reasons: add one, rename, archive or restore it, move it in the list; new workspaces get the defaults.
import type { Actor } from '../domain/actor.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { keyFrom } from '../domain/keys.ts';
import { defaultLossReasons, type LossReason } from '../domain/loss-reasons.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import { insertLossReason, listLossReasons, lockLossReasons, updateLossReasonRow } from '../adapters/db/loss-reasons.repo.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

/** A list of reasons is short: a workspace keeps at most this many, archived ones included. */
export const maxLossReasons = 100;

function checkLabel(label: string): string {
  const trimmed = label.trim();
  if (!trimmed) throw invalid([{ path: 'body:/label', message: 'A loss reason needs a label' }]);
  return trimmed;
}

/** Adds a reason at the end of the list (its key from the label unless given). */
export const createLossReason = flow(async (tx, _deps, ctx: Ctx, input: { label: string; key?: string | undefined }): Promise<LossReason> => {
  const label = checkLabel(input.label);
  const existing = await lockLossReasons(tx, ctx.workspaceId);
  if (existing.length >= maxLossReasons)
    throw invalid([{ path: 'body:/label', message: `A workspace keeps at most ${maxLossReasons} loss reasons: archive or rename one instead` }]);
  const key = input.key ?? keyFrom(label, 'reason');
  const reason = await insertLossReason(tx, ctx.workspaceId, { key, label });
  if (!reason)
    throw new AppError('loss_reason.key_taken', 'conflict', `A loss reason with key "${key}" exists`, { fields: [{ path: 'body:/key', message: 'is taken' }] });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'loss_reason.created', entityType: 'loss_reason', entityId: reason.id, after: reason }]);
  return reason;
});

/** Renames, archives (or restores) a reason, or moves it to `position` (1-based) in the list; the others close up. */
export const updateLossReason = flow(
  async (tx, _deps, ctx: Ctx, id: string, patch: { label?: string | undefined; archived?: boolean | undefined; position?: number | undefined }) => {
    const reasons = await lockLossReasons(tx, ctx.workspaceId);
    const before = reasons.find((r) => r.id === id);
    if (!before) throw notFound('loss_reason.not_found', 'Loss reason');
    const label = patch.label === undefined ? undefined : checkLabel(patch.label);
    if (label !== undefined || patch.archived !== undefined)
      await updateLossReasonRow(tx, ctx.workspaceId, id, {
        ...(label !== undefined && { label }),
        ...(patch.archived !== undefined && { archived: patch.archived }),
      });
    if (patch.position !== undefined) {
      const order = reasons.filter((r) => r.id !== id);
      order.splice(Math.min(Math.max(patch.position, 1), reasons.length) - 1, 0, before);
      for (const [i, r] of order.entries()) if (r.position !== i + 1) await updateLossReasonRow(tx, ctx.workspaceId, r.id, { position: i + 1 });
    }
    const after = (await listLossReasons(tx, ctx.workspaceId)).find((r) => r.id === id)!;
    if (JSON.stringify(before) !== JSON.stringify(after))
      await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'loss_reason.updated', entityType: 'loss_reason', entityId: id, before, after }]);
    return after;
  },
);

/** Gives a workspace the default reasons (price, competitor, no budget, no decision, timing, other). */
export const seedLossReasons = flow(async (tx, deps, ctx: Ctx): Promise<void> => {
  for (const reason of defaultLossReasons) await createLossReason.in(tx, deps, ctx, reason);
});
