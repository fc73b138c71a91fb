import { http } from '../../../ui/http.ts';
import type { DealField, LossReason, LossReasonInput, LossReasonPatch } from '../../../../../src/schemas/loss-reasons.ts';

export type { DealField, LossReason, LossReasonInput, LossReasonPatch };

/** The workspace's loss reasons in their order, archived ones marked. */
export async function listLossReasons(): Promise<LossReason[]> {
  return (await http.get<{ items: LossReason[] }>('/api/loss-reasons')).items;
}

export const createLossReason = (input: LossReasonInput) => http.post<LossReason>('/api/loss-reasons', input);

export const updateLossReason = (id: string, patch: LossReasonPatch) => http.patch<LossReason>(`/api/loss-reasons/${encodeURIComponent(id)}`, patch);

/** The deal fields a pipeline may require before a win (custom fields included). */
export async function listDealFields(): Promise<DealField[]> {
  return (await http.get<{ items: DealField[] }>('/api/deal-fields')).items;
}
