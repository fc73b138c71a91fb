// The tabs between the settings pages, each shown only to the roles that may use it.
import { Link } from '../../../ui/router.tsx';
import { can, useSession } from '../../session/hooks/use-session.tsx';

const tabs = [
  { to: '/settings/people', label: 'People', permission: 'users.manage' },
  { to: '/settings/tokens', label: 'API tokens', permission: 'tokens.manage' },
  { to: '/settings/templates', label: 'Project templates', permission: 'templates.manage' },
  { to: '/settings/document-templates', label: 'Document templates', permission: 'templates.manage' },
  { to: '/settings/team', label: 'Team and calendar', permission: 'team.manage' },
  { to: '/settings/pipelines', label: 'Pipelines', permission: 'pipelines.manage' },
  { to: '/settings/inbound', label: 'Inbound CRMs', permission: 'webhooks.manage' },
  { to: '/settings/webhooks', label: 'Webhooks', permission: 'webhooks.manage' },
  { to: '/imports/deals', label: 'Import deals', permission: 'crm.write' },
] as const;

export function SettingsNav({ current }: { current: (typeof tabs)[number]['to'] }) {
  const { user } = useSession();
  return (
    <nav aria-label="Settings" className="subnav">
      {tabs
        .filter((tab) => can(user.role, tab.permission))
        .map((tab) => (
          <Link
            key={tab.to}
            to={tab.to}
            className={`subnav-link ${tab.to === current ? 'subnav-link-active' : ''}`}
            aria-current={tab.to === current ? 'page' : undefined}
          >
            {tab.label}
          </Link>
        ))}
    </nav>
  );
}

/** Where "Settings" in the main navigation leads: the first settings page this role may open. */
export function settingsHome(allowed: (permission: (typeof tabs)[number]['permission']) => boolean): string | null {
  return tabs.find((tab) => allowed(tab.permission))?.to ?? null;
}
