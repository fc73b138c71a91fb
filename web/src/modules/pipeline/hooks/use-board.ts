// The default pipeline's stages with their opportunities, filtered by a search text.
import { useResource } from '../../../ui/use-resource.ts';
import { listAllOpportunities, type Opportunity } from '../../opportunities/api/opportunities.api.ts';
import { findDefaultPipeline, listPipelines, orderStages, type Pipeline, type Stage } from '../api/pipelines.api.ts';

export type BoardColumn = { stage: Stage; opportunities: Opportunity[] };
export type Board = { pipeline: Pipeline | undefined; columns: BoardColumn[]; total: number; truncated: boolean };

export function useBoard(q: string) {
  return useResource<Board>(async () => {
    const pipeline = findDefaultPipeline(await listPipelines());
    if (!pipeline) return { pipeline: undefined, columns: [], total: 0, truncated: false };
    const { items, truncated } = await listAllOpportunities({ pipelineId: pipeline.id, q: q || undefined });
    const columns = orderStages(pipeline.stages).map((stage) => ({
      stage,
      opportunities: items.filter((o) => o.stageId === stage.id),
    }));
    return { pipeline, columns, total: items.length, truncated };
  }, [q]);
}
