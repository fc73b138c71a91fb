// What needs attention on a task: overdue, and flagged with the reason (no one could take it, say).
import { Badge } from '../../../ui/badge.tsx';
import type { Task } from '../api/tasks.api.ts';

export function TaskMarks({ task }: { task: Pick<Task, 'overdue' | 'flagged' | 'flagReason'> }) {
  if (!task.overdue && !task.flagged) return null;
  return (
    <span className="task-marks">
      {task.overdue ? (
        <Badge tone="red" title="The due date has passed">
          overdue
        </Badge>
      ) : null}
      {task.flagged ? (
        <span className="task-flag">
          <Badge tone="amber" title={task.flagReason ?? 'Flagged'}>
            flagged
          </Badge>
          {task.flagReason ? <span className="small warning-reason">{task.flagReason}</span> : null}
        </span>
      ) : null}
    </span>
  );
}
