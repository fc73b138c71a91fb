import { http, type Page } from '../../../ui/http.ts';

import type { Pipeline, Stage, StageCategory } from '../../../../../src/schemas/opportunities.ts';

export type { Pipeline, Stage, StageCategory };

export async function listPipelines(): Promise<Pipeline[]> {
  return (await http.get<Page<Pipeline> | { items: Pipeline[] }>('/api/pipelines')).items;
}

/** Board order: open stages by position, then won, then lost. */
export function orderStages(stages: Stage[]): Stage[] {
  const rank: Record<StageCategory, number> = { open: 0, won: 1, lost: 2 };
  return [...stages].sort((a, b) => rank[a.category] - rank[b.category] || a.position - b.position);
}

export function findDefaultPipeline(pipelines: Pipeline[]): Pipeline | undefined {
  return pipelines.find((p) => p.isDefault) ?? pipelines[0];
}
