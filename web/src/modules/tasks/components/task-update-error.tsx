// Why a task change failed; when the task is blocked by open dependencies, names them and offers "Complete anyway".
import type { TaskBlockedDetails } from '../../../../../src/schemas/projects.ts';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { ApiError } from '../../../ui/http.ts';
import { Link } from '../../../ui/router.tsx';
import { taskPath } from '../api/tasks.api.ts';
import { taskStatusLabels } from './task-status.tsx';

/** The open tasks of a 409 task.blocked_by_dependencies, or null for any other error. */
export function blockingTasks(error: unknown): TaskBlockedDetails['openTasks'] | null {
  if (!(error instanceof ApiError) || error.code !== 'task.blocked_by_dependencies') return null;
  const open = (error.details as Partial<TaskBlockedDetails>).openTasks;
  return Array.isArray(open) ? open : [];
}

export function TaskUpdateError({ error, busy, onCompleteAnyway }: { error: unknown; busy?: boolean; onCompleteAnyway: () => void }) {
  const open = blockingTasks(error);
  if (!open) return <ErrorMessage error={error} />;
  return (
    <div className="error blocked-task" role="alert" data-testid="task-blocked">
      <p>{open.length === 1 ? 'This task depends on a task that is still open:' : `This task depends on ${open.length} tasks that are still open:`}</p>
      <ul>
        {open.map((d) => (
          <li key={d.id}>
            <Link to={taskPath(d.id)}>{d.title}</Link> <span className="muted small">({taskStatusLabels[d.status] ?? d.status})</span>
          </li>
        ))}
      </ul>
      <p className="small">Completing it anyway is recorded in the task’s comments and the audit log.</p>
      <div className="button-row">
        <button type="button" className="button button-small" disabled={busy} onClick={onCompleteAnyway}>
          Complete anyway
        </button>
      </div>
    </div>
  );
}
