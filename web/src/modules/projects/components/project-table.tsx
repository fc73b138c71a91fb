import { Badge } from '../../../ui/badge.tsx';
import { formatDate } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { projectPath, type ProjectSummary } from '../api/projects.api.ts';
import { HealthBadge, ProjectStatusBadge } from './project-badges.tsx';

export function ProjectTable({ projects }: { projects: ProjectSummary[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Project</th>
          <th scope="col">Status</th>
          <th scope="col">Health</th>
          <th scope="col">Owner</th>
          <th scope="col">Target</th>
          <th scope="col" className="numeric">
            Open tasks
          </th>
          <th scope="col">Attention</th>
        </tr>
      </thead>
      <tbody>
        {projects.map((p) => (
          <tr key={p.id} data-testid="project-row">
            <td>
              <Link to={projectPath(p.id)}>{p.name}</Link>
              <div className="small">
                <Link to={`/accounts/${encodeURIComponent(p.account.id)}`} className="muted">
                  {p.account.name}
                </Link>
                {' · '}
                <Link to={`/opportunities/${encodeURIComponent(p.opportunity.id)}`} className="muted">
                  {p.opportunity.name}
                </Link>
              </div>
            </td>
            <td>
              <ProjectStatusBadge status={p.status} />
            </td>
            <td>
              <HealthBadge health={p.health} />
            </td>
            <td>{p.owner ? p.owner.name : <span className="warning-text">Nobody</span>}</td>
            <td className="nowrap">{formatDate(p.targetDate)}</td>
            <td className="numeric">
              {p.taskCounts.open}
              <span className="muted small"> / {p.taskCounts.total}</span>
            </td>
            <td>
              <span className="task-marks">
                {p.taskCounts.overdue ? <Badge tone="red">{p.taskCounts.overdue} overdue</Badge> : null}
                {p.taskCounts.flagged ? <Badge tone="amber">{p.taskCounts.flagged} flagged</Badge> : null}
                {!p.taskCounts.overdue && !p.taskCounts.flagged ? <span className="muted">—</span> : null}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
