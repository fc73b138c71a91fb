import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Enrolment, EnrolmentListQuery, EnrolmentStatus } from '../../../../../src/schemas/accounts.ts';

export type { Enrolment, EnrolmentStatus };

export const listEnrolments = (query: ListQuery<EnrolmentListQuery>) => http.get<Page<Enrolment>>('/api/enrolments', { limit: 200, ...query });
