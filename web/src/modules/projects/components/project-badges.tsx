import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import type { ProjectHealth, ProjectStatus } from '../api/projects.api.ts';

const statusTones: Record<ProjectStatus, BadgeTone> = { planned: 'neutral', active: 'blue', on_hold: 'amber', done: 'green', cancelled: 'grey' };
export const projectStatusLabels: Record<ProjectStatus, string> = {
  planned: 'Planned',
  active: 'Active',
  on_hold: 'On hold',
  done: 'Done',
  cancelled: 'Cancelled',
};
const healthTones: Record<ProjectHealth, BadgeTone> = { on_track: 'green', at_risk: 'amber', off_track: 'red' };
export const projectHealthLabels: Record<ProjectHealth, string> = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' };

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return (
    <Badge tone={statusTones[status] ?? 'neutral'} title="Project status">
      {projectStatusLabels[status] ?? status}
    </Badge>
  );
}

export function HealthBadge({ health }: { health: ProjectHealth }) {
  return (
    <Badge tone={healthTones[health] ?? 'neutral'} title="Health">
      {projectHealthLabels[health] ?? health}
    </Badge>
  );
}
