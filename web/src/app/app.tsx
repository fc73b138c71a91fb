// Routes and the session gate: the login when signed out, the shell and a page when signed in.
import { useEffect } from 'react';
import { UnreadCountProvider } from '../modules/notifications/hooks/use-unread-count.tsx';
import { SessionProvider, useSessionState } from '../modules/session/hooks/use-session.tsx';
import { AccountPage } from '../pages/account-page.tsx';
import { AccountsPage } from '../pages/accounts-page.tsx';
import { LoginPage } from '../pages/login-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { NotificationsPage } from '../pages/notifications-page.tsx';
import { OpportunityPage } from '../pages/opportunity-page.tsx';
import { PipelinePage } from '../pages/pipeline-page.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { matchPath, navigate, useLocation } from '../ui/router.tsx';
import { AppShell } from './app-shell.tsx';

function Routes() {
  const { pathname } = useLocation();
  if (pathname === '/' || pathname === '/pipeline') return <PipelinePage />;
  if (pathname === '/accounts') return <AccountsPage />;
  if (pathname === '/notifications') return <NotificationsPage />;
  const opportunity = matchPath('/opportunities/:id', pathname);
  if (opportunity?.id) return <OpportunityPage key={opportunity.id} id={opportunity.id} />;
  const account = matchPath('/accounts/:id', pathname);
  if (account?.id) return <AccountPage key={account.id} id={account.id} />;
  return <NotFoundPage />;
}

function Gate() {
  const { state, retry } = useSessionState();
  const { pathname } = useLocation();
  const signedIn = state.status === 'signed-in';

  useEffect(() => {
    if (signedIn && pathname === '/login') navigate('/', { replace: true });
  }, [signedIn, pathname]);

  switch (state.status) {
    case 'loading':
      return (
        <main className="page">
          <Loading label="Starting Baton…" />
        </main>
      );
    case 'failed':
      return (
        <main className="page">
          <ErrorMessage error={state.error} onRetry={retry} />
        </main>
      );
    case 'signed-out':
      // Any address shows the login; after signing in, the same address shows its page.
      return <LoginPage expired={state.expired} />;
    case 'signed-in':
      return (
        <UnreadCountProvider key={state.session.user.id}>
          <AppShell>
            <Routes />
          </AppShell>
        </UnreadCountProvider>
      );
  }
}

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
