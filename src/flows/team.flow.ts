// The team roster (delivery and sales roles, their people and how work is shared), the workspace calendar, and per-pipeline project creation.
import type { Actor } from '../domain/actor.ts';
import type { AssignmentStrategy, TeamRoleKind } from '../domain/assignment.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  getCalendarSettings,
  insertTeamRole,
  listTeamRoles,
  lockTeamRole,
  replaceTeamMembers,
  saveCalendar,
  updateTeamRoleRow,
  type CalendarSettings,
  type TeamRole,
} from '../adapters/db/team.repo.ts';
import { workspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import { findUserRoles } from '../adapters/db/workspaces.repo.ts';
import { salesRoleIssues } from '../domain/project-plan.ts';
import { keyFrom } from '../domain/keys.ts';
import { flow, type FlowDeps } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type TeamRoleInput = {
  key?: string | undefined;
  name: string;
  /** 'delivery' when left out on create; kept as it is when left out on a change. */
  kind?: TeamRoleKind | undefined;
  strategy: AssignmentStrategy;
  fixedUserId?: string | null | undefined;
  members: { userId: string; isLead?: boolean | undefined }[];
};

export { listTeamRoles, type TeamRole };

/**
 * The people of a role exist in the workspace, and a delivery role has no sales people (they never take delivery
 * work); a sales role may have them. `kindChanged` names the field the refusal is about when the kind is what changed.
 */
async function checkPeople(tx: Tx, workspaceId: string, input: TeamRoleInput, kind: TeamRoleKind, kindChanged = false): Promise<void> {
  const ids = [...new Set([...input.members.map((m) => m.userId), ...(input.fixedUserId ? [input.fixedUserId] : [])])];
  const found = await findUserRoles(tx, workspaceId, ids);
  const known = new Map(found.map((u) => [u.id, u.role]));
  const issues = input.members.flatMap((m, i) => {
    if (!known.has(m.userId)) return [{ path: `body:/members/${i}/userId`, message: 'no user with this id in your workspace' }];
    if (kind === 'delivery' && known.get(m.userId) === 'sales') {
      const name = found.find((u) => u.id === m.userId)?.name ?? m.userId;
      return kindChanged
        ? [{ path: 'body:/kind', message: `${name} sells and is a member: salespeople are not given delivery tasks (take them off the role first)` }]
        : [{ path: `body:/members/${i}/userId`, message: `${name} sells: salespeople are not given delivery tasks (use a sales role)` }];
    }
    return [];
  });
  if (input.fixedUserId && !known.has(input.fixedUserId)) issues.push({ path: 'body:/fixedUserId', message: 'no user with this id in your workspace' });
  if (input.strategy === 'fixed' && !input.fixedUserId) issues.push({ path: 'body:/fixedUserId', message: 'is required for the "fixed" strategy' });
  if (new Set(input.members.map((m) => m.userId)).size !== input.members.length) issues.push({ path: 'body:/members', message: 'lists a person twice' });
  if (issues.length) throw invalid(issues);
}

/** A delivery role a current project template uses does not become a sales role: the template's tasks are delivery work. */
async function refuseTemplateUse(tx: Tx, workspaceId: string, roleKey: string): Promise<void> {
  const { templates } = await workspaceConfig(tx, workspaceId);
  const using = templates.find((t) => salesRoleIssues(t.definition, new Set([roleKey])).length > 0);
  if (using)
    throw invalid([
      { path: 'body:/kind', message: `the project template "${using.name}" gives this role its tasks, which are delivery work; use another role there first` },
    ]);
}

/** A role of the team roster (its key from its name unless given; a delivery role unless said), with its people. */
export const createTeamRole = flow(async (tx, _deps, ctx: Ctx, input: TeamRoleInput): Promise<TeamRole> => {
  const kind = input.kind ?? 'delivery';
  await checkPeople(tx, ctx.workspaceId, input, kind);
  const id = newId();
  const key = input.key ?? keyFrom(input.name, 'role');
  const row = await insertTeamRole(tx, {
    id,
    workspace_id: ctx.workspaceId,
    key,
    name: input.name.trim(),
    kind,
    strategy: input.strategy,
    fixed_user_id: input.fixedUserId ?? null,
  });
  if (!row)
    throw new AppError('team_role.key_taken', 'conflict', `A team role with key "${key}" exists`, { fields: [{ path: 'body:/key', message: 'is taken' }] });
  await replaceTeamMembers(tx, ctx.workspaceId, id, input.members);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'team_role.created', entityType: 'team_role', entityId: id, after: { ...input, kind } }]);
  return (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id)!;
});

export const updateTeamRole = flow(async (tx, _deps: FlowDeps, ctx: Ctx, id: string, input: TeamRoleInput): Promise<TeamRole> => {
  const row = await lockTeamRole(tx, ctx.workspaceId, id);
  if (!row) throw notFound('team_role.not_found', 'Team role');
  const kind = input.kind ?? (row.kind as TeamRoleKind);
  await checkPeople(tx, ctx.workspaceId, input, kind, kind !== row.kind);
  if (kind === 'sales' && row.kind !== 'sales') await refuseTemplateUse(tx, ctx.workspaceId, row.key);
  const before = (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id);
  await updateTeamRoleRow(tx, ctx.workspaceId, id, { name: input.name.trim(), kind, strategy: input.strategy, fixedUserId: input.fixedUserId ?? null });
  await replaceTeamMembers(tx, ctx.workspaceId, id, input.members);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'team_role.updated', entityType: 'team_role', entityId: id, before, after: { ...input, kind } },
  ]);
  return (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id)!;
});

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Replaces the calendar: time zone, working days and the holiday list. */
export const updateCalendar = flow(async (tx, _deps: FlowDeps, ctx: Ctx, input: CalendarSettings): Promise<CalendarSettings> => {
  const issues = [];
  if (!validTimeZone(input.timeZone)) issues.push({ path: 'body:/timeZone', message: 'is not a known IANA time zone (e.g. Europe/Berlin)' });
  if (input.businessDays.length === 0) issues.push({ path: 'body:/businessDays', message: 'needs at least one working day' });
  const dates = input.holidays.map((h) => h.date);
  dates.forEach((d, i) => {
    if (dates.indexOf(d) !== i) issues.push({ path: `body:/holidays/${i}/date`, message: `${d} is listed twice` });
  });
  if (issues.length) throw invalid(issues);
  const before = await getCalendarSettings(tx, ctx.workspaceId);
  await saveCalendar(tx, ctx.workspaceId, {
    timeZone: input.timeZone,
    businessDays: [...new Set(input.businessDays)].sort(),
    holidays: input.holidays.map((h) => ({ date: h.date, name: h.name.trim() })),
  });
  const after = await getCalendarSettings(tx, ctx.workspaceId);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'calendar.updated', entityType: 'workspace', entityId: ctx.workspaceId, before, after }]);
  return after;
});
