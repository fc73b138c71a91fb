// The traction gate: the workspace's setting, a deal's traction, and tasks added to a deal (trial tasks).
import { http } from '../../../ui/http.ts';
import type { DealTraction, NewDealTask, TractionGate, TractionGateChange } from '../../../../../src/schemas/traction.ts';
import type { Task } from '../../../../../src/schemas/projects.ts';
import type { TaskCompletion } from '../../../../../src/schemas/leads.ts';

export type { DealTraction, TractionGate };
export type TractionSignal = TractionGate['signals'][number];

export const signalLabels: Record<TractionSignal, string> = {
  stage: 'A stage reached',
  meeting: 'A meeting held with the client',
  budget: 'Budget confirmed',
};

export const getTractionGate = () => http.get<TractionGate>('/api/settings/traction-gate');
export const saveTractionGate = (gate: TractionGateChange) => http.put<TractionGate>('/api/settings/traction-gate', gate);
export const getDealTraction = (opportunityId: string) => http.get<DealTraction>(`/api/opportunities/${encodeURIComponent(opportunityId)}/traction`);
export const addDealTask = (opportunityId: string, task: NewDealTask) => http.post<Task>(`/api/opportunities/${encodeURIComponent(opportunityId)}/tasks`, task);
export const listTrialTasks = async (opportunityId: string) =>
  (await http.page<Task>('/api/tasks', { opportunityId, category: 'trial', status: 'all', limit: 100 })).items;
export const decideTrial = (taskId: string, decision: Pick<TaskCompletion, 'acceptance' | 'note'>) =>
  http.post<Task>(`/api/tasks/${encodeURIComponent(taskId)}/complete`, decision);
