// Saved views: a person names the filters of a list (the deals list or the delivery dashboard) to open it again, and
// may share it with the workspace.
import type { Actor } from '../domain/actor.ts';
import { dashboardFilterIssues } from '../domain/dashboard-filters.ts';
import { dealFilterIssues } from '../domain/deal-filters.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { deleteView, findView, insertView, lockView, updateView, type SavedViewRecord } from '../adapters/db/saved-views.repo.ts';
import { viewFilterKeys, type ViewEntity } from '../schemas/views.ts';
import { flow } from './flow.ts';

export type ViewCtx = { workspaceId: string; actor: Actor; userId: string | null };
type Filters = Record<string, unknown> & Parameters<typeof dealFilterIssues>[0] & Parameters<typeof dashboardFilterIssues>[0];

const nameTaken = (name: string) =>
  new AppError('view.name_taken', 'conflict', `You already have a view named "${name}"`, { fields: [{ path: 'body:/name', message: 'is taken' }] });

function personOf(ctx: ViewCtx): string {
  if (!ctx.userId) throw new AppError('view.needs_person', 'forbidden', 'Saved views belong to a person; an API token cannot own one');
  return ctx.userId;
}

/** The filters of the view's own list only (a deals list's amount is no filter of the dashboard), consistent together. */
function checkFilters(entity: ViewEntity, filters: Filters | undefined): void {
  if (!filters) return;
  const at = 'body:/filters';
  const allowed = viewFilterKeys[entity];
  const issues: FieldIssue[] = Object.keys(filters)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ path: `${at}/${key}`, message: `is not a filter of the ${entity === 'dashboard' ? 'delivery dashboard' : 'deals list'}` }));
  issues.push(...(entity === 'dashboard' ? dashboardFilterIssues(filters, at) : dealFilterIssues(filters, at)));
  if (issues.length) throw invalid(issues, `The view's filters are not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
}

/** The caller's own view, locked; a view of someone else's is not found unless shared, and then not theirs to change. */
async function lockOwnView(tx: Tx, ctx: ViewCtx, id: string) {
  const userId = personOf(ctx);
  const row = await lockView(tx, ctx.workspaceId, id);
  if (!row || (row.owner_id !== userId && !row.shared)) throw notFound('view.not_found', 'Saved view');
  if (row.owner_id !== userId) throw new AppError('view.not_yours', 'forbidden', 'Only the person who saved a view can change or delete it');
  return row;
}

const auditOf = (v: { name: string; entity: string; filters: unknown; shared: boolean }) => ({
  name: v.name,
  entity: v.entity,
  filters: v.filters,
  shared: v.shared,
});

/** Saves the caller's filters of a list under a name (once per person and list). */
export const createView = flow(
  async (tx, _deps, ctx: ViewCtx, input: { name: string; entity?: ViewEntity | undefined; filters: Filters; shared?: boolean | undefined }) => {
    const ownerId = personOf(ctx);
    const entity = input.entity ?? 'opportunities';
    checkFilters(entity, input.filters);
    const id = newId();
    const name = input.name.trim();
    const row = { name, entity, filters: input.filters, shared: input.shared ?? false };
    const inserted = await insertView(tx, { id, workspace_id: ctx.workspaceId, owner_id: ownerId, ...row, filters: JSON.stringify(row.filters) });
    if (!inserted) throw nameTaken(name);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'view.created', entityType: 'saved_view', entityId: id, after: auditOf(row) }]);
    return (await findView(tx, ctx.workspaceId, id))!;
  },
);

/** Renames the caller's view, replaces its filters, or shares or unshares it. */
export const changeView = flow(
  async (tx, _deps, ctx: ViewCtx, id: string, changes: { name?: string | undefined; filters?: Filters | undefined; shared?: boolean | undefined }) => {
    const before = await lockOwnView(tx, ctx, id);
    // The table's check constraint holds entity to the schema's list.
    checkFilters(before.entity as ViewEntity, changes.filters);
    const name = changes.name?.trim();
    const result = await updateView(tx, ctx.workspaceId, id, { ...changes, name });
    if (result === 'name_taken') throw nameTaken(name ?? before.name);
    const after = (await findView(tx, ctx.workspaceId, id))!;
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'view.updated', entityType: 'saved_view', entityId: id, before: auditOf(before), after: auditOf(after) },
    ]);
    return after;
  },
);

/** Deletes the caller's view (a shared one disappears for everyone). */
export const removeView = flow(async (tx, _deps, ctx: ViewCtx, id: string): Promise<void> => {
  const before = await lockOwnView(tx, ctx, id);
  await deleteView(tx, ctx.workspaceId, id);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'view.deleted', entityType: 'saved_view', entityId: id, before: auditOf(before) }]);
});

export type { SavedViewRecord };
