import { http } from '../../../ui/http.ts';
import type { Role } from '../../session/api/session.api.ts';

export type ApiToken = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** The secret is in this answer only: the server keeps a hash. */
export type IssuedToken = { token: ApiToken; secret: string };

export const listTokens = async () => (await http.get<{ items: ApiToken[] }>('/api/tokens')).items;

export const createToken = (input: { name: string; role: Role }) => http.post<IssuedToken>('/api/tokens', input);

export const revokeToken = (id: string) => http.post<ApiToken>(`/api/tokens/${encodeURIComponent(id)}/revoke`);
