// Pipelines and their stages; each stage has a category (open, won, lost) that decides what moving into it means.
import type { Stage, StageCategory } from '../../domain/opportunity.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import { scoped } from './scope.ts';
import type { Row } from './schema.ts';

export type PipelineStage = Stage & { pipelineId: string; probability: number };
export type Pipeline = { id: string; name: string; isDefault: boolean; projectCreation: 'automatic' | 'manual'; stages: PipelineStage[] };

export const toStage = (r: Row<'stages'>): PipelineStage => ({
  id: r.id,
  pipelineId: r.pipeline_id,
  name: r.name,
  position: r.position,
  category: r.category as StageCategory,
  probability: r.probability,
});

export async function listPipelines(db: DbOrTx, workspaceId: string): Promise<Pipeline[]> {
  const [pipelines, stages] = await Promise.all([
    scoped(db, workspaceId).selectFrom('pipelines').selectAll().orderBy('id').execute(),
    scoped(db, workspaceId).selectFrom('stages').selectAll().orderBy('position').execute(),
  ]);
  return pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    isDefault: p.is_default,
    projectCreation: p.project_creation as 'automatic' | 'manual',
    stages: stages.filter((s) => s.pipeline_id === p.id).map(toStage),
  }));
}

export async function listStages(db: DbOrTx, workspaceId: string, pipelineId: string): Promise<PipelineStage[]> {
  const rows = await scoped(db, workspaceId).selectFrom('stages').selectAll().where('pipeline_id', '=', pipelineId).orderBy('position').execute();
  return rows.map(toStage);
}

export async function findDefaultPipelineId(db: DbOrTx, workspaceId: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('pipelines').select('id').orderBy('is_default', 'desc').orderBy('id').executeTakeFirst();
  return row?.id;
}

/** Whether the pipeline's won deals get a project automatically or by hand; `lock` holds the pipeline's row. */
export async function findPipelineProjectCreation(db: DbOrTx, workspaceId: string, pipelineId: string, options: { lock?: boolean } = {}) {
  let q = scoped(db, workspaceId).selectFrom('pipelines').select(['id', 'project_creation']).where('id', '=', pipelineId);
  if (options.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function setPipelineProjectCreation(tx: Tx, workspaceId: string, pipelineId: string, mode: 'automatic' | 'manual'): Promise<void> {
  await scoped(tx, workspaceId).updateTable('pipelines').set({ project_creation: mode }).where('id', '=', pipelineId).execute();
}

/** Adds a pipeline with its stages, in the order given. */
export async function insertPipeline(
  tx: Tx,
  workspaceId: string,
  p: { id: string; name: string; isDefault?: boolean; projectCreation?: 'automatic' | 'manual'; stages: readonly (readonly [string, StageCategory, number])[] },
): Promise<void> {
  await tx
    .insertInto('pipelines')
    .values({
      id: p.id,
      workspace_id: workspaceId,
      name: p.name,
      ...(p.isDefault !== undefined && { is_default: p.isDefault }),
      ...(p.projectCreation !== undefined && { project_creation: p.projectCreation }),
    })
    .execute();
  await tx
    .insertInto('stages')
    .values(
      p.stages.map(([name, category, probability], i) => ({
        id: newId(),
        workspace_id: workspaceId,
        pipeline_id: p.id,
        name,
        category,
        probability,
        position: i + 1,
      })),
    )
    .execute();
}
