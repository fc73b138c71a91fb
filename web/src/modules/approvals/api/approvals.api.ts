// The approvals API as the web app calls it: the caller's inbox, one request, the decisions, and a deal's requests.
import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Static } from 'typebox';
import type {
  ApprovalDetail as ApprovalDetailSchema,
  ApprovalPolicy as ApprovalPolicySchema,
  ApprovalSummary as ApprovalSummarySchema,
  InboxQuery,
} from '../../../../../src/schemas/approvals.ts';

export type ApprovalSummary = Static<typeof ApprovalSummarySchema>;
export type ApprovalDetail = Static<typeof ApprovalDetailSchema>;
export type ApprovalStatus = ApprovalSummary['status'];
export type Snapshot = ApprovalSummary['snapshot'];
export type InboxFilter = 'pending' | 'decided';
export type ApprovalPolicy = Static<typeof ApprovalPolicySchema>;

const at = (id: string) => `/api/approvals/${encodeURIComponent(id)}`;

export const listApprovals = (query: ListQuery<Static<typeof InboxQuery>>) => http.get<Page<ApprovalSummary>>('/api/approvals', query);

export const getApproval = (id: string) => http.get<ApprovalDetail>(at(id));

export const approve = (id: string, comment: string) => http.post<ApprovalDetail>(`${at(id)}/approve`, comment.trim() ? { comment } : {});

export const reject = (id: string, comment: string) => http.post<ApprovalDetail>(`${at(id)}/reject`, { comment });

/** Without `until`, this request only; with it, every approval of the caller's until then (while they are away). */
export const delegate = (id: string, toUserId: string, until?: string) =>
  http.post<ApprovalDetail>(`${at(id)}/delegate`, { toUserId, ...(until ? { until } : {}) });

export async function listDealApprovals(opportunityId: string): Promise<ApprovalDetail[]> {
  return (await http.get<{ items: ApprovalDetail[] }>(`/api/opportunities/${encodeURIComponent(opportunityId)}/approvals`)).items;
}

export const getApprovalPolicy = (id: string) => http.get<ApprovalPolicy>(`/api/approval-policies/${encodeURIComponent(id)}`);
