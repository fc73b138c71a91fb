// Win, lose and reopen, plus the "what happened" answer that follows a win or a loss.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getOutcome, loseOpportunity, reopenOpportunity, winOpportunity, type CloseResult, type LoseBody, type Opportunity } from '../api/opportunities.api.ts';

const refreshDelaysMs = [1000, 2000, 4000];
const operationsLine = /^(Operations|No one has the ops role)/;

/** Operations is notified by the outbox worker a moment after the win commits: re-read the outcome to show it. */
function mergeRefresh(first: CloseResult, later: CloseResult): CloseResult {
  const laterLine = later.summary.find((line) => operationsLine.test(line));
  return {
    ...first,
    notifications: later.notifications,
    events: later.events,
    summary: laterLine ? first.summary.map((line) => (operationsLine.test(line) ? laterLine : line)) : first.summary,
  };
}

export function useCloseDeal(opportunityId: string, onChanged: (opportunity: Opportunity) => void) {
  const [result, setResult] = useState<CloseResult | null>(null);
  const [pending, setPending] = useState<'win' | 'lose' | 'reopen' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [errorAction, setErrorAction] = useState<'win' | 'lose' | 'reopen' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  useEffect(() => {
    setResult(null);
    setError(null);
    return () => clearTimeout(timer.current);
  }, [opportunityId]);

  const scheduleRefresh = useCallback(
    (first: CloseResult, attempt: number) => {
      const delay = refreshDelaysMs[attempt];
      const n = first.notifications;
      if (delay === undefined || !n || first.outcome?.outcome !== 'won' || (n.recipients > 0 && n.delivered >= n.recipients) || n.recipients === 0) return;
      timer.current = setTimeout(async () => {
        try {
          const later = await getOutcome(opportunityId);
          if (later.outcome?.id !== first.outcome?.id) return;
          const merged = mergeRefresh(first, later);
          setResult(merged);
          scheduleRefresh(merged, attempt + 1);
        } catch {
          // The first answer stays on screen; the refresh is only a nicety.
        }
      }, delay);
    },
    [opportunityId],
  );

  const run = async (kind: 'win' | 'lose' | 'reopen', action: () => Promise<void>) => {
    clearTimeout(timer.current);
    setPending(kind);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(caught);
      setErrorAction(kind);
      return false;
    } finally {
      setPending(null);
    }
  };

  return {
    result,
    pending,
    error,
    errorAction,
    clearError: () => setError(null),
    dismiss: () => {
      clearTimeout(timer.current);
      setResult(null);
    },
    win: () =>
      run('win', async () => {
        const answer = await winOpportunity(opportunityId);
        setResult(answer);
        onChangedRef.current(answer.opportunity);
        scheduleRefresh(answer, 0);
      }),
    lose: (body: LoseBody) =>
      run('lose', async () => {
        const answer = await loseOpportunity(opportunityId, body);
        setResult(answer);
        onChangedRef.current(answer.opportunity);
      }),
    reopen: (stageId?: string) =>
      run('reopen', async () => {
        const opportunity = await reopenOpportunity(opportunityId, stageId ? { stageId } : {});
        setResult(null);
        onChangedRef.current(opportunity);
      }),
  };
}
