import { http, type Page } from '../../../ui/http.ts';

export type EnrolmentStatus = 'active' | 'stopped' | 'completed';
export type Enrolment = {
  id: string;
  sequenceId: string;
  sequenceName: string;
  contactId: string;
  contactName: string;
  accountId: string | null;
  opportunityId: string | null;
  status: EnrolmentStatus;
  stoppedReason: string | null;
  stoppedAt: string | null;
  enrolledAt: string;
};

export const listEnrolments = (query: { accountId?: string; opportunityId?: string; status?: EnrolmentStatus; limit?: number; cursor?: string | null }) =>
  http.get<Page<Enrolment>>('/api/enrolments', { limit: 200, ...query });
