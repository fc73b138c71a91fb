import { useEffect } from 'react';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { listWarnings } from '../modules/warnings/api/warnings.api.ts';
import { WarningTable } from '../modules/warnings/components/warning-table.tsx';
import { useWarningCount } from '../modules/warnings/hooks/use-warning-count.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const rank = { error: 0, warning: 1 } as const;

export function WarningsPage() {
  useTitle('Warnings');
  const { user, workspace } = useSession();
  const warnings = useResource(() => listWarnings(), []);
  const { setCount } = useWarningCount();
  const items = [...(warnings.data ?? [])].sort((a, b) => rank[a.severity] - rank[b.severity] || a.since.localeCompare(b.since));

  useEffect(() => {
    if (warnings.data) setCount(warnings.data.length);
  }, [warnings.data, setCount]);

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Warnings</h1>
          <p className="muted">
            {can(user.role, 'outbox.read')
              ? 'What is stuck or missing across the workspace: clients without a project, unowned work, failed runs.'
              : 'What needs you on your deals and tasks: unowned work, flagged tasks, failed runs.'}
          </p>
        </div>
        <button type="button" className="button button-small" disabled={warnings.loading} onClick={() => void warnings.reload()}>
          {warnings.loading && warnings.data ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {warnings.error ? <ErrorMessage error={warnings.error} onRetry={() => void warnings.reload()} /> : null}
      {!warnings.data && warnings.loading ? <Loading label="Loading warnings…" /> : null}
      {warnings.data && items.length === 0 ? <EmptyState title="Nothing needs attention" /> : null}
      {items.length > 0 ? (
        <div aria-busy={warnings.loading}>
          <WarningTable warnings={items} timeZone={workspace.timeZone} />
        </div>
      ) : null}
    </main>
  );
}
