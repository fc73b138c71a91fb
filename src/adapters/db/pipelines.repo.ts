// Pipelines and their stages; each stage has a category (open, won, lost) that decides what moving into it means.
import { sql } from 'kysely';
import type { Stage, StageCategory } from '../../domain/opportunity.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import type { Row } from './schema.ts';
import { scoped } from './scope.ts';

export type PipelineStage = Stage & { pipelineId: string; probability: number; archivedAt?: string | null };
export type Pipeline = {
  id: string;
  name: string;
  isDefault: boolean;
  projectCreation: 'automatic' | 'manual';
  archivedAt: string | null;
  /** Deal field keys a deal must have filled before it is won. */
  requiredToWin: string[];
  stages: PipelineStage[];
};

export const toStage = (r: Row<'stages'>): PipelineStage => ({
  id: r.id,
  pipelineId: r.pipeline_id,
  name: r.name,
  position: r.position,
  category: r.category as StageCategory,
  probability: r.probability,
  ...(r.archived_at && { archivedAt: r.archived_at.toISOString() }),
});

/** The workspace's pipelines with their stages in order; archived pipelines and stages only when asked for. */
export async function listPipelines(db: DbOrTx, workspaceId: string, options: { includeArchived?: boolean } = {}): Promise<Pipeline[]> {
  const ws = scoped(db, workspaceId);
  let pipelines = ws.selectFrom('pipelines').selectAll();
  let stages = ws.selectFrom('stages').selectAll();
  if (!options.includeArchived) {
    pipelines = pipelines.where('archived_at', 'is', null);
    stages = stages.where('archived_at', 'is', null);
  }
  const [pipelineRows, stageRows] = await Promise.all([
    pipelines.orderBy('is_default', 'desc').orderBy('created_at').orderBy('id').execute(),
    stages.orderBy('position').execute(),
  ]);
  return pipelineRows.map((p) => ({
    id: p.id,
    name: p.name,
    isDefault: p.is_default,
    projectCreation: p.project_creation as 'automatic' | 'manual',
    archivedAt: p.archived_at?.toISOString() ?? null,
    requiredToWin: p.required_to_win,
    stages: stageRows.filter((s) => s.pipeline_id === p.id).map(toStage),
  }));
}

export async function findPipeline(db: DbOrTx, workspaceId: string, pipelineId: string, options: { includeArchived?: boolean } = {}) {
  return (await listPipelines(db, workspaceId, options)).find((p) => p.id === pipelineId);
}

/** The pipeline's row, locked for a change of it or its stages. */
export async function lockPipeline(tx: Tx, workspaceId: string, pipelineId: string) {
  return scoped(tx, workspaceId).selectFrom('pipelines').selectAll().where('id', '=', pipelineId).forUpdate().executeTakeFirst();
}

export async function insertPipeline(
  tx: Tx,
  workspaceId: string,
  input: {
    name: string;
    isDefault: boolean;
    projectCreation: 'automatic' | 'manual';
    requiredToWin?: string[] | undefined;
    stages: { name: string; category: string; probability: number; position: number }[];
  },
): Promise<string> {
  const id = newId();
  await tx
    .insertInto('pipelines')
    .values({
      id,
      workspace_id: workspaceId,
      name: input.name,
      is_default: input.isDefault,
      project_creation: input.projectCreation,
      ...(input.requiredToWin && { required_to_win: input.requiredToWin }),
    })
    .execute();
  await tx
    .insertInto('stages')
    .values(
      input.stages.map((s) => ({
        id: newId(),
        workspace_id: workspaceId,
        pipeline_id: id,
        name: s.name,
        category: s.category,
        probability: s.probability,
        position: s.position,
      })),
    )
    .execute();
  return id;
}

export async function updatePipelineRow(
  tx: Tx,
  workspaceId: string,
  pipelineId: string,
  changes: { name?: string; isDefault?: boolean; projectCreation?: 'automatic' | 'manual'; archived?: boolean; requiredToWin?: string[] },
): Promise<void> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.isDefault !== undefined && { is_default: changes.isDefault }),
    ...(changes.projectCreation !== undefined && { project_creation: changes.projectCreation }),
    ...(changes.archived !== undefined && { archived_at: changes.archived ? new Date() : null }),
    ...(changes.requiredToWin !== undefined && { required_to_win: changes.requiredToWin }),
  };
  if (Object.keys(set).length) await scoped(tx, workspaceId).updateTable('pipelines').set(set).where('id', '=', pipelineId).execute();
}

/** Makes one pipeline the workspace's default (new deals without a pipeline go there) and the others not. */
export async function setDefaultPipeline(tx: Tx, workspaceId: string, pipelineId: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('pipelines')
    .set({ is_default: sql<boolean>`id = ${pipelineId}` })
    .where((eb) => eb.or([eb('is_default', '=', true), eb('id', '=', pipelineId)]))
    .execute();
}

/** Deals per stage of a pipeline (any status), for refusing to archive a stage that still holds some. */
export async function countDealsPerStage(db: DbOrTx, workspaceId: string, pipelineId: string): Promise<Map<string, number>> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('opportunities')
    .select(['stage_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('pipeline_id', '=', pipelineId)
    .groupBy('stage_id')
    .execute();
  return new Map(rows.map((r) => [r.stage_id, Number(r.n)]));
}

/**
 * Writes a pipeline's stages as given, in order: stages with an id are renamed, re-weighted and moved, those without
 * are added, and the pipeline's other active stages are archived. Positions are moved out of the way first so that
 * a reorder never meets itself.
 */
export async function replaceStages(
  tx: Tx,
  workspaceId: string,
  pipelineId: string,
  stages: { id?: string | undefined; name: string; category: string; probability: number; position: number }[],
): Promise<void> {
  const ws = scoped(tx, workspaceId);
  const kept = stages.flatMap((s) => (s.id ? [s.id] : []));
  let archive = ws.updateTable('stages').set({ archived_at: new Date() }).where('pipeline_id', '=', pipelineId).where('archived_at', 'is', null);
  if (kept.length) archive = archive.where('id', 'not in', kept);
  await archive.execute();
  for (const s of stages) {
    if (s.id) {
      await ws
        .updateTable('stages')
        .set({ name: s.name, category: s.category, probability: s.probability, position: s.position, archived_at: null })
        .where('id', '=', s.id)
        .where('pipeline_id', '=', pipelineId)
        .execute();
    }
  }
  const added = stages.filter((s) => !s.id);
  if (added.length)
    await tx
      .insertInto('stages')
      .values(
        added.map((s) => ({
          id: newId(),
          workspace_id: workspaceId,
          pipeline_id: pipelineId,
          name: s.name,
          category: s.category,
          probability: s.probability,
          position: s.position,
        })),
      )
      .execute();
}

/**
 * A pipeline's active stages, in order; with `openPipeline`, none when the pipeline itself is archived. With
 * `share`, the rows are held (FOR SHARE) until the caller commits: a deal moving into a stage and an admin archiving
 * it take turns (see lockStagesOf), so no deal lands in a stage as it disappears.
 */
export async function listStages(
  db: DbOrTx,
  workspaceId: string,
  pipelineId: string,
  options: { openPipeline?: boolean; share?: boolean } = {},
): Promise<PipelineStage[]> {
  let query = scoped(db, workspaceId).selectFrom('stages').selectAll().where('pipeline_id', '=', pipelineId).where('archived_at', 'is', null);
  if (options.openPipeline)
    query = query.where((eb) =>
      eb.not(eb.exists(eb.selectFrom('pipelines as p').select('p.id').whereRef('p.id', '=', 'stages.pipeline_id').where('p.archived_at', 'is not', null))),
    );
  if (options.share) query = query.forShare();
  const rows = await query.orderBy('position').execute();
  return rows.map(toStage);
}

/** Holds every stage of a pipeline for a change of them: deals moving into one wait, and those that moved are counted. */
export async function lockStagesOf(tx: Tx, workspaceId: string, pipelineId: string): Promise<void> {
  await scoped(tx, workspaceId).selectFrom('stages').select('id').where('pipeline_id', '=', pipelineId).orderBy('id').forUpdate().execute();
}

/** Where a new deal goes when it names no pipeline: the default one, else the oldest active one. */
export async function findDefaultPipelineId(db: DbOrTx, workspaceId: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId)
    .selectFrom('pipelines')
    .select('id')
    .where('archived_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}
