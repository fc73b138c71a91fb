// The project's owner and status, each saved as soon as it changes (its health is computed from the work).
import { useId } from 'react';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import { projectStatuses, type Project, type ProjectChanges, type ProjectStatus } from '../api/projects.api.ts';
import { projectStatusLabels } from './project-badges.tsx';

type ProjectControlsProps = { project: Project; people: WorkspaceUser[] | undefined; busy: boolean; onChange: (changes: ProjectChanges) => void };

export function ProjectControls({ project, people, busy, onChange }: ProjectControlsProps) {
  const id = useId();
  return (
    <div className="form-row project-controls">
      <div className="form-cell">
        <label className="label" htmlFor={`${id}-owner`}>
          Owner
        </label>
        <UserSelect
          id={`${id}-owner`}
          people={people}
          value={project.owner?.id ?? ''}
          current={project.owner}
          emptyLabel="Nobody"
          disabled={busy}
          onChange={(ownerId) => onChange({ ownerId: ownerId || null })}
        />
      </div>
      <div className="form-cell">
        <label className="label" htmlFor={`${id}-status`}>
          Status
        </label>
        <select
          id={`${id}-status`}
          className="input"
          value={project.status}
          disabled={busy}
          onChange={(event) => onChange({ status: event.target.value as ProjectStatus })}
        >
          {projectStatuses.map((s) => (
            <option key={s} value={s}>
              {projectStatusLabels[s]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
