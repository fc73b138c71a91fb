// "Retry": one run at a time, with the server's answer (409 when it succeeded meanwhile) kept.
import { useState } from 'react';
import { retryRun, type RunDetail } from '../api/runs.api.ts';

export function useRetryRun(onRetried: (run: RunDetail) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const retry = async (id: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      onRetried(await retryRun(id));
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { retry, busy, error };
}
