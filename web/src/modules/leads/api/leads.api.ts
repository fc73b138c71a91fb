// Leads and their handoff to sales: the list, a lead with its history and tasks, stage moves, the handoff details,
// conversion into a deal, and completing a task with a result.
import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { HandoffResult, NeedMaturity, LeadStage } from '../../../../../src/domain/leads.ts';
import type {
  HandoffDetailsChange,
  HandoffDetailsInput,
  Lead,
  LeadChange,
  LeadDetail,
  LeadEvent,
  LeadListQuery,
  LeadStageMove,
  NewLead,
  TaskCompletion,
} from '../../../../../src/schemas/leads.ts';
import type { Task } from '../../../../../src/schemas/projects.ts';

export { handoffResults, leadStages, needMaturities, settableLeadStages, leadPriorities, leadStageLabels } from '../../../../../src/domain/leads.ts';
export type { HandoffDetailsInput, HandoffResult, Lead, LeadDetail, LeadEvent, LeadStage, NeedMaturity };

export type LeadConversion = { lead: Lead; opportunityId: string; created: boolean; accountCreated: boolean; contactCreated: boolean };

export const listLeads = (query: ListQuery<LeadListQuery>): Promise<Page<Lead>> => http.page<Lead>('/api/leads', query);
export const getLead = (id: string) => http.get<LeadDetail>(`/api/leads/${encodeURIComponent(id)}`);
export const createLead = (body: NewLead) => http.post<Lead>('/api/leads', body);
export const updateLead = (id: string, body: LeadChange) => http.patch<Lead>(`/api/leads/${encodeURIComponent(id)}`, body);
export const moveLead = (id: string, body: LeadStageMove) => http.post<Lead>(`/api/leads/${encodeURIComponent(id)}/stage`, body);
export const updateHandoff = (id: string, body: HandoffDetailsChange) => http.patch<Lead>(`/api/leads/${encodeURIComponent(id)}/handoff`, body);
export const convertLead = (id: string) => http.post<LeadConversion>(`/api/leads/${encodeURIComponent(id)}/convert`, {});
export const completeTask = (id: string, body: TaskCompletion) => http.post<Task>(`/api/tasks/${encodeURIComponent(id)}/complete`, body);

export const leadPath = (id: string) => `/leads/${encodeURIComponent(id)}`;

export const maturityLabels: Record<NeedMaturity, string> = { discovered: 'Discovered', sales_ready: 'Sales-ready', not_interested: 'Not interested' };

export const resultLabels: Record<HandoffResult, string> = {
  proceed_to_order: 'Proceed to order',
  proceed_to_handoff: 'Proceed to handoff',
  back_to_distribution: 'Back to distribution',
  rescheduled: 'Rescheduled',
  not_interested: 'Not interested',
};

export const resultHints: Record<HandoffResult, string> = {
  proceed_to_order: 'The customer orders: the lead awaits the sale, sales-ready.',
  proceed_to_handoff: 'Sales takes over with what you found out: the lead awaits the sale, sales-ready.',
  back_to_distribution: 'Not for sales yet: the lead goes back to distribution, discovered.',
  rescheduled: 'The call moves: a new handoff task is due on the new date.',
  not_interested: 'The customer has no need: not interested, the stage stays.',
};

export const handoffCategory = 'lead_handoff';
