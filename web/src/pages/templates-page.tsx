import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { listTemplates } from '../modules/templates/api/templates.api.ts';
import { TemplateTable } from '../modules/templates/components/template-table.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function TemplatesPage() {
  useTitle('Project templates');
  const { workspace } = useSession();
  const templates = useResource(() => listTemplates(), []);
  const items = [...(templates.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <main className="page">
      <p className="breadcrumbs">Settings</p>
      <div className="page-header">
        <div>
          <h1>Project templates</h1>
          <p className="muted">The phases, milestones and tasks a won deal’s project is planned from, dated in business days.</p>
        </div>
        <Link to="/settings/templates/new" className="button button-primary">
          New template
        </Link>
      </div>
      <SettingsNav current="/settings/templates" />
      {templates.error ? <ErrorMessage error={templates.error} onRetry={() => void templates.reload()} /> : null}
      {!templates.data && templates.loading ? <Loading label="Loading templates…" /> : null}
      {templates.data && items.length === 0 ? (
        <EmptyState title="No templates yet">
          <p>Without one, a won deal gets no project plan.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? <TemplateTable templates={items} timeZone={workspace.timeZone} /> : null}
    </main>
  );
}
