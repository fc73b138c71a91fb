import { http } from '../../../ui/http.ts';
import type { TemplateDefinition } from '../../../../../src/domain/project-plan.ts';
import type { UserRef } from '../../projects/api/projects.api.ts';

export type { DueRule, PhaseTemplate, TaskTemplate, TemplateDefinition } from '../../../../../src/domain/project-plan.ts';

export const upsellModes = ['new_project', 'add_to_existing'] as const;
export type UpsellMode = (typeof upsellModes)[number];
export const dealTypes = ['new_business', 'upsell', 'renewal'] as const;

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

export type TemplateVersion = { version: number; createdAt: string; createdBy: string };

export type Template = TemplateSummary & { version: number; definition: TemplateDefinition; versions: TemplateVersion[] };

export type TemplateInput = { name: string; description?: string | null; dealType?: string | null; upsellMode?: UpsellMode; definition: TemplateDefinition };

export type TemplatePreview = {
  tasks: { key: string; title: string; phase: string; group: string; role: string; dueDate: string; owner: UserRef | null; flagged: boolean; reason: string }[];
  milestones: { key: string; name: string; dueDate: string }[];
  skipped: { key: string; title: string; condition: string }[];
  startDate: string;
  endDate: string;
};

export async function listTemplates(): Promise<TemplateSummary[]> {
  return (await http.get<{ items: TemplateSummary[] }>('/api/templates')).items;
}

export const getTemplate = (id: string, version?: number) => http.get<Template>(`/api/templates/${encodeURIComponent(id)}`, { version });

export const createTemplate = (input: TemplateInput & { key: string }) => http.post<Template>('/api/templates', input);

/** Saves a new version when the definition changed. */
export const saveTemplate = (id: string, input: TemplateInput) => http.put<Template>(`/api/templates/${encodeURIComponent(id)}`, input);

/** Plans the (unsaved) definition on a deal without writing anything. */
export const previewTemplate = (id: string, body: { opportunityId: string; definition?: TemplateDefinition }) =>
  http.post<TemplatePreview>(`/api/templates/${encodeURIComponent(id)}/preview`, body);

export const templatePath = (id: string) => `/settings/templates/${encodeURIComponent(id)}`;
