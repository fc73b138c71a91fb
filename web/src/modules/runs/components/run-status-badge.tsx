import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import type { RunStatus, StepStatus } from '../api/runs.api.ts';

const tones: Record<RunStatus, BadgeTone> = {
  pending: 'neutral',
  running: 'blue',
  retrying: 'amber',
  waiting: 'amber',
  succeeded: 'green',
  failed: 'red',
  skipped: 'grey',
};

export function RunStatusBadge({ status, stuck = false }: { status: RunStatus | StepStatus | string; stuck?: boolean }) {
  return (
    <span className="task-marks" data-testid="run-status">
      <Badge tone={tones[status as RunStatus] ?? 'neutral'} title="Run status">
        {status}
      </Badge>
      {stuck ? (
        <Badge tone="red" title="Not finished in the time a run should take: the sweeper or a retry can move it on">
          stuck
        </Badge>
      ) : null}
    </span>
  );
}
