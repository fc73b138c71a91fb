import { http, type Page } from '../../../ui/http.ts';
import type { Enrolment, EnrolmentStatus } from '../../../../../src/schemas/accounts.ts';

export type { Enrolment, EnrolmentStatus };

export const listEnrolments = (query: { accountId?: string; opportunityId?: string; status?: EnrolmentStatus; limit?: number; cursor?: string | null }) =>
  http.get<Page<Enrolment>>('/api/enrolments', { limit: 200, ...query });
