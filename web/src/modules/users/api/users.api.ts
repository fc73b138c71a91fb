import { http, type Page } from '../../../ui/http.ts';
import type { Role } from '../../session/api/session.api.ts';

export { roles } from '../../../../../src/domain/roles.ts';

/** What each role may do, as the server grants it (shown next to the role picker). */
export const roleDescriptions: Record<Role, string> = {
  admin: 'Everything, including people, API tokens, outbox and audit log',
  sales: 'Edit the CRM, win and lose deals',
  cs: 'Read the CRM, log activities',
  pm: 'Read the CRM, log activities',
  ops: 'Read the CRM, log activities, outbox and audit log',
  finance: 'Read the CRM',
  legal: 'Read the CRM',
};

export type WorkspaceUser = {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
};

export type NewUser = { email: string; name: string; role: Role; password?: string };

export const listUsers = (query: { cursor?: string | null; limit?: number }) => http.get<Page<WorkspaceUser>>('/api/users', query);

export const createUser = (input: NewUser) => http.post<WorkspaceUser>('/api/users', input);
