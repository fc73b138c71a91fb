import { http } from '../../../ui/http.ts';
import type { ClientDocument, ClientDocumentDetail, DocumentTemplate, Preview } from '../../../../../src/schemas/documents.ts';

export type { ClientDocument, ClientDocumentDetail, DocumentTemplate, Preview };

export async function listDocumentTemplates(): Promise<DocumentTemplate[]> {
  return (await http.get<{ items: DocumentTemplate[] }>('/api/document-templates')).items;
}

export async function listDealDocuments(opportunityId: string): Promise<ClientDocument[]> {
  return (await http.get<{ items: ClientDocument[] }>('/api/documents', { opportunityId })).items;
}

export const getDocument = (id: string) => http.get<ClientDocumentDetail>(`/api/documents/${encodeURIComponent(id)}`);

export const generateDocument = (opportunityId: string, templateId: string) => http.post<ClientDocument>('/api/documents', { opportunityId, templateId });

export const previewTemplate = (templateId: string, opportunityId: string, draft?: { body: string; requiredFields: string[] }) =>
  http.post<Preview>(`/api/document-templates/${encodeURIComponent(templateId)}/preview`, { opportunityId, ...draft });

export type DocumentStep = 'submit' | 'approve' | 'reject' | 'send';

export const moveDocument = (id: string, step: DocumentStep, body: { comment?: string; to?: string } = {}) =>
  http.post<ClientDocument>(`/api/documents/${encodeURIComponent(id)}/${step}`, body);

export const pdfUrl = (id: string) => `/api/documents/${encodeURIComponent(id)}/pdf`;

export const updateDocumentTemplate = (id: string, patch: { name?: string; body?: string; requiredFields?: string[] }) =>
  http.patch<DocumentTemplate>(`/api/document-templates/${encodeURIComponent(id)}`, patch);
