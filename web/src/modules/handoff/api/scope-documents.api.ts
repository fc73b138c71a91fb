// The deal's signed scope documents (SOW, order form, contract): the brief reads them as a source.
import { http } from '../../../ui/http.ts';

export const scopeDocumentKinds = ['sow', 'order_form', 'contract', 'other'] as const;
export type ScopeDocumentKind = (typeof scopeDocumentKinds)[number];
export const scopeDocumentKindLabels: Record<ScopeDocumentKind, string> = {
  sow: 'Statement of work',
  order_form: 'Order form',
  contract: 'Contract',
  other: 'Other',
};

export type ScopeDocument = {
  id: string;
  opportunityId: string;
  kind: ScopeDocumentKind;
  title: string;
  body: string;
  fileName: string | null;
  signedOn: string | null;
  authorName: string | null;
  createdAt: string;
};

export type NewScopeDocument = { kind: ScopeDocumentKind; title: string; body: string; fileName?: string | null; signedOn?: string | null };

export const listScopeDocuments = async (opportunityId: string): Promise<ScopeDocument[]> =>
  (await http.get<{ items: ScopeDocument[] }>(`/api/opportunities/${encodeURIComponent(opportunityId)}/scope-documents`)).items;

export const attachScopeDocument = (opportunityId: string, document: NewScopeDocument) =>
  http.post<ScopeDocument>(`/api/opportunities/${encodeURIComponent(opportunityId)}/scope-documents`, document);

/** Archived on the server, not erased. */
export const removeScopeDocument = (id: string) => http.delete(`/api/scope-documents/${encodeURIComponent(id)}`);
