// A pipeline's stages with their opportunities, filtered by a search text; the default pipeline unless one is named.
import { useResource } from '../../../ui/use-resource.ts';
import { listAllOpportunities, type Opportunity } from '../../opportunities/api/opportunities.api.ts';
import { listDashboard } from '../../dashboard/api/dashboard.api.ts';
import type { ProjectHealth } from '../../projects/api/projects.api.ts';
import { findDefaultPipeline, listPipelines, orderStages, type Pipeline, type Stage } from '../api/pipelines.api.ts';

export type BoardColumn = { stage: Stage; opportunities: Opportunity[] };
export type Board = {
  pipelines: Pipeline[];
  pipeline: Pipeline | undefined;
  columns: BoardColumn[];
  total: number;
  truncated: boolean;
  /** The delivery health of the pipeline's won deals with a project (the newest 200), by deal. */
  health: Record<string, ProjectHealth>;
};

export function useBoard(q: string, pipelineId = '') {
  return useResource<Board>(async () => {
    const pipelines = await listPipelines();
    const pipeline = pipelines.find((p) => p.id === pipelineId) ?? findDefaultPipeline(pipelines);
    if (!pipeline) return { pipelines, pipeline: undefined, columns: [], total: 0, truncated: false, health: {} };
    const [{ items, truncated }, delivery] = await Promise.all([
      listAllOpportunities({ pipelineId: pipeline.id, q: q || undefined }),
      // Without the dashboard (an error), the cards still show; only their delivery health is missing.
      listDashboard({ pipelineId: pipeline.id, limit: 200 }).catch(() => ({ items: [], next: null })),
    ]);
    const health = Object.fromEntries(delivery.items.filter((r) => r.project).map((r) => [r.opportunity.id, r.project!.health]));
    const columns = orderStages(pipeline.stages).map((stage) => ({
      stage,
      opportunities: items.filter((o) => o.stageId === stage.id),
    }));
    return { pipelines, pipeline, columns, total: items.length, truncated, health };
  }, [q, pipelineId]);
}
