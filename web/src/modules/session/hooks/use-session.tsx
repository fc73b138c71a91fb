// The signed-in user and workspace, shared by the whole app.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { handleUnauthorized } from '../../../ui/http.ts';
import { can } from '../../../../../src/domain/roles.ts';
import { findSession, logIn, logOut, type Role, type Session } from '../api/session.api.ts';

type SessionState =
  { status: 'loading' } | { status: 'signed-out'; expired: boolean } | { status: 'signed-in'; session: Session } | { status: 'failed'; error: Error };

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

// The server's own permission table (pure, no dependencies): the UI hides what a role cannot use;
// the server still answers 403.
export { can, type Permission } from '../../../../../src/domain/roles.ts';

/** Only admin and sales may win, lose or reopen a deal. */
export const canCloseDeals = (role: Role): boolean => can(role, 'deal.close');
export const canEditDeals = (role: Role): boolean => can(role, 'crm.write');
export const canWriteActivities = (role: Role): boolean => can(role, 'activity.write');
