import { http } from '../../../ui/http.ts';
import type { Pipeline, PipelineInput, PipelinePatch } from '../../../../../src/schemas/pipelines.ts';

export type { Pipeline, PipelineInput, PipelinePatch, Stage } from '../../../../../src/schemas/pipelines.ts';

/** Every pipeline, archived ones included (settings show them with a way back). */
export async function listAllPipelines(): Promise<Pipeline[]> {
  return (await http.get<{ items: Pipeline[] }>('/api/pipelines?includeArchived=true')).items;
}

export const createPipeline = (input: PipelineInput) => http.post<Pipeline>('/api/pipelines', input);

export const updatePipeline = (id: string, patch: PipelinePatch) => http.patch<Pipeline>(`/api/pipelines/${encodeURIComponent(id)}`, patch);
