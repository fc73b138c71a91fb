// Client document templates and their versions: a change to the body or the required fields is a new version; a
// document records the version it was made from.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { scoped } from './scope.ts';

export type DocumentTemplate = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  version: number;
  body: string;
  requiredFields: string[];
  archived: boolean;
  updatedAt: string;
  versionCreatedBy: string;
};

function selectTemplates(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('document_templates as t')
    .innerJoin('document_template_versions as v', (j) => j.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.current_version'))
    .select([
      't.id',
      't.key',
      't.name',
      't.description',
      't.current_version',
      't.archived_at',
      't.updated_at',
      'v.body',
      'v.required_fields',
      'v.created_by_label',
    ]);
}

type TemplateRow = Awaited<ReturnType<ReturnType<typeof selectTemplates>['executeTakeFirstOrThrow']>>;

const toTemplate = (r: TemplateRow): DocumentTemplate => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  version: r.current_version,
  body: r.body,
  requiredFields: r.required_fields,
  archived: r.archived_at !== null,
  updatedAt: r.updated_at.toISOString(),
  versionCreatedBy: r.created_by_label,
});

export async function listDocumentTemplates(db: DbOrTx, workspaceId: string): Promise<DocumentTemplate[]> {
  return (await selectTemplates(db, workspaceId).orderBy('t.name').orderBy('t.id').execute()).map(toTemplate);
}

export async function findDocumentTemplate(db: DbOrTx, workspaceId: string, id: string): Promise<DocumentTemplate | undefined> {
  const row = await selectTemplates(db, workspaceId).where('t.id', '=', id).executeTakeFirst();
  return row && toTemplate(row);
}

export async function findDocumentTemplateByKey(db: DbOrTx, workspaceId: string, key: string): Promise<DocumentTemplate | undefined> {
  const row = await selectTemplates(db, workspaceId).where('t.key', '=', key).executeTakeFirst();
  return row && toTemplate(row);
}

/** The template as it was at one version (what a document was made from). */
export async function findDocumentTemplateVersion(db: DbOrTx, workspaceId: string, templateId: string, version: number) {
  return scoped(db, workspaceId)
    .selectFrom('document_template_versions')
    .select(['version', 'body', 'required_fields', 'created_by_label', 'created_at'])
    .where('template_id', '=', templateId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function listDocumentTemplateVersions(db: DbOrTx, workspaceId: string, templateId: string) {
  const rows = await scoped(db, workspaceId)
    .selectFrom('document_template_versions')
    .select(['version', 'created_by_label', 'created_at'])
    .where('template_id', '=', templateId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, createdBy: r.created_by_label, createdAt: r.created_at.toISOString() }));
}

/** Adds a template at version 1; undefined when its key is taken in the workspace. */
export async function insertDocumentTemplate(
  tx: Tx,
  workspaceId: string,
  input: { key: string; name: string; description: string | null; body: string; requiredFields: string[]; createdBy: string },
): Promise<string | undefined> {
  const row = await tx
    .insertInto('document_templates')
    .values({ id: newId(), workspace_id: workspaceId, key: input.key, name: input.name, description: input.description })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  await insertDocumentTemplateVersion(tx, workspaceId, row.id, 1, input);
  return row.id;
}

export async function insertDocumentTemplateVersion(
  tx: Tx,
  workspaceId: string,
  templateId: string,
  version: number,
  input: { body: string; requiredFields: string[]; createdBy: string },
): Promise<void> {
  await tx
    .insertInto('document_template_versions')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      template_id: templateId,
      version,
      body: input.body,
      required_fields: input.requiredFields,
      created_by_label: input.createdBy,
    })
    .execute();
}

export async function lockDocumentTemplate(tx: Tx, workspaceId: string, id: string) {
  return scoped(tx, workspaceId).selectFrom('document_templates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateDocumentTemplateRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  set: { name?: string; description?: string | null; current_version?: number; archived?: boolean },
): Promise<void> {
  const { archived, ...rest } = set;
  await scoped(tx, workspaceId)
    .updateTable('document_templates')
    .set({ ...rest, ...(archived !== undefined && { archived_at: archived ? sql`now()` : null }), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
