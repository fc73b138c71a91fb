import { http, type Page } from '../../../ui/http.ts';
import type { Actor } from '../../opportunities/api/opportunities.api.ts';

export type AuditRecord = {
  id: string;
  at: string;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

export const listAudit = (query: { entityId?: string; cursor?: string | null; limit?: number }) => http.get<Page<AuditRecord>>('/api/audit', query);

/** IDs are time-ordered UUIDs, so their start is shared: the end tells them apart. */
export const shortId = (id: string) => `…${id.slice(-8)}`;
