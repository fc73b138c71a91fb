// Changes one task at a time from a list (status, owner), keeping the server's answer or its error per task.
import { useState } from 'react';
import { updateTask, type Task, type TaskChanges } from '../api/tasks.api.ts';

export function useTaskUpdate(onUpdated: (task: Task) => void) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: unknown } | null>(null);

  const update = async (id: string, changes: TaskChanges): Promise<boolean> => {
    setBusyId(id);
    setError(null);
    try {
      onUpdated(await updateTask(id, changes));
      return true;
    } catch (caught) {
      setError({ id, error: caught });
      return false;
    } finally {
      setBusyId(null);
    }
  };

  return { update, busyId, error, errorFor: (id: string) => (error?.id === id ? error.error : null) };
}
