// The team roster (delivery roles, their people and how work is shared), the workspace calendar, and per-pipeline project creation.
import { sql } from 'kysely';
import type { Actor } from '../domain/actor.ts';
import type { AssignmentStrategy } from '../domain/assignment.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import { getCalendarSettings, type CalendarSettings } from '../adapters/db/team.repo.ts';
import { keyFrom } from '../domain/keys.ts';
import type { Deps } from './deps.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type TeamRoleInput = {
  key?: string | undefined;
  name: string;
  strategy: AssignmentStrategy;
  fixedUserId?: string | null | undefined;
  members: { userId: string; isLead?: boolean | undefined }[];
};

export type TeamRole = {
  id: string;
  key: string;
  name: string;
  strategy: AssignmentStrategy;
  fixedUser: { id: string; name: string } | null;
  members: { user: { id: string; name: string; role: string; active: boolean }; isLead: boolean }[];
};

export async function listTeamRoles(db: DbOrTx, workspaceId: string): Promise<TeamRole[]> {
  const roles = await db
    .selectFrom('team_roles as r')
    .leftJoin('users as u', 'u.id', 'r.fixed_user_id')
    .select(['r.id', 'r.key', 'r.name', 'r.strategy', 'r.fixed_user_id', 'u.name as fixed_name'])
    .where('r.workspace_id', '=', workspaceId)
    .orderBy('r.name')
    .execute();
  const members = await db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.team_role_id', 'm.is_lead', 'u.id', 'u.name', 'u.role', 'u.active'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('m.position')
    .execute();
  return roles.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    strategy: r.strategy as AssignmentStrategy,
    fixedUser: r.fixed_user_id ? { id: r.fixed_user_id, name: r.fixed_name ?? '' } : null,
    members: members
      .filter((m) => m.team_role_id === r.id)
      .map((m) => ({ user: { id: m.id, name: m.name, role: m.role, active: m.active }, isLead: m.is_lead })),
  }));
}

async function checkPeople(tx: Tx, workspaceId: string, input: TeamRoleInput): Promise<void> {
  const ids = [...new Set([...input.members.map((m) => m.userId), ...(input.fixedUserId ? [input.fixedUserId] : [])])];
  const found = ids.length ? await tx.selectFrom('users').select(['id', 'role']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute() : [];
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

async function writeMembers(tx: Tx, workspaceId: string, roleId: string, members: TeamRoleInput['members']) {
  await tx.deleteFrom('team_members').where('team_role_id', '=', roleId).execute();
  if (members.length) {
    await tx
      .insertInto('team_members')
      .values(
        members.map((m, i) => ({ id: newId(), workspace_id: workspaceId, team_role_id: roleId, user_id: m.userId, is_lead: m.isLead ?? false, position: i })),
      )
      .execute();
  }
}

export async function createTeamRole(deps: Pick<Deps, 'db'>, ctx: Ctx, input: TeamRoleInput): Promise<TeamRole> {
  return deps.db.transaction().execute(async (tx) => {
    await checkPeople(tx, ctx.workspaceId, input);
    const id = newId();
    const key = input.key ?? keyFrom(input.name, 'role');
    const row = await tx
      .insertInto('team_roles')
      .values({ id, workspace_id: ctx.workspaceId, key, name: input.name.trim(), strategy: input.strategy, fixed_user_id: input.fixedUserId ?? null })
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row)
      throw new AppError('team_role.key_taken', 'conflict', `A team role with key "${key}" exists`, { fields: [{ path: 'body:/key', message: 'is taken' }] });
    await writeMembers(tx, ctx.workspaceId, id, input.members);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'team_role.created', entityType: 'team_role', entityId: id, after: input }]);
    return (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id)!;
  });
}

export async function updateTeamRole(deps: Pick<Deps, 'db'>, ctx: Ctx, id: string, input: TeamRoleInput): Promise<TeamRole> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('team_roles').selectAll().where('workspace_id', '=', ctx.workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('team_role.not_found', 'Team role');
    await checkPeople(tx, ctx.workspaceId, input);
    const before = (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id);
    await tx
      .updateTable('team_roles')
      .set({ name: input.name.trim(), strategy: input.strategy, fixed_user_id: input.fixedUserId ?? null, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await writeMembers(tx, ctx.workspaceId, id, input.members);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'team_role.updated', entityType: 'team_role', entityId: id, before, after: input }]);
    return (await listTeamRoles(tx, ctx.workspaceId)).find((r) => r.id === id)!;
  });
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Replaces the calendar: time zone, working days and the holiday list. */
export async function updateCalendar(deps: Pick<Deps, 'db'>, ctx: Ctx, input: CalendarSettings): Promise<CalendarSettings> {
  const issues = [];
  if (!validTimeZone(input.timeZone)) issues.push({ path: 'body:/timeZone', message: 'is not a known IANA time zone (e.g. Europe/Berlin)' });
  if (input.businessDays.length === 0) issues.push({ path: 'body:/businessDays', message: 'needs at least one working day' });
  const dates = input.holidays.map((h) => h.date);
  dates.forEach((d, i) => {
    if (dates.indexOf(d) !== i) issues.push({ path: `body:/holidays/${i}/date`, message: `${d} is listed twice` });
  });
  if (issues.length) throw invalid(issues);
  return deps.db.transaction().execute(async (tx) => {
    const before = await getCalendarSettings(tx, ctx.workspaceId);
    await tx
      .updateTable('workspaces')
      .set({ time_zone: input.timeZone, business_days: sql`${`{${[...new Set(input.businessDays)].sort().join(',')}}`}::smallint[]` })
      .where('id', '=', ctx.workspaceId)
      .execute();
    await tx.deleteFrom('holidays').where('workspace_id', '=', ctx.workspaceId).execute();
    if (input.holidays.length) {
      await tx
        .insertInto('holidays')
        .values(input.holidays.map((h) => ({ id: newId(), workspace_id: ctx.workspaceId, date: h.date, name: h.name.trim() })))
        .execute();
    }
    const after = await getCalendarSettings(tx, ctx.workspaceId);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'calendar.updated', entityType: 'workspace', entityId: ctx.workspaceId, before, after }]);
    return after;
  });
}

export async function setProjectCreation(deps: Pick<Deps, 'db'>, ctx: Ctx, pipelineId: string, mode: 'automatic' | 'manual'): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('pipelines')
      .select(['id', 'project_creation'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', pipelineId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('pipeline.not_found', 'Pipeline');
    if (row.project_creation === mode) return;
    await tx.updateTable('pipelines').set({ project_creation: mode }).where('id', '=', pipelineId).execute();
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      {
        action: 'pipeline.project_creation_set',
        entityType: 'pipeline',
        entityId: pipelineId,
        before: { projectCreation: row.project_creation },
        after: { projectCreation: mode },
      },
    ]);
  });
}
