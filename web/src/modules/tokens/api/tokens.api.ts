import { http } from '../../../ui/http.ts';
import type { ApiToken, IssuedToken, NewToken } from '../../../../../src/schemas/admin.ts';

export type { ApiToken, IssuedToken };

export const listTokens = async () => (await http.get<{ items: ApiToken[] }>('/api/tokens')).items;

export const createToken = (input: NewToken) => http.post<IssuedToken>('/api/tokens', input);

export const revokeToken = (id: string) => http.post<ApiToken>(`/api/tokens/${encodeURIComponent(id)}/revoke`);
