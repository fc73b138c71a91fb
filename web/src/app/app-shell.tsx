// The frame around every signed-in page: brand, navigation with the unread badge, user and log out.
import type { ReactNode } from 'react';
import { useUnreadCount } from '../modules/notifications/hooks/use-unread-count.tsx';
import { settingsHome } from '../modules/settings/components/settings-nav.tsx';
import { can, useSession, useSessionState } from '../modules/session/hooks/use-session.tsx';
import { Link, navigate, useLocation } from '../ui/router.tsx';

function NavLink({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  return (
    <Link to={to} className={`nav-link ${active ? 'nav-link-active' : ''}`} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const { user, workspace } = useSession();
  const { logOut } = useSessionState();
  const { count } = useUnreadCount();
  const { pathname } = useLocation();
  const section = pathname.startsWith('/accounts')
    ? 'accounts'
    : pathname.startsWith('/notifications')
      ? 'notifications'
      : pathname.startsWith('/outbox')
        ? 'outbox'
        : pathname.startsWith('/audit')
          ? 'audit'
          : pathname.startsWith('/settings')
            ? 'settings'
            : pathname === '/' || pathname.startsWith('/pipeline') || pathname.startsWith('/opportunities')
              ? 'pipeline'
              : '';
  // Entries a role cannot use are hidden (the server answers 403 to them anyway).
  const settings = settingsHome((permission) => can(user.role, permission));

  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Baton, go to the pipeline">
          <span className="brand-mark" aria-hidden="true" />
          Baton
        </Link>
        <nav aria-label="Main" className="nav">
          <NavLink to="/" active={section === 'pipeline'}>
            Pipeline
          </NavLink>
          <NavLink to="/accounts" active={section === 'accounts'}>
            Accounts
          </NavLink>
          <NavLink to="/notifications" active={section === 'notifications'}>
            Notifications
            {count ? (
              <span className="nav-badge" aria-label={`${count} unread`}>
                {count > 99 ? '99+' : count}
              </span>
            ) : null}
          </NavLink>
          {can(user.role, 'outbox.read') ? (
            <NavLink to="/outbox" active={section === 'outbox'}>
              Outbox
            </NavLink>
          ) : null}
          {can(user.role, 'audit.read') ? (
            <NavLink to="/audit" active={section === 'audit'}>
              Audit log
            </NavLink>
          ) : null}
          {settings ? (
            <NavLink to={settings} active={section === 'settings'}>
              Settings
            </NavLink>
          ) : null}
        </nav>
        <div className="topbar-user">
          <span className="user-name">{user.name}</span>
          <span className="user-role" title={`Workspace: ${workspace.name}`}>
            {user.role}
          </span>
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={async () => {
              await logOut();
              navigate('/login', { replace: true });
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <div id="content" tabIndex={-1} className="content">
        {children}
      </div>
    </div>
  );
}
