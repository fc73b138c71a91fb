// Where a task came from: the rule run that created it, or a person.
import { Link } from '../../../ui/router.tsx';
import { runPath } from '../../runs/api/runs.api.ts';
import type { TaskOrigin } from '../api/tasks.api.ts';

export function TaskOriginLink({ origin }: { origin: TaskOrigin }) {
  if (!origin) return <span className="muted small">By a person</span>;
  return (
    <Link to={runPath(origin.runId)} className="small" data-testid="task-origin" title="The rule run that created this task">
      rule: {origin.ruleName} v{origin.ruleVersion}
    </Link>
  );
}
