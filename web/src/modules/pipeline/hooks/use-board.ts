// A pipeline's stages with their opportunities, filtered by a search text; the default pipeline unless one is named.
import { useResource } from '../../../ui/use-resource.ts';
import { listAllOpportunities, type Opportunity } from '../../opportunities/api/opportunities.api.ts';
import { findDefaultPipeline, listPipelines, orderStages, type Pipeline, type Stage } from '../api/pipelines.api.ts';

export type BoardColumn = { stage: Stage; opportunities: Opportunity[] };
export type Board = { pipelines: Pipeline[]; pipeline: Pipeline | undefined; columns: BoardColumn[]; total: number; truncated: boolean };

export function useBoard(q: string, pipelineId = '') {
  return useResource<Board>(async () => {
    const pipelines = await listPipelines();
    const pipeline = pipelines.find((p) => p.id === pipelineId) ?? findDefaultPipeline(pipelines);
    if (!pipeline) return { pipelines, pipeline: undefined, columns: [], total: 0, truncated: false };
    const { items, truncated } = await listAllOpportunities({ pipelineId: pipeline.id, q: q || undefined });
    const columns = orderStages(pipeline.stages).map((stage) => ({
      stage,
      opportunities: items.filter((o) => o.stageId === stage.id),
    }));
    return { pipelines, pipeline, columns, total: items.length, truncated };
  }, [q, pipelineId]);
}
