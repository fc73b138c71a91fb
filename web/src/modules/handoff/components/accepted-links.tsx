// Where an accepted handoff's work went: the deal, its delivery project (where the kickoff tasks are) and the CSM's tasks.
import { Link } from '../../../ui/router.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import { getDealProjectStatus, projectPath } from '../../projects/api/projects.api.ts';

export function AcceptedLinks({ opportunityId, dealName, isCsm }: { opportunityId: string; dealName: string; isCsm: boolean }) {
  const status = useResource(() => getDealProjectStatus(opportunityId), [opportunityId]);
  const project = status.data?.project;
  return (
    <ul className="link-row" aria-label="Where the kickoff work is">
      <li>
        <Link to={`/opportunities/${encodeURIComponent(opportunityId)}`}>Open the deal: {dealName}</Link>
      </li>
      {project ? (
        <li>
          <Link to={projectPath(project.id)} data-testid="accepted-project-link">
            Kickoff tasks in the project: {project.name}
          </Link>
        </li>
      ) : null}
      {isCsm ? (
        <li>
          <Link to="/tasks">My tasks</Link>
        </li>
      ) : null}
    </ul>
  );
}
