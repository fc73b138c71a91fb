// Routes and the session gate: the login when signed out, the shell and a page when signed in.
import { useEffect, type ReactNode } from 'react';
import { UnreadCountProvider } from '../modules/notifications/hooks/use-unread-count.tsx';
import { settingsHome } from '../modules/settings/components/settings-nav.tsx';
import { can, SessionProvider, useSession, useSessionState, type Permission } from '../modules/session/hooks/use-session.tsx';
import { AccountPage } from '../pages/account-page.tsx';
import { AccountsPage } from '../pages/accounts-page.tsx';
import { AuditPage } from '../pages/audit-page.tsx';
import { ForbiddenPage } from '../pages/forbidden-page.tsx';
import { LoginPage } from '../pages/login-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { NotificationsPage } from '../pages/notifications-page.tsx';
import { OpportunityPage } from '../pages/opportunity-page.tsx';
import { OutboxEventPage } from '../pages/outbox-event-page.tsx';
import { OutboxPage } from '../pages/outbox-page.tsx';
import { PeoplePage } from '../pages/people-page.tsx';
import { PipelinePage } from '../pages/pipeline-page.tsx';
import { TokensPage } from '../pages/tokens-page.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { matchPath, navigate, useLocation } from '../ui/router.tsx';
import { AppShell } from './app-shell.tsx';

/** Redirects without adding a history entry (for /settings, which is only a door to its first tab). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Routes() {
  const { pathname } = useLocation();
  const { user } = useSession();
  // Pages for some roles only: others see why instead of a 403 from the server.
  const guard = (permission: Permission, title: string, who: string, page: ReactNode) => (can(user.role, permission) ? page : <ForbiddenPage title={title} who={who} />);

  if (pathname === '/' || pathname === '/pipeline') return <PipelinePage />;
  if (pathname === '/accounts') return <AccountsPage />;
  if (pathname === '/notifications') return <NotificationsPage />;
  if (pathname === '/settings') {
    const home = settingsHome((permission) => can(user.role, permission));
    return home ? <Redirect to={home} /> : <ForbiddenPage title="Settings" who="administrators" />;
  }
  if (pathname === '/settings/people') return guard('users.manage', 'People', 'administrators', <PeoplePage />);
  if (pathname === '/settings/tokens') return guard('tokens.manage', 'API tokens', 'administrators', <TokensPage />);
  if (pathname === '/outbox') return guard('outbox.read', 'Outbox', 'operations and administrators', <OutboxPage />);
  if (pathname === '/audit') return guard('audit.read', 'Audit log', 'operations and administrators', <AuditPage />);
  const outboxEvent = matchPath('/outbox/:id', pathname);
  if (outboxEvent?.id) return guard('outbox.read', 'Outbox event', 'operations and administrators', <OutboxEventPage key={outboxEvent.id} id={outboxEvent.id} />);
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
