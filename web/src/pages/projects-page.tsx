import { useEffect } from 'react';
import { listProjects, projectStatuses, type ProjectStatus } from '../modules/projects/api/projects.api.ts';
import { projectStatusLabels } from '../modules/projects/components/project-badges.tsx';
import { ProjectTable } from '../modules/projects/components/project-table.tsx';
import { UserSelect } from '../modules/users/components/user-select.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

export function ProjectsPage() {
  useTitle('Projects');
  const location = useLocation();
  const statusParam = location.search.get('status') ?? '';
  const status = (projectStatuses as readonly string[]).includes(statusParam) ? (statusParam as ProjectStatus) : '';
  const ownerId = location.search.get('ownerId') ?? '';
  const people = usePeople();
  const projects = usePagedList((cursor) => listProjects({ status, ownerId: ownerId || undefined, limit: pageSize, cursor }), [status, ownerId]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  useEffect(() => projects.reset(), [status, ownerId]);

  const filter = (next: { status?: string; ownerId?: string }) => navigate(withQuery('/projects', { status, ownerId, ...next }), { replace: true });
  const filtered = Boolean(status || ownerId);

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Projects</h1>
          <p className="muted">Delivery work for won deals: who owns it, how it is going, what is late.</p>
        </div>
        <div className="filters">
          <div className="form-cell">
            <label className="label" htmlFor="projects-status">
              Status
            </label>
            <select id="projects-status" className="input" value={status} onChange={(event) => filter({ status: event.target.value })}>
              <option value="">All statuses</option>
              {projectStatuses.map((s) => (
                <option key={s} value={s}>
                  {projectStatusLabels[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="form-cell">
            <label className="label" htmlFor="projects-owner">
              Owner
            </label>
            <UserSelect id="projects-owner" people={people.data} value={ownerId} emptyLabel="Anyone" onChange={(id) => filter({ ownerId: id })} />
          </div>
        </div>
      </div>
      {projects.error ? <ErrorMessage error={projects.error} onRetry={() => void projects.reload()} /> : null}
      {!projects.loaded && projects.loading ? <Loading label="Loading projects…" /> : null}
      {projects.loaded && projects.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No projects match these filters" />
        ) : (
          <EmptyState title="No projects yet — projects are created when a deal is won" />
        )
      ) : null}
      {projects.items.length > 0 ? (
        <div aria-busy={projects.loading}>
          <ProjectTable projects={projects.items} />
        </div>
      ) : null}
      <LoadMore list={projects} />
    </main>
  );
}
