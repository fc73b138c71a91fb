// Storage of project templates and their versions.
import { sql } from 'kysely';
import type { TemplateDefinition } from '../../domain/project-plan.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import type { NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';

export type UpsellMode = 'new_project' | 'add_to_existing';

export type TemplateSummary = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  dealType: string | null;
  upsellMode: UpsellMode;
  currentVersion: number;
  taskCount: number;
  phaseCount: number;
  updatedAt: string;
};

export type Template = TemplateSummary & { version: number; definition: TemplateDefinition };

const countTasks = (d: TemplateDefinition) => d.phases.reduce((n, p) => n + p.groups.reduce((m, g) => m + g.tasks.length, 0), 0);

function toTemplate(r: Row<'project_templates'>, version: number, definition: TemplateDefinition): Template {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    dealType: r.deal_type,
    upsellMode: r.upsell_mode as UpsellMode,
    currentVersion: r.current_version,
    taskCount: countTasks(definition),
    phaseCount: definition.phases.length,
    updatedAt: r.updated_at.toISOString(),
    version,
    definition,
  };
}

function selectTemplates(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('project_templates as t')
    .innerJoin('project_template_versions as v', (j) => j.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.current_version'))
    .selectAll('t')
    .select('v.definition')
    .where('t.archived_at', 'is', null);
}

export async function listTemplates(db: DbOrTx, workspaceId: string): Promise<Template[]> {
  const rows = await selectTemplates(db, workspaceId).orderBy('t.name').execute();
  return rows.map((r) => toTemplate(r, r.current_version, r.definition as unknown as TemplateDefinition));
}

/** A template at its current version, or at `version`. */
export async function findTemplate(db: DbOrTx, workspaceId: string, id: string, version?: number): Promise<Template | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('project_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const v = await db
    .selectFrom('project_template_versions')
    .select(['version', 'definition'])
    .where('template_id', '=', id)
    .where('version', '=', version ?? row.current_version)
    .executeTakeFirst();
  if (!v) return undefined;
  return toTemplate(row, v.version, v.definition as unknown as TemplateDefinition);
}

export async function findTemplateByKey(db: DbOrTx, workspaceId: string, key: string): Promise<Template | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('project_templates').select('id').where('key', '=', key).executeTakeFirst();
  return row ? findTemplate(db, workspaceId, row.id) : undefined;
}

/** The template made for a deal type, else the one for any deal type. */
export async function findTemplateForDealType(db: DbOrTx, workspaceId: string, dealType: string): Promise<Template | undefined> {
  const row = await selectTemplates(db, workspaceId)
    .where((eb) => eb.or([eb('t.deal_type', '=', dealType), eb('t.deal_type', 'is', null)]))
    .orderBy(sql`t.deal_type is null`)
    .orderBy('t.created_at')
    .executeTakeFirst();
  return row ? toTemplate(row, row.current_version, row.definition as unknown as TemplateDefinition) : undefined;
}

export async function listTemplateVersions(db: DbOrTx, workspaceId: string, templateId: string) {
  const rows = await scoped(db, workspaceId)
    .selectFrom('project_template_versions')
    .select(['version', 'created_at', 'created_by_label'])
    .where('template_id', '=', templateId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, createdAt: r.created_at.toISOString(), createdBy: r.created_by_label }));
}

export async function insertTemplateVersion(
  tx: Tx,
  workspaceId: string,
  input: { templateId: string; version: number; definition: TemplateDefinition; createdByLabel: string },
): Promise<void> {
  await tx
    .insertInto('project_template_versions')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      template_id: input.templateId,
      version: input.version,
      definition: JSON.stringify(input.definition),
      created_by_label: input.createdByLabel,
    })
    .execute();
}

/** Adds a template; undefined when its key is taken in the workspace. */
export async function insertTemplateRow(tx: Tx, row: NewRow<'project_templates'>): Promise<{ id: string } | undefined> {
  return tx
    .insertInto('project_templates')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function lockTemplate(tx: Tx, workspaceId: string, id: string): Promise<Row<'project_templates'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('project_templates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateTemplateRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  set: { name: string; description: string | null; dealType: string | null; upsellMode: UpsellMode; currentVersion: number },
): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('project_templates')
    .set({
      name: set.name,
      description: set.description,
      deal_type: set.dealType,
      upsell_mode: set.upsellMode,
      current_version: set.currentVersion,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}
