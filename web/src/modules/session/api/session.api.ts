import { http, setCsrfToken } from '../../../ui/http.ts';

import type { CurrentSession, Role, Session, User, Workspace } from '../../../../../src/schemas/auth.ts';

export type { Role, Session, User, Workspace };

export async function logIn(email: string, password: string): Promise<Session> {
  const session = await http.post<Session>('/api/auth/login', { email, password }, { quiet401: true });
  setCsrfToken(session.csrfToken);
  return session;
}

/** The current session, or null when the cookie is missing or expired (the server answers 200 either way). */
export async function findSession(): Promise<Session | null> {
  const { session } = await http.get<CurrentSession>('/api/auth/session');
  if (session) setCsrfToken(session.csrfToken);
  return session;
}

export async function logOut(): Promise<void> {
  try {
    await http.post<void>('/api/auth/logout', undefined, { quiet401: true });
  } finally {
    setCsrfToken(null);
  }
}
