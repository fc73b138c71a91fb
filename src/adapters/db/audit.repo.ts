// The audit log: every change with its actor and the record before and after.
import type { Actor } from '../../domain/actor.ts';
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { scoped } from './scope.ts';
import { newId } from './ids.ts';
import { toPage, type Page } from './page.ts';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

export type AuditRecord = {
  id: string;
  at: string;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /** The records this entry names (its entity, and the ids in its values), by id: what a reader sees instead of the id. */
  references: Record<string, AuditReference>;
};

/** A record an audit entry names: its kind (as entityType says it) and its name. */
export type AuditReference = { type: AuditReferenceType; name: string };
export type AuditReferenceType =
  | 'user'
  | 'opportunity'
  | 'account'
  | 'contact'
  | 'project'
  | 'task'
  | 'rule'
  | 'rule_run'
  | 'project_template'
  | 'pipeline'
  | 'stage'
  | 'loss_reason'
  | 'sequence'
  | 'lead';

export async function recordAudit(tx: Tx, workspaceId: string, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        id: newId(),
        workspace_id: workspaceId,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_label: actor.label,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
      })),
    )
    .execute();
}

export async function listAudit(
  db: DbOrTx,
  workspaceId: string,
  filter: { entityId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<AuditRecord>> {
  let q = scoped(db, workspaceId).selectFrom('audit_log').selectAll();
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = toPage(rows, filter.limit, (r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: { type: r.actor_type as Actor['type'], id: r.actor_id, label: r.actor_label },
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    references: {} as Record<string, AuditReference>,
  }));
  const wanted = page.items.map(referencesOf);
  const names = await nameReferences(db, workspaceId, wanted);
  page.items.forEach((item, i) => {
    for (const [id, type] of wanted[i]!) {
      const name = names.get(`${type}:${id}`);
      if (name !== undefined) item.references[id] = { type, name };
    }
  });
  return page;
}

/** What an id in a changed value is, by its key ("ownerId", "owner_id", "taskIds" ...: case and underscores aside). */
const keyTypes: Record<string, AuditReferenceType> = {
  ownerid: 'user',
  userid: 'user',
  csmid: 'user',
  aeid: 'user',
  assigneeid: 'user',
  dealownerid: 'user',
  touserid: 'user',
  fixeduserid: 'user',
  createdby: 'user',
  decidedby: 'user',
  opportunityid: 'opportunity',
  dealid: 'opportunity',
  accountid: 'account',
  contactid: 'contact',
  primarycontactid: 'contact',
  projectid: 'project',
  heldprojectid: 'project',
  existingprojectid: 'project',
  resumedprojectid: 'project',
  taskid: 'task',
  nexttaskid: 'task',
  leadid: 'lead',
  distributorid: 'user',
  salesownerid: 'user',
  reporterid: 'user',
  ruleid: 'rule',
  runid: 'rule_run',
  originrunid: 'rule_run',
  templateid: 'project_template',
  pipelineid: 'pipeline',
  stageid: 'stage',
  fromstageid: 'stage',
  tostageid: 'stage',
  lostfromstageid: 'stage',
  lossreasonid: 'loss_reason',
  sequenceid: 'sequence',
};
/** The entity types whose records have a name (the audit's own words for them). */
const entityTypes: Record<string, AuditReferenceType> = {
  user: 'user',
  opportunity: 'opportunity',
  account: 'account',
  contact: 'contact',
  project: 'project',
  task: 'task',
  rule: 'rule',
  rule_run: 'rule_run',
  project_template: 'project_template',
  pipeline: 'pipeline',
  loss_reason: 'loss_reason',
  sequence: 'sequence',
  lead: 'lead',
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids an entry names and what each is: its entity, and the values of id keys at any depth of before and after. */
function referencesOf(item: AuditRecord): Map<string, AuditReferenceType> {
  const found = new Map<string, AuditReferenceType>();
  const entity = entityTypes[item.entityType];
  if (entity && uuidPattern.test(item.entityId)) found.set(item.entityId, entity);
  const visit = (value: unknown, type: AuditReferenceType | undefined, depth: number): void => {
    if (depth > 4) return;
    if (typeof value === 'string') {
      if (type && uuidPattern.test(value) && !found.has(value)) found.set(value, type);
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, type, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const norm = key.replace(/_/g, '').toLowerCase();
        visit(v, keyTypes[norm] ?? (norm.endsWith('ids') ? keyTypes[norm.slice(0, -1)] : undefined), depth + 1);
      }
    }
  };
  visit(item.before, undefined, 0);
  visit(item.after, undefined, 0);
  return found;
}

/** The names of the records a page of entries names: one query per kind of record, whatever the page's length. */
async function nameReferences(db: DbOrTx, workspaceId: string, wanted: Map<string, AuditReferenceType>[]): Promise<Map<string, string>> {
  const byType = new Map<AuditReferenceType, Set<string>>();
  for (const refs of wanted) for (const [id, type] of refs) byType.set(type, (byType.get(type) ?? new Set()).add(id));
  const names = new Map<string, string>();
  const s = scoped(db, workspaceId);
  const found = await Promise.all(
    [...byType].map(async ([type, set]): Promise<[AuditReferenceType, { id: string; name: string }[]]> => {
      const ids = [...set];
      switch (type) {
        case 'user':
          return [type, await s.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'opportunity':
          return [type, await s.selectFrom('opportunities').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'account':
          return [type, await s.selectFrom('accounts').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'contact':
          return [
            type,
            await s
              .selectFrom('contacts')
              .select(['id', sql<string>`trim(first_name || ' ' || last_name)`.as('name')])
              .where('id', 'in', ids)
              .execute(),
          ];
        case 'project':
          return [type, await s.selectFrom('projects').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'task':
          return [type, await s.selectFrom('tasks').select(['id', 'title as name']).where('id', 'in', ids).execute()];
        case 'rule':
          return [type, await s.selectFrom('rules').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'rule_run':
          return [
            type,
            await s
              .selectFrom('rule_runs as rr')
              .innerJoin('rules as r', 'r.id', 'rr.rule_id')
              .select(['rr.id as id', sql<string>`'Run of "' || r.name || '"'`.as('name')])
              .where('rr.id', 'in', ids)
              .execute(),
          ];
        case 'project_template':
          return [type, await s.selectFrom('project_templates').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'pipeline':
          return [type, await s.selectFrom('pipelines').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'stage':
          return [type, await s.selectFrom('stages').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'loss_reason':
          return [type, await s.selectFrom('loss_reasons').select(['id', 'label as name']).where('id', 'in', ids).execute()];
        case 'sequence':
          return [type, await s.selectFrom('sequences').select(['id', 'name']).where('id', 'in', ids).execute()];
        case 'lead':
          return [type, await s.selectFrom('leads').select(['id', 'title as name']).where('id', 'in', ids).execute()];
      }
    }),
  );
  for (const [type, rows] of found) for (const row of rows) names.set(`${type}:${row.id}`, row.name);
  return names;
}
