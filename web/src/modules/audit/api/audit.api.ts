import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { AuditListQuery, AuditRecord } from '../../../../../src/schemas/admin.ts';

export type { AuditRecord };

export const listAudit = (query: ListQuery<AuditListQuery>) => http.get<Page<AuditRecord>>('/api/audit', query);

/** IDs are time-ordered UUIDs, so their start is shared: the end tells them apart. */
export const shortId = (id: string) => `…${id.slice(-8)}`;
