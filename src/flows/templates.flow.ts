// Project templates: create, edit (a changed definition is a new version; projects keep theirs), and preview on a deal.
import type { Actor } from '../domain/actor.ts';
import { canonicalJson } from '../domain/canonical.ts';
import { dateIn } from '../domain/calendar.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import { checkTemplate, salesRoleIssues, type TemplateDefinition } from '../domain/project-plan.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  findTemplate,
  insertTemplateRow,
  insertTemplateVersion,
  lockTemplate,
  updateTemplateRow,
  type Template,
  type UpsellMode,
} from '../adapters/db/templates.repo.ts';
import { loadDealFacts } from '../adapters/db/deal-facts.repo.ts';
import { loadRoster } from '../adapters/db/team.repo.ts';
import { keyFrom } from '../domain/keys.ts';
import type { Deps } from './deps.ts';
import { proposeProject } from './projects.flow.ts';
import { flow, type FlowDeps } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type TemplateInput = {
  key?: string | undefined;
  name: string;
  description?: string | null | undefined;
  dealType?: string | null | undefined;
  upsellMode?: UpsellMode | undefined;
  definition: TemplateDefinition;
};

/** "phases[0].groups[1].tasks[2].due.task" -> "body:/definition/phases/0/groups/1/tasks/2/due/task" */
function toBodyPath(path: string): string {
  return `body:/definition/${path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .join('/')}`;
}

export function templateIssues(definition: TemplateDefinition): FieldIssue[] {
  return checkTemplate(definition).map((i) => ({ path: toBodyPath(i.path), message: i.message }));
}

/** The template's issues, and each place it names a sales role of the workspace's roster (tasks are delivery work). */
async function savedTemplateIssues(tx: Tx, workspaceId: string, definition: TemplateDefinition): Promise<FieldIssue[]> {
  const roster = await loadRoster(tx, workspaceId);
  const sales = new Set(roster.filter((r) => r.kind === 'sales').map((r) => r.key));
  const roleIssues = salesRoleIssues(definition, sales).map((i) => ({ path: toBodyPath(i.path), message: i.message }));
  return [...templateIssues(definition), ...roleIssues];
}

async function insertVersion(tx: Tx, ctx: Ctx, templateId: string, version: number, definition: TemplateDefinition) {
  await insertTemplateVersion(tx, ctx.workspaceId, { templateId, version, definition, createdByLabel: ctx.actor.label });
}

/** A project template (its first version), once its definition holds together. */
export const createTemplate = flow(async (tx, _deps: FlowDeps, ctx: Ctx, input: TemplateInput): Promise<Template> => {
  const issues = await savedTemplateIssues(tx, ctx.workspaceId, input.definition);
  if (issues.length) throw invalid(issues);
  return insertTemplate(tx, ctx, input);
});

export async function insertTemplate(tx: Tx, ctx: Ctx, input: TemplateInput): Promise<Template> {
  const id = newId();
  const key = input.key ?? keyFrom(input.name, 'template', '-');
  const row = await insertTemplateRow(tx, {
    id,
    workspace_id: ctx.workspaceId,
    key: /^[a-z]/.test(key) ? key : `t-${key}`,
    name: input.name.trim(),
    description: input.description ?? null,
    deal_type: input.dealType ?? null,
    upsell_mode: input.upsellMode ?? 'new_project',
    current_version: 1,
  });
  if (!row)
    throw new AppError('template.key_taken', 'conflict', `A template with key "${key}" exists`, { fields: [{ path: 'body:/key', message: 'is taken' }] });
  await insertVersion(tx, ctx, id, 1, input.definition);
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'template.created', entityType: 'project_template', entityId: id, after: { key, name: input.name, version: 1 } },
  ]);
  return (await findTemplate(tx, ctx.workspaceId, id))!;
}

export const updateTemplate = flow(async (tx, _deps: FlowDeps, ctx: Ctx, id: string, input: TemplateInput): Promise<Template> => {
  const issues = await savedTemplateIssues(tx, ctx.workspaceId, input.definition);
  if (issues.length) throw invalid(issues);
  const row = await lockTemplate(tx, ctx.workspaceId, id);
  if (!row) throw notFound('template.not_found', 'Template');
  const current = (await findTemplate(tx, ctx.workspaceId, id))!;
  const changed = canonicalJson(current.definition) !== canonicalJson(input.definition);
  const version = changed ? row.current_version + 1 : row.current_version;
  if (changed) await insertVersion(tx, ctx, id, version, input.definition);
  await updateTemplateRow(tx, ctx.workspaceId, id, {
    name: input.name.trim(),
    description: input.description ?? null,
    dealType: input.dealType ?? null,
    upsellMode: input.upsellMode ?? (row.upsell_mode as UpsellMode),
    currentVersion: version,
  });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'template.updated',
      entityType: 'project_template',
      entityId: id,
      before: { name: row.name, version: row.current_version, dealType: row.deal_type },
      after: { name: input.name, version, dealType: input.dealType ?? null },
    },
  ]);
  return (await findTemplate(tx, ctx.workspaceId, id))!;
});

export async function getTemplate(db: DbOrTx, workspaceId: string, id: string, version?: number): Promise<Template> {
  const t = await findTemplate(db, workspaceId, id, version);
  if (!t) throw notFound('template.not_found', version ? `Template version ${version}` : 'Template');
  return t;
}

/** The tasks, owners and due dates a template (or an unsaved definition) would give this deal; nothing is written. */
export async function previewTemplate(
  deps: Pick<Deps, 'db' | 'now'>,
  workspaceId: string,
  id: string,
  input: { opportunityId: string; definition?: TemplateDefinition | undefined },
) {
  if (input.definition) {
    const issues = templateIssues(input.definition);
    if (issues.length) throw invalid(issues);
  }
  const template = await getTemplate(deps.db, workspaceId, id);
  const facts = await loadDealFacts(deps.db, workspaceId, input.opportunityId);
  if (!facts) throw invalid([{ path: 'body:/opportunityId', message: 'no opportunity with this id in your workspace' }]);
  const p = await proposeProject(deps.db, { workspaceId, facts, template, definition: input.definition, today: dateIn(deps.now(), facts.workspace.timeZone) });
  const phaseNames = new Map(p.plan.phases.map((ph) => [ph.key, ph.name]));
  return {
    tasks: p.plan.tasks.map((t) => {
      const a = p.assignments.get(t.key)!;
      return {
        key: t.key,
        title: t.title,
        phase: phaseNames.get(t.phaseKey) ?? t.phaseKey,
        group: t.group,
        role: t.role,
        dueDate: t.dueDate,
        owner: a.ownerId ? { id: a.ownerId, name: a.ownerName ?? '' } : null,
        flagged: a.flagged,
        reason: a.reason,
      };
    }),
    milestones: p.plan.milestones.map((m) => ({ key: m.key, name: m.name, dueDate: m.dueDate })),
    skipped: p.plan.skipped,
    owner: p.owner?.ownerId ? { id: p.owner.ownerId, name: p.owner.ownerName ?? '' } : null,
    startDate: p.plan.startDate,
    endDate: p.plan.endDate,
  };
}
