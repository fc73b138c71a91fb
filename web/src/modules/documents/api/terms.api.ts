import { http } from '../../../ui/http.ts';
import type { BillingSchedule, Clause, DealTerms, DealTermsPatch } from '../../../../../src/schemas/terms.ts';

export type { BillingSchedule, Clause, DealTerms, DealTermsPatch };

export const getDealTerms = (opportunityId: string) => http.get<DealTerms>(`/api/opportunities/${encodeURIComponent(opportunityId)}/terms`);

export const updateDealTerms = (opportunityId: string, patch: DealTermsPatch) =>
  http.patch<DealTerms>(`/api/opportunities/${encodeURIComponent(opportunityId)}/terms`, patch);
