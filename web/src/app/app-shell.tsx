// The frame around every signed-in page: brand, navigation with the warning and unread badges, user and log out.
import type { ReactNode } from 'react';
import { useApprovalsWaiting } from '../modules/approvals/hooks/use-approvals-waiting.ts';
import { GlobalSearch } from '../modules/search/components/global-search.tsx';
import { useUnreadCount } from '../modules/notifications/hooks/use-unread-count.tsx';
import { settingsHome } from '../modules/settings/components/settings-nav.tsx';
import { can, useSession, useSessionState } from '../modules/session/hooks/use-session.tsx';
import { useWarningCount } from '../modules/warnings/hooks/use-warning-count.tsx';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { roleLabel, roleShortLabel } from '../ui/labels.ts';

function NavLink({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  return (
    <Link to={to} className={`nav-link ${active ? 'nav-link-active' : ''}`} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** The navigation entry a page belongs to (a run belongs to the rules, a deal to the pipeline, its brief to the handoffs). */
function sectionOf(pathname: string): string {
  const sections: [string, string[]][] = [
    ['leads', ['/leads']],
    ['deals', ['/deals', '/reactivation']],
    ['accounts', ['/accounts']],
    ['projects', ['/projects']],
    ['dashboard', ['/dashboard', '/digest']],
    ['handoffs', ['/handoffs']],
    ['tasks', ['/tasks']],
    ['approvals', ['/approvals']],
    ['warnings', ['/warnings']],
    ['notifications', ['/notifications']],
    ['rules', ['/rules', '/runs']],
    ['mail', ['/mail']],
    ['outbox', ['/outbox']],
    ['audit', ['/audit']],
    ['settings', ['/settings']],
    ['pipeline', ['/pipeline', '/opportunities']],
  ];
  if (pathname === '/') return 'pipeline';
  // A deal's handoff brief belongs to the handoffs, the deal itself to the pipeline.
  if (/^\/opportunities\/[^/]+\/brief$/.test(pathname)) return 'handoffs';
  return sections.find(([, prefixes]) => prefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`)))?.[0] ?? '';
}

export function AppShell({ children }: { children: ReactNode }) {
  const { user, workspace } = useSession();
  const { logOut } = useSessionState();
  const { count } = useUnreadCount();
  const { count: warnings } = useWarningCount();
  const { pathname } = useLocation();
  const section = sectionOf(pathname);
  // Entries a role cannot use are hidden (the server answers 403 to them anyway).
  const settings = settingsHome((permission) => can(user.role, permission));
  // Finance, legal and admins approve by role; anyone else (a manager, a named approver, a stand-in) sees the entry
  // while something waits on them.
  // Read again on entering another section, and on each page of the inbox (a decision there changes the count).
  const approvals = useApprovalsWaiting(section === 'approvals' ? pathname : section);
  const showApprovals = can(user.role, 'documents.approve') || (approvals ?? 0) > 0;
  // Ten entries everyone has, and those of the role: thirteen or more need a row of their own sooner (styles.css).
  const entries =
    10 + [showApprovals, can(user.role, 'mail.read'), can(user.role, 'outbox.read'), can(user.role, 'audit.read'), !!settings].filter(Boolean).length;

  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className={entries >= 13 ? 'topbar topbar-crowded' : 'topbar'}>
        <Link to="/" className="brand" aria-label="Baton, go to the pipeline">
          <span className="brand-mark" aria-hidden="true" />
          Baton
        </Link>
        <nav aria-label="Main" className="nav">
          <NavLink to="/" active={section === 'pipeline'}>
            Pipeline
          </NavLink>
          <NavLink to="/leads" active={section === 'leads'}>
            Leads
          </NavLink>
          <NavLink to="/deals" active={section === 'deals'}>
            Deals
          </NavLink>
          <NavLink to="/accounts" active={section === 'accounts'}>
            Accounts
          </NavLink>
          <NavLink to="/projects" active={section === 'projects'}>
            Projects
          </NavLink>
          <NavLink to="/dashboard" active={section === 'dashboard'}>
            Delivery
          </NavLink>
          <NavLink to="/handoffs" active={section === 'handoffs'}>
            Handoffs
          </NavLink>
          <NavLink to="/tasks" active={section === 'tasks'}>
            My tasks
          </NavLink>
          {showApprovals ? (
            <NavLink to="/approvals" active={section === 'approvals'}>
              Approvals
              {approvals ? (
                <span className="nav-badge" aria-label={`${approvals} waiting on you`} data-testid="approval-count">
                  {approvals > 99 ? '99+' : approvals}
                </span>
              ) : null}
            </NavLink>
          ) : null}
          <NavLink to="/warnings" active={section === 'warnings'}>
            Warnings
            {warnings ? (
              <span className="nav-badge nav-badge-warning" aria-label={`${warnings} warnings`} data-testid="warning-count">
                {warnings > 99 ? '99+' : warnings}
              </span>
            ) : null}
          </NavLink>
          <NavLink to="/notifications" active={section === 'notifications'}>
            Notifications
            {count ? (
              <span className="nav-badge" aria-label={`${count} unread`}>
                {count > 99 ? '99+' : count}
              </span>
            ) : null}
          </NavLink>
          <NavLink to="/rules" active={section === 'rules'}>
            Rules
          </NavLink>
          {can(user.role, 'mail.read') ? (
            <NavLink to="/mail" active={section === 'mail'}>
              Mailbox
            </NavLink>
          ) : null}
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
        <GlobalSearch />
        <div className="topbar-user">
          <span className="user-name">{user.name}</span>
          <span className="user-role" title={`${roleLabel(user.role)} · Workspace: ${workspace.name}`}>
            {roleShortLabel(user.role)}
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
