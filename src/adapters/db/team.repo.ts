// Storage of the team roster (delivery and sales roles and their people) and the workspace calendar.
import { sql } from 'kysely';
import type { AssignmentStrategy, RosterRole, RoundRobinTurns, TeamRoleKind } from '../../domain/assignment.ts';
import type { WorkCalendar } from '../../domain/calendar.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import type { NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';

export type CalendarSettings = { timeZone: string; businessDays: number[]; holidays: { date: string; name: string }[] };

export async function getCalendarSettings(db: DbOrTx, workspaceId: string): Promise<CalendarSettings> {
  const [ws, holidays] = await Promise.all([
    db.selectFrom('workspaces').select(['time_zone', 'business_days']).where('id', '=', workspaceId).executeTakeFirstOrThrow(),
    scoped(db, workspaceId).selectFrom('holidays').select(['date', 'name']).orderBy('date').execute(),
  ]);
  return { timeZone: ws.time_zone, businessDays: [...ws.business_days].map(Number).sort(), holidays };
}

export async function loadCalendar(db: DbOrTx, workspaceId: string): Promise<WorkCalendar> {
  const s = await getCalendarSettings(db, workspaceId);
  return { timeZone: s.timeZone, businessDays: s.businessDays, holidays: new Set(s.holidays.map((h) => h.date)) };
}

export type TeamRoleRecord = RosterRole & { id: string; cursor: number };

/** The roster; `lock` holds the roles' rows so concurrent plans take round-robin turns one after another. */
export async function loadRoster(db: DbOrTx, workspaceId: string, options: { lock?: boolean } = {}): Promise<TeamRoleRecord[]> {
  let q = scoped(db, workspaceId).selectFrom('team_roles').selectAll().orderBy('key');
  if (options.lock) q = q.forUpdate();
  const roles = await q.execute();
  if (roles.length === 0) return [];
  const members = await scoped(db, workspaceId)
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.team_role_id', 'm.user_id', 'm.is_lead', 'u.name', 'u.active', 'u.role'])
    .orderBy('m.position')
    .orderBy('u.name')
    .execute();
  return roles.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    kind: r.kind as TeamRoleKind,
    strategy: r.strategy as AssignmentStrategy,
    fixedUserId: r.fixed_user_id,
    cursor: r.rr_cursor,
    members: members.filter((m) => m.team_role_id === r.id).map((m) => ({ userId: m.user_id, name: m.name, active: m.active, isLead: m.is_lead })),
  }));
}

/** Saves round-robin turns taken (one statement for all roles). */
export async function saveCursors(tx: Tx, workspaceId: string, cursors: Map<string, number>): Promise<void> {
  if (cursors.size === 0) return;
  const values = sql.join([...cursors].map(([key, cursor]) => sql`(${key}::text, ${cursor}::int)`));
  await scoped(tx, workspaceId)
    .updateTable('team_roles as r')
    .from(sql<{ key: string; cursor: number }>`(values ${values})`.as<'v'>(sql`v(key, cursor)`))
    .set((eb) => ({ rr_cursor: eb.ref('v.cursor') }))
    .whereRef('r.key', '=', 'v.key')
    .execute();
}

/**
 * Takes round-robin turns ahead of a plan, in one statement of its own (autocommit): the row locks last only as long
 * as the statement, so concurrent project creations never wait on each other for the roster. Returns each role's
 * first turn. A plan that then fails leaves its turns taken: the rotation skips them, nobody gets two.
 */
export async function takeTurns(db: DbOrTx, workspaceId: string, turns: ReadonlyMap<string, RoundRobinTurns>): Promise<Map<string, number>> {
  if (turns.size === 0) return new Map();
  const values = sql.join([...turns].map(([key, t]) => sql`(${key}::text, ${t.taken}::int, ${t.among}::int)`));
  const { rows } = await sql<{ key: string; first: number }>`
    update team_roles as r set rr_cursor = (r.rr_cursor + v.taken) % v.among
    from (values ${values}) as v(key, taken, among)
    where r.workspace_id = ${workspaceId} and r.key = v.key
    returning r.key, (((r.rr_cursor - v.taken) % v.among) + v.among) % v.among as first`.execute(db);
  return new Map(rows.map((r) => [r.key, Number(r.first)]));
}

/** Each role's round-robin turn; `lock` holds the roles so concurrent plans take turns one after another. */
export async function loadRosterCursors(db: DbOrTx, workspaceId: string, options: { lock: boolean }): Promise<Map<string, number>> {
  let q = scoped(db, workspaceId).selectFrom('team_roles').select(['key', 'rr_cursor']).orderBy('key');
  if (options.lock) q = q.forUpdate();
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.key, r.rr_cursor]));
}

/** Open tasks of these people, for "fewest open tasks" (nobody asked: nothing counted), from the counters that
 * triggers on tasks keep (migration 0045): one row per person, however many tasks they have. */
export async function countOpenTasks(db: DbOrTx, workspaceId: string, userIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await scoped(db, workspaceId)
    .selectFrom('open_task_counts')
    .select(['user_id', 'open_tasks'])
    .where('user_id', 'in', ids)
    .where('open_tasks', '>', 0)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.open_tasks]));
}

/** Everyone who may be given work, and those who sell (never given delivery tasks). */
export async function loadPeople(db: DbOrTx, workspaceId: string): Promise<{ activeIds: Set<string>; salesIds: Set<string>; names: Map<string, string> }> {
  const users = await scoped(db, workspaceId).selectFrom('users').select(['id', 'name', 'role', 'active']).execute();
  return {
    activeIds: new Set(users.filter((u) => u.active).map((u) => u.id)),
    salesIds: new Set(users.filter((u) => u.role === 'sales').map((u) => u.id)),
    names: new Map(users.map((u) => [u.id, u.name])),
  };
}

/** The people "fewest open tasks" may choose from: members of roles that share work that way (or all, when a task asks for it). */
export function leastOpenCandidates(roster: TeamRoleRecord[], anyTaskOverride: boolean): string[] {
  const roles = anyTaskOverride ? roster : roster.filter((r) => r.strategy === 'least_open');
  return [...new Set(roles.flatMap((r) => r.members.map((m) => m.userId)))];
}

export type TeamRole = {
  id: string;
  key: string;
  name: string;
  kind: TeamRoleKind;
  strategy: AssignmentStrategy;
  fixedUser: { id: string; name: string } | null;
  members: { user: { id: string; name: string; role: string; active: boolean }; isLead: boolean }[];
};

export async function listTeamRoles(db: DbOrTx, workspaceId: string): Promise<TeamRole[]> {
  const q = scoped(db, workspaceId);
  const roles = await q
    .selectFrom('team_roles as r')
    .leftJoin('users as u', 'u.id', 'r.fixed_user_id')
    .select(['r.id', 'r.key', 'r.name', 'r.kind', 'r.strategy', 'r.fixed_user_id', 'u.name as fixed_name'])
    .orderBy('r.name')
    .execute();
  const members = await q
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.team_role_id', 'm.is_lead', 'u.id', 'u.name', 'u.role', 'u.active'])
    .orderBy('m.position')
    .execute();
  return roles.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    kind: r.kind as TeamRoleKind,
    strategy: r.strategy as AssignmentStrategy,
    fixedUser: r.fixed_user_id ? { id: r.fixed_user_id, name: r.fixed_name ?? '' } : null,
    members: members
      .filter((m) => m.team_role_id === r.id)
      .map((m) => ({ user: { id: m.id, name: m.name, role: m.role, active: m.active }, isLead: m.is_lead })),
  }));
}

/** Adds a team role; undefined when its key is taken in the workspace. */
export async function insertTeamRole(tx: Tx, row: NewRow<'team_roles'>): Promise<{ id: string } | undefined> {
  return tx
    .insertInto('team_roles')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function lockTeamRole(tx: Tx, workspaceId: string, id: string): Promise<Row<'team_roles'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('team_roles').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateTeamRoleRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  set: { name: string; kind: TeamRoleKind; strategy: AssignmentStrategy; fixedUserId: string | null },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('team_roles')
    .set({ name: set.name, kind: set.kind, strategy: set.strategy, fixed_user_id: set.fixedUserId, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The role's people become exactly these, in this order. */
export async function replaceTeamMembers(tx: Tx, workspaceId: string, roleId: string, members: readonly { userId: string; isLead?: boolean | undefined }[]) {
  await scoped(tx, workspaceId).deleteFrom('team_members').where('team_role_id', '=', roleId).execute();
  if (members.length) {
    await tx
      .insertInto('team_members')
      .values(
        members.map((m, i) => ({ id: newId(), workspace_id: workspaceId, team_role_id: roleId, user_id: m.userId, is_lead: m.isLead ?? false, position: i })),
      )
      .execute();
  }
}

/** Replaces the calendar: time zone, working days (sorted, distinct) and the holiday list. */
export async function saveCalendar(tx: Tx, workspaceId: string, calendar: CalendarSettings): Promise<void> {
  await tx
    .updateTable('workspaces')
    .set({ time_zone: calendar.timeZone, business_days: sql`${`{${calendar.businessDays.join(',')}}`}::smallint[]` })
    .where('id', '=', workspaceId)
    .execute();
  await scoped(tx, workspaceId).deleteFrom('holidays').execute();
  if (calendar.holidays.length) {
    await tx
      .insertInto('holidays')
      .values(calendar.holidays.map((h) => ({ id: newId(), workspace_id: workspaceId, date: h.date, name: h.name })))
      .execute();
  }
}
