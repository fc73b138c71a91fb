// The deal's signed scope documents (SOW, order form, contract): the brief reads them as a source.
import { http } from '../../../ui/http.ts';
import type { NewScopeDocument, ScopeDocument, ScopeDocumentKind } from '../../../../../src/schemas/brief.ts';

export { scopeDocumentKinds } from '../../../../../src/domain/brief/types.ts';
export type { NewScopeDocument, ScopeDocument, ScopeDocumentKind };

export const scopeDocumentKindLabels: Record<ScopeDocumentKind, string> = {
  sow: 'Statement of work',
  order_form: 'Order form',
  contract: 'Contract',
  other: 'Other',
};

export const listScopeDocuments = async (opportunityId: string): Promise<ScopeDocument[]> =>
  (await http.get<{ items: ScopeDocument[] }>(`/api/opportunities/${encodeURIComponent(opportunityId)}/scope-documents`)).items;

export const attachScopeDocument = (opportunityId: string, document: NewScopeDocument) =>
  http.post<ScopeDocument>(`/api/opportunities/${encodeURIComponent(opportunityId)}/scope-documents`, document);

/** Archived on the server, not erased. */
export const removeScopeDocument = (id: string) => http.delete(`/api/scope-documents/${encodeURIComponent(id)}`);
