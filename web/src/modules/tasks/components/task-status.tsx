// A task's status: a badge to read, a select to change it.
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { taskStatuses, type TaskStatus } from '../api/tasks.api.ts';

const tones: Record<TaskStatus, BadgeTone> = { todo: 'neutral', in_progress: 'blue', blocked: 'amber', done: 'green', cancelled: 'grey' };
export const taskStatusLabels: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  cancelled: 'Cancelled',
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return (
    <Badge tone={tones[status] ?? 'neutral'} title="Task status">
      {taskStatusLabels[status] ?? status}
    </Badge>
  );
}

type TaskStatusSelectProps = {
  id?: string;
  taskTitle: string;
  value: TaskStatus;
  disabled?: boolean;
  compact?: boolean;
  onChange: (status: TaskStatus) => void;
};

export function TaskStatusSelect({ id, taskTitle, value, disabled, compact = true, onChange }: TaskStatusSelectProps) {
  return (
    <select
      id={id}
      className={compact ? 'input input-compact' : 'input'}
      value={value}
      disabled={disabled}
      aria-label={id ? undefined : `Status of "${taskTitle}"`}
      data-testid="task-status"
      onChange={(event) => onChange(event.target.value as TaskStatus)}
    >
      {taskStatuses.map((s) => (
        <option key={s} value={s}>
          {taskStatusLabels[s]}
        </option>
      ))}
    </select>
  );
}
