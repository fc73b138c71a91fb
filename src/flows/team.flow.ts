// The team roster (delivery roles, their people and how work is shared), the workspace calendar, and per-pipeline project creation.
import type { Actor } from '../domain/actor.ts';
import type { AssignmentStrategy } from '../domain/assignment.ts';
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
import { findUserRoles } from '../adapters/db/workspaces.repo.ts';
import { keyFrom } from '../domain/keys.ts';
import { flow, type FlowDeps } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type TeamRoleInput = {
  key?: string | undefined;
  name: string;
  strategy: AssignmentStrategy;
  fixedUserId?: string | null | undefined;
  members: { userId: string; isLead?: boolean | undefined }[];
};

export { listTeamRoles, type TeamRole };

async function checkPeople(tx: Tx, workspaceId: string, input: TeamRoleInput): Promise<void> {
  const ids = [...new Set([...input.members.map((m) => m.userId), ...(input.fixedUserId ? [input.fixedUserId] : [])])];
  const found = await findUserRoles(tx, workspaceId, ids);
  const known = new Map(found.map((u) => [u.id, u.role]));
  const issues = input.members.flatMap((m, i) => {
    if (!known.has(m.userId)) return [{ path: `body:/members/${i}/userId`, message: 'no user with this id in your workspace' }];
    if (known.get(m.userId) === 'sales') return [{ path: `body:/members/${i}/userId`, message: 'salespeople are not given delivery tasks' }];
    return [];
  });
  if (input.fixedUserId && !known.has(input.fixedUserId)) issues.push({ path: 'body:/fixedUserId', message: 'no user with this id in your workspace' });
  if (input.strategy === 'fixed' && !input.fixedUserId) issues.push({ path: 'body:/fixedUserId', message: 'is required for the "fixed" strategy' });
  if (new Set(input.members.map((m) => m.userId)).size !== input.members.length) issues.push({ path: 'body:/members', message: 'lists a person twice' });
  if (issues.length) throw invalid(issues);
}

/** A delivery role of the team roster (its key from its name unless given), with its people. */
export const createTeamRole = flow(async (tx, _deps, ctx: Ctx, input: TeamRoleInput): Promise<TeamRole> => {
  await checkPeople(tx, ctx.workspaceId, input);
  const id = newId();
  const key = input.key ?? keyFrom(input.name, 'role');
  const row = await insertTeamRole(tx, {
    id,
    workspace_id: ctx.workspaceId,
    key,
    name: input.name.trim(),
    strategy: input.strategy,
    fixed_user_id: input.fixedUserId ?? null,
  });
  if (!row)
    throw new AppError('team_role.key_taken', 'conflict', `A team role with key "${key}" exists`, { fields: [{ path: 'body:/key', message: 'is taken' }] });
  await replaceTeamMembers(tx, ctx.workspaceId, id, input.members);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'team_role.created', entityType: 'team_role', entityId: id, after: input }]);
  return (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id)!;
});

export const updateTeamRole = flow(async (tx, _deps: FlowDeps, ctx: Ctx, id: string, input: TeamRoleInput): Promise<TeamRole> => {
  const row = await lockTeamRole(tx, ctx.workspaceId, id);
  if (!row) throw notFound('team_role.not_found', 'Team role');
  await checkPeople(tx, ctx.workspaceId, input);
  const before = (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id);
  await updateTeamRoleRow(tx, ctx.workspaceId, id, { name: input.name.trim(), strategy: input.strategy, fixedUserId: input.fixedUserId ?? null });
  await replaceTeamMembers(tx, ctx.workspaceId, id, input.members);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'team_role.updated', entityType: 'team_role', entityId: id, before, after: input }]);
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
