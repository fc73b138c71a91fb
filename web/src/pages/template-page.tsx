import { useMemo } from 'react';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { listTeamRoles } from '../modules/team/api/team.api.ts';
import { draftOf, emptyDraft } from '../modules/templates/api/template-draft.ts';
import { getTemplate, templatePath } from '../modules/templates/api/templates.api.ts';
import { TemplateEditor } from '../modules/templates/components/template-editor.tsx';
import { VersionList } from '../modules/templates/components/version-list.tsx';
import { ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { ApiError, withQuery } from '../ui/http.ts';
import { Link, navigate } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

/** `id` null is a new template; `version` shows an earlier version (saving it makes it current again). */
export function TemplatePage({ id, version }: { id: string | null; version: number | undefined }) {
  const { workspace } = useSession();
  const template = useResource(() => (id ? getTemplate(id, version) : Promise.resolve(null)), [id, version]);
  // The roster's team roles, chosen by name for a task and the project owner; without them a role shows by its key.
  const roles = useResource(() => listTeamRoles().catch(() => []), []);
  const t = template.data;
  useTitle(id ? (t ? `${t.name} · Templates` : 'Template') : 'New template');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  const initial = useMemo(() => (t ? draftOf(t) : emptyDraft()), [t?.id, t?.version]);

  const header = (
    <>
      <p className="breadcrumbs">
        Settings <span aria-hidden="true">/</span> <Link to="/settings/templates">Project templates</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{id ? (t ? t.name : 'Template') : 'New template'}</h1>
          {t ? (
            <p className="headline">
              <span className="muted">
                Version {t.version}
                {t.version === t.currentVersion ? ' (current)' : ` of ${t.currentVersion}`}
              </span>
            </p>
          ) : null}
        </div>
      </div>
      <SettingsNav current="/settings/templates" />
    </>
  );

  if (id && template.error && !t) {
    const missing = template.error instanceof ApiError && template.error.status === 404;
    return (
      <main className="page">
        {header}
        {missing ? <p>This template does not exist (any more).</p> : null}
        <ErrorMessage error={template.error} onRetry={missing ? undefined : () => void template.reload()} />
      </main>
    );
  }
  // The editor waits for the roster too: a role it does not know yet would show as one the roster lacks.
  if ((id && !t) || roles.data === undefined) {
    return (
      <main className="page">
        {header}
        <Loading label="Loading the template…" />
      </main>
    );
  }

  return (
    <main className="page">
      {header}
      {t && t.version !== t.currentVersion ? (
        <p className="notice notice-block" role="note">
          You are looking at version {t.version}. Saving it makes it the current version again (v{t.currentVersion + 1}).{' '}
          <Link to={templatePath(t.id)}>Show the current version</Link>
        </p>
      ) : null}
      <TemplateEditor
        key={`${id ?? 'new'}@${version ?? 'current'}`}
        template={t ?? null}
        initial={initial}
        roles={roles.data ?? []}
        onSaved={(saved, created) => {
          if (created || (version !== undefined && saved.currentVersion !== version)) navigate(templatePath(saved.id), { replace: true });
          else template.setData({ ...saved, version: saved.currentVersion });
        }}
      />
      {t ? (
        <Section title="Versions">
          <VersionList
            versions={t.versions}
            current={t.currentVersion}
            shown={t.version}
            timeZone={workspace.timeZone}
            pathFor={(v) => (v === t.currentVersion ? templatePath(t.id) : withQuery(templatePath(t.id), { version: v }))}
          />
        </Section>
      ) : null}
    </main>
  );
}
