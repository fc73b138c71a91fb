// One review action on the brief (a button, a small form): pending while it runs, its error until the next try.
import { useState } from 'react';
import type { Brief } from '../api/brief.api.ts';

export type BriefAction = {
  pending: boolean;
  error: unknown;
  /** Runs the request; the brief it answers goes to `onDone`. True when it succeeded. */
  run: (request: () => Promise<Brief>) => Promise<boolean>;
  clearError: () => void;
};

export function useBriefAction(onDone: (brief: Brief) => void): BriefAction {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (request: () => Promise<Brief>) => {
    setPending(true);
    setError(null);
    try {
      onDone(await request());
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setPending(false);
    }
  };

  return { pending, error, run, clearError: () => setError(null) };
}
