import { http, setCsrfToken } from '../../../ui/http.ts';

import type { Role, Session, User, Workspace } from '../../../../../src/schemas/auth.ts';

export type { Role, Session, User, Workspace };

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
