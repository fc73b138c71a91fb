import { http } from '../../../ui/http.ts';
import type {
  PreviewBody,
  Template,
  TemplateChange,
  TemplateDefinition,
  TemplatePreview,
  TemplateSummary,
  TemplateVersion,
  UpsellMode,
} from '../../../../../src/schemas/settings.ts';

export type { DueRule, TaskTemplate } from '../../../../../src/schemas/settings.ts';
export type { Template, TemplateDefinition, TemplatePreview, TemplateSummary, TemplateVersion, UpsellMode };
export type PhaseTemplate = TemplateDefinition['phases'][number];
/** What PUT takes (POST takes a key as well). */
export type TemplateInput = TemplateChange;

// Values, not types: the web takes no runtime code from src/schemas (TypeBox stays out of the bundle).
export const upsellModes: readonly UpsellMode[] = ['new_project', 'add_to_existing'];
export const dealTypes = ['new_business', 'upsell', 'renewal'] as const;

export async function listTemplates(): Promise<TemplateSummary[]> {
  return (await http.get<{ items: TemplateSummary[] }>('/api/templates')).items;
}

export const getTemplate = (id: string, version?: number) => http.get<Template>(`/api/templates/${encodeURIComponent(id)}`, { version });

export const createTemplate = (input: TemplateInput & { key: string }) => http.post<Template>('/api/templates', input);

/** Saves a new version when the definition changed. */
export const saveTemplate = (id: string, input: TemplateInput) => http.put<Template>(`/api/templates/${encodeURIComponent(id)}`, input);

/** Plans the (unsaved) definition on a deal without writing anything. */
export const previewTemplate = (id: string, body: PreviewBody) => http.post<TemplatePreview>(`/api/templates/${encodeURIComponent(id)}/preview`, body);

export const templatePath = (id: string) => `/settings/templates/${encodeURIComponent(id)}`;
