import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Role } from '../../../../../src/schemas/auth.ts';
import type { NewUser, User, UserListQuery } from '../../../../../src/schemas/admin.ts';

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

export type WorkspaceUser = User;
export type { NewUser };

export const listUsers = (query: ListQuery<UserListQuery>) => http.get<Page<WorkspaceUser>>('/api/users', query);

export const createUser = (input: NewUser) => http.post<WorkspaceUser>('/api/users', input);
