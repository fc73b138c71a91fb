// The tabs between the rules and their runs.
import { Link } from '../../../ui/router.tsx';

const tabs = [
  { to: '/rules', label: 'Rules' },
  { to: '/runs', label: 'Runs' },
] as const;

export function AutomationNav({ current }: { current: (typeof tabs)[number]['to'] }) {
  return (
    <nav aria-label="Automation" className="subnav">
      {tabs.map((tab) => (
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
