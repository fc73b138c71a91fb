// A workspace's set-up, kept in memory: calendar, pipelines and stages, enabled rules by event, the team roster,
// people and current project templates. Triggers raise workspaces.config_version on every change of the set-up
// (migration 0007); callers pass the version they read with their data, and a different version reloads it.
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AssignmentStrategy, RosterRole, TeamRoleKind } from '../../domain/assignment.ts';
import type { WorkCalendar } from '../../domain/calendar.ts';
import type { TemplateDefinition } from '../../domain/project-plan.ts';
import type { Role } from '../../domain/roles.ts';
import type { DbOrTx } from './database.ts';
import type { PipelineStage } from './pipelines.repo.ts';
import { toRule, type StoredRule } from './rules.repo.ts';
import type { Row } from './schema.ts';
import type { UpsellMode } from './templates.repo.ts';
import { scopedIn } from './scope.ts';

export type PersonRecord = { id: string; name: string; email: string; role: Role; active: boolean };
export type RosterRecord = RosterRole & { id: string };
export type TemplateRecord = {
  id: string;
  key: string;
  name: string;
  dealType: string | null;
  upsellMode: UpsellMode;
  version: number;
  definition: TemplateDefinition;
  createdAt: string;
};

export type WorkspaceConfig = {
  version: number;
  calendar: WorkCalendar;
  pipelines: Map<string, { projectCreation: 'automatic' | 'manual'; stages: PipelineStage[]; requiredToWin: string[] }>;
  stages: Map<string, PipelineStage>;
  /** Enabled rules by the event their trigger waits for, in list order. */
  rulesByEvent: Map<string, StoredRule[]>;
  rules: Map<string, StoredRule>;
  roster: RosterRecord[];
  people: Map<string, PersonRecord>;
  templates: TemplateRecord[];
  /** Whether any approval policy is in force (a won deal then asks for its approvals). */
  hasApprovalPolicies: boolean;
  /** The enabled outbound webhook subscriptions with the event types they take ("*": every event). */
  webhookSubscriptions: { id: string; eventTypes: string[] }[];
};

const cache = new Map<string, WorkspaceConfig>();
const loading = new Map<string, Promise<WorkspaceConfig>>();

/**
 * The workspace's set-up at `version` (or newer). Pass the config_version read in the caller's own query; without
 * one it is read first. Loaded through `db`, which may be the caller's transaction (PGlite has one connection).
 */
export async function workspaceConfig(db: DbOrTx, workspaceId: string, version?: number): Promise<WorkspaceConfig> {
  const cached = cache.get(workspaceId);
  if (cached && version !== undefined && cached.version >= version) return cached;
  if (cached && version === undefined) {
    const row = await db.selectFrom('workspaces').select('config_version').where('id', '=', workspaceId).executeTakeFirst();
    if (row && cached.version >= row.config_version) return cached;
  }
  // One load at a time per workspace; callers asking meanwhile share it (unless it was started on another connection
  // of a transaction they are not in: a transaction's reads must go through it, so it loads its own).
  const pending = loading.get(workspaceId);
  if (pending && !('isTransaction' in db && db.isTransaction)) {
    const loaded = await pending;
    if (version === undefined || loaded.version >= version) return loaded;
  }
  const load = loadConfig(db, workspaceId);
  loading.set(workspaceId, load);
  try {
    const loaded = await load;
    const current = cache.get(workspaceId);
    if (!current || current.version < loaded.version) cache.set(workspaceId, loaded);
    return loaded;
  } finally {
    if (loading.get(workspaceId) === load) loading.delete(workspaceId);
  }
}

/** Forgets every cached set-up (tests that rewrite a workspace behind the triggers' back). */
export function forgetWorkspaceConfigs(): void {
  cache.clear();
}

async function loadConfig(db: DbOrTx, workspaceId: string): Promise<WorkspaceConfig> {
  const row = await db
    .selectFrom('workspaces as w')
    .select((eb) => [
      'w.config_version',
      'w.time_zone',
      'w.business_days',
      jsonArrayFrom(scopedIn(eb, workspaceId).selectFrom('holidays as h').select('h.date')).as('holidays'),
      jsonArrayFrom(scopedIn(eb, workspaceId).selectFrom('pipelines as p').select(['p.id', 'p.project_creation', 'p.required_to_win'])).as('pipelines'),
      jsonArrayFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('stages as s')
          .select(['s.id', 's.pipeline_id', 's.name', 's.position', 's.category', 's.probability'])
          .where('s.archived_at', 'is', null)
          .orderBy('s.position'),
      ).as('stages'),
      jsonArrayFrom(scopedIn(eb, workspaceId).selectFrom('rules as r').selectAll('r').orderBy('r.position').orderBy('r.id')).as('rules'),
      jsonArrayFrom(
        scopedIn(eb, workspaceId).selectFrom('team_roles as t').select(['t.id', 't.key', 't.name', 't.kind', 't.strategy', 't.fixed_user_id']).orderBy('t.key'),
      ).as('roles'),
      jsonArrayFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('team_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['m.team_role_id', 'm.user_id', 'm.is_lead', 'u.name', 'u.active'])
          .orderBy('m.position')
          .orderBy('u.name'),
      ).as('members'),
      jsonArrayFrom(scopedIn(eb, workspaceId).selectFrom('users as u').select(['u.id', 'u.name', 'u.email', 'u.role', 'u.active'])).as('people'),
      jsonArrayFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('project_templates as t')
          .innerJoin('project_template_versions as v', (j) => j.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.current_version'))
          .select(['t.id', 't.key', 't.name', 't.deal_type', 't.upsell_mode', 't.current_version', 't.created_at', 'v.definition'])
          .where('t.archived_at', 'is', null)
          .orderBy('t.created_at'),
      ).as('templates'),
      eb
        .exists(scopedIn(eb, workspaceId).selectFrom('approval_policies as ap').select('ap.id').where('ap.archived_at', 'is', null))
        .as('has_approval_policies'),
      jsonArrayFrom(
        scopedIn(eb, workspaceId)
          .selectFrom('webhook_subscriptions as ws')
          .select(['ws.id', 'ws.event_types'])
          .where('ws.enabled', '=', true)
          .where('ws.deleted_at', 'is', null),
      ).as('subscriptions'),
    ])
    .where('w.id', '=', workspaceId)
    .executeTakeFirstOrThrow();

  const stages = row.stages.map((s): PipelineStage => ({
    id: s.id,
    pipelineId: s.pipeline_id,
    name: s.name,
    position: s.position,
    category: s.category as PipelineStage['category'],
    probability: s.probability,
  }));
  const pipelines = new Map(
    row.pipelines.map((p) => [
      p.id,
      {
        projectCreation: p.project_creation as 'automatic' | 'manual',
        stages: stages.filter((s) => s.pipelineId === p.id),
        requiredToWin: p.required_to_win ?? [],
      },
    ]),
  );
  // JSON carries timestamps as text; the rule mapping wants the row as the driver gives it.
  const rules = row.rules.map((r) =>
    toRule({
      ...(r as unknown as Row<'rules'>),
      created_at: new Date(r.created_at as unknown as string),
      updated_at: new Date(r.updated_at as unknown as string),
    }),
  );
  const rulesByEvent = new Map<string, StoredRule[]>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const list = rulesByEvent.get(rule.trigger.event) ?? [];
    list.push(rule);
    rulesByEvent.set(rule.trigger.event, list);
  }
  return {
    version: row.config_version,
    calendar: { timeZone: row.time_zone, businessDays: [...row.business_days].map(Number).sort(), holidays: new Set(row.holidays.map((h) => h.date)) },
    pipelines,
    stages: new Map(stages.map((s) => [s.id, s])),
    rulesByEvent,
    rules: new Map(rules.map((r) => [r.id, r])),
    roster: row.roles.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      kind: r.kind as TeamRoleKind,
      strategy: r.strategy as AssignmentStrategy,
      fixedUserId: r.fixed_user_id,
      members: row.members.filter((m) => m.team_role_id === r.id).map((m) => ({ userId: m.user_id, name: m.name, active: m.active, isLead: m.is_lead })),
    })),
    people: new Map(row.people.map((p) => [p.id, { id: p.id, name: p.name, email: p.email, role: p.role as Role, active: p.active }])),
    templates: row.templates.map((t) => ({
      id: t.id,
      key: t.key,
      name: t.name,
      dealType: t.deal_type,
      upsellMode: t.upsell_mode as UpsellMode,
      version: t.current_version,
      definition: t.definition as unknown as TemplateDefinition,
      createdAt: String(t.created_at),
    })),
    hasApprovalPolicies: Boolean(row.has_approval_policies),
    webhookSubscriptions: row.subscriptions.map((s) => ({ id: s.id, eventTypes: s.event_types })),
  };
}
