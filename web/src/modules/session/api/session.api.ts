import { http, setCsrfToken } from '../../../ui/http.ts';

import type { Role } from '../../../../../src/domain/roles.ts';

export type { Role };
export type User = { id: string; name: string; email: string; role: Role };
export type Workspace = { id: string; name: string; slug: string; timeZone: string };
export type Session = { user: User; workspace: Workspace; csrfToken: string };

export async function logIn(email: string, password: string): Promise<Session> {
  const session = await http.post<Session>('/api/auth/login', { email, password }, { quiet401: true });
  setCsrfToken(session.csrfToken);
  return session;
}

/** The current session, or null when the cookie is missing or expired. */
export async function findSession(): Promise<Session | null> {
  try {
    const session = await http.get<Session>('/api/auth/me', undefined, { quiet401: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof Error && 'status' in error && error.status === 401) return null;
    throw error;
  }
}

export async function logOut(): Promise<void> {
  try {
    await http.post<void>('/api/auth/logout', undefined, { quiet401: true });
  } finally {
    setCsrfToken(null);
  }
}
