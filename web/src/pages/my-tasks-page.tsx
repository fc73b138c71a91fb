import { useEffect } from 'react';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { listTasks, mayChangeTask, taskScopes, type Task, type TaskScope } from '../modules/tasks/api/tasks.api.ts';
import { TaskTable } from '../modules/tasks/components/task-table.tsx';
import { useTaskUpdate } from '../modules/tasks/hooks/use-task-update.ts';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;
const tabs: { value: TaskScope; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
  { value: 'all', label: 'All' },
];
const empty: Record<TaskScope, string> = {
  open: 'Nothing to do: you have no open tasks.',
  done: 'You have not finished a task yet.',
  all: 'No task was given to you yet.',
};

export function MyTasksPage() {
  useTitle('My tasks');
  const { user } = useSession();
  const location = useLocation();
  const scopeParam = location.search.get('status') ?? 'open';
  const scope: TaskScope = (taskScopes as string[]).includes(scopeParam) ? (scopeParam as TaskScope) : 'open';
  const tasks = usePagedList((cursor) => listTasks({ mine: true, status: scope, limit: pageSize, cursor }), [scope]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  useEffect(() => tasks.reset(), [scope]);

  // A changed row stays where it is (even when it no longer fits the tab) until a refresh, so it does not jump away.
  const taskUpdate = useTaskUpdate((task) => tasks.update((list) => list.map((t) => (t.id === task.id ? { ...t, ...task } : t))));
  const mayChange = (task: Task) =>
    mayChangeTask({ editProjects: can(user.role, 'project.write'), writeTasks: can(user.role, 'task.write'), userId: user.id }, task);
  const overdue = tasks.items.filter((t) => t.overdue).length;

  const refresh = () => {
    tasks.reset();
    void tasks.reload();
  };

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>My tasks</h1>
          <p className="muted">
            Tasks you own, soonest due first.
            {scope === 'open' && overdue > 0 ? (
              <>
                {' '}
                <span className="warning-text">{overdue} overdue.</span>
              </>
            ) : null}
          </p>
        </div>
        <div className="button-row">
          <div className="segmented" role="group" aria-label="Show tasks">
            {tabs.map((t) => (
              <button
                key={t.value}
                type="button"
                className="button button-small"
                aria-pressed={scope === t.value}
                onClick={() => navigate(withQuery('/tasks', { status: t.value === 'open' ? '' : t.value }), { replace: true })}
              >
                {t.label}
              </button>
            ))}
          </div>
          <button type="button" className="button button-small" disabled={tasks.loading} onClick={refresh}>
            {tasks.loading && tasks.loaded ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {tasks.error ? <ErrorMessage error={tasks.error} onRetry={refresh} /> : null}
      {!tasks.loaded && tasks.loading ? <Loading label="Loading your tasks…" /> : null}
      {tasks.loaded && tasks.items.length === 0 ? <EmptyState title={empty[scope]} /> : null}
      {tasks.items.length > 0 ? (
        <div aria-busy={tasks.loading}>
          <TaskTable
            tasks={tasks.items}
            variant="list"
            caption="My tasks"
            mayChange={mayChange}
            busyId={taskUpdate.busyId}
            errorFor={taskUpdate.errorFor}
            onStatus={(task, status, override) => void taskUpdate.update(task.id, override ? { status, override } : { status })}
          />
        </div>
      ) : null}
      <LoadMore list={tasks} />
    </main>
  );
}
