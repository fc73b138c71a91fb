import { http, type ListQuery, type Page } from '../../../ui/http.ts';

import type { Connection, ConnectionInput, ConnectionPatch, EventListQuery, InboundEvent } from '../../../../../src/schemas/inbound.ts';

export type { Connection, ConnectionInput, ConnectionPatch, InboundEvent };
export {
  connectionKinds,
  defaultStageMap,
  dealTargets,
  kindLabels,
  secretNames,
  type ConnectionKind,
  type StageMapping,
} from '../../../../../src/domain/inbound.ts';

export type InboundEventStatus = InboundEvent['status'];

export const listConnections = async () => (await http.get<{ items: Connection[] }>('/api/inbound-connections')).items;

export const getConnection = (id: string) => http.get<Connection>(`/api/inbound-connections/${encodeURIComponent(id)}`);

export const createConnection = (input: ConnectionInput) => http.post<Connection>('/api/inbound-connections', input);

export const updateConnection = (id: string, patch: ConnectionPatch) => http.patch<Connection>(`/api/inbound-connections/${encodeURIComponent(id)}`, patch);

export const listInboundEvents = (id: string, query: ListQuery<EventListQuery>) =>
  http.get<Page<InboundEvent>>(`/api/inbound-connections/${encodeURIComponent(id)}/events`, query);

export const reprocessEvent = (connectionId: string, eventId: string) =>
  http.post<InboundEvent>(`/api/inbound-connections/${encodeURIComponent(connectionId)}/events/${encodeURIComponent(eventId)}/reprocess`, {});

/** Events an admin may process again (the server refuses rejected and malformed ones). */
export const canReprocess = (e: InboundEvent) => e.status !== 'rejected' && e.status !== 'malformed';
