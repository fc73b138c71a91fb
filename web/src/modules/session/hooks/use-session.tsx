// The signed-in user and workspace, shared by the whole app.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { handleUnauthorized } from '../../../ui/http.ts';
import { findSession, logIn, logOut, type Role, type Session } from '../api/session.api.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; session: Session }
  | { status: 'failed'; error: Error };

type SessionContextValue = {
  state: SessionState;
  logIn: (email: string, password: string) => Promise<void>;
  logOut: () => Promise<void>;
  retry: () => void;
};

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const load = useCallback(() => {
    setState({ status: 'loading' });
    findSession().then(
      (session) => setState(session ? { status: 'signed-in', session } : { status: 'signed-out', expired: false }),
      (error: unknown) => setState({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }, []);

  useEffect(() => {
    load();
    handleUnauthorized(() => setState({ status: 'signed-out', expired: true }));
    return () => handleUnauthorized(null);
  }, [load]);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      retry: load,
      logIn: async (email, password) => {
        const session = await logIn(email, password);
        setState({ status: 'signed-in', session });
      },
      logOut: async () => {
        try {
          await logOut();
        } finally {
          setState({ status: 'signed-out', expired: false });
        }
      },
    }),
    [state, load],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionState must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session; only for components rendered behind the login. */
export function useSession(): Session {
  const { state } = useSessionState();
  if (state.status !== 'signed-in') throw new Error('useSession needs a signed-in user');
  return state.session;
}

/** Only admin and sales may win, lose or reopen a deal (the server answers 403 to others). */
export function canCloseDeals(role: Role): boolean {
  return role === 'admin' || role === 'sales';
}

export function canEditDeals(role: Role): boolean {
  return role === 'admin' || role === 'sales';
}

export function canWriteActivities(role: Role): boolean {
  return role !== 'finance' && role !== 'legal';
}

export type Permission = 'users.manage' | 'tokens.manage' | 'outbox.read' | 'outbox.retry' | 'audit.read';

// A mirror of the server's permission table (src/domain/roles.ts) for what the admin screens need;
// it only hides what a role cannot use: the server still answers 403.
const grants: Record<Role, readonly Permission[]> = {
  admin: ['users.manage', 'tokens.manage', 'outbox.read', 'outbox.retry', 'audit.read'],
  sales: [],
  cs: [],
  pm: [],
  ops: ['outbox.read', 'outbox.retry', 'audit.read'],
  finance: [],
  legal: [],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role]?.includes(permission) ?? false;
}
