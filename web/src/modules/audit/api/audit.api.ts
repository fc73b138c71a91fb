import { http, type Page } from '../../../ui/http.ts';
import type { AuditRecord } from '../../../../../src/schemas/admin.ts';

export type { AuditRecord };

export const listAudit = (query: { entityId?: string; cursor?: string | null; limit?: number }) => http.get<Page<AuditRecord>>('/api/audit', query);

/** IDs are time-ordered UUIDs, so their start is shared: the end tells them apart. */
export const shortId = (id: string) => `…${id.slice(-8)}`;
