// "Retry now": one event at a time, with the server's answer (409 when it was delivered meanwhile) kept per event.
import { useState } from 'react';
import { ApiError } from '../../../ui/http.ts';
import { retryEvent, type OutboxEvent } from '../api/outbox.api.ts';

/** `onStale` runs when the server says the event changed meanwhile (409: delivered), to show it as it is now. */
export function useRetryEvent(onRetried: (event: OutboxEvent) => void, onStale?: (id: string) => void) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: unknown } | null>(null);

  const retry = async (id: string): Promise<boolean> => {
    setBusyId(id);
    setError(null);
    try {
      onRetried(await retryEvent(id));
      return true;
    } catch (caught) {
      setError({ id, error: caught });
      if (caught instanceof ApiError && caught.status === 409) onStale?.(id);
      return false;
    } finally {
      setBusyId(null);
    }
  };

  return { retry, busyId, error, clearError: () => setError(null) };
}
