// Win, lose and reopen, plus the "what happened" answer that follows a win or a loss, kept up to date until the
// automation it started has finished.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getOutcome, loseOpportunity, reopenOpportunity, winOpportunity, type CloseResult, type LoseBody, type Opportunity } from '../api/opportunities.api.ts';

/** Polls quickly while the engine usually works (about a second), then less often; stops after about two minutes. */
const refreshDelaysMs = [700, 1000, 1000, 1500, 2000, 2000, 3000, 3000, 5000, 5000, 5000, 10_000, 10_000, 10_000, 10_000, 10_000, 15_000, 15_000];
const operationsLine = /^(Operations|No one has the ops role)/;
const unfinishedRunStatuses = new Set(['pending', 'running', 'retrying']);

export const isRunFinished = (status: string) => !unfinishedRunStatuses.has(status);

/** Whether the automation the win or loss started can still change what the panel shows. */
export function isSettling(result: CloseResult): boolean {
  if (result.events.some((e) => e.status === 'pending')) return true;
  if (result.runs.some((r) => !isRunFinished(r.status))) return true;
  const n = result.notifications;
  return !!n && n.recipients > 0 && n.delivered < n.recipients;
}

/** The first answer with what the engine has done since: the notifications, the event's delivery and the rule runs. */
function mergeRefresh(first: CloseResult, later: CloseResult): CloseResult {
  const laterLine = later.summary.find((line) => operationsLine.test(line));
  return {
    ...first,
    notifications: later.notifications,
    events: later.events,
    runs: later.runs,
    summary: laterLine ? first.summary.map((line) => (operationsLine.test(line) ? laterLine : line)) : first.summary,
  };
}

const progressOf = (result: CloseResult) => JSON.stringify([result.events, result.runs, result.notifications]);

/**
 * `onProgress` runs when the engine has moved on (a run finished, a notification went out), so the page can reload
 * what shows the same story (the timeline).
 */
export function useCloseDeal(opportunityId: string, onChanged: (opportunity: Opportunity) => void, onProgress?: () => void) {
  const [result, setResult] = useState<CloseResult | null>(null);
  const [pending, setPending] = useState<'win' | 'lose' | 'reopen' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [errorAction, setErrorAction] = useState<'win' | 'lose' | 'reopen' | null>(null);
  const [settling, setSettling] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;
  const onProgressRef = useRef(onProgress);
  onProgressRef.current = onProgress;

  const stop = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    setSettling(false);
  }, []);

  useEffect(() => {
    setResult(null);
    setError(null);
    return stop;
  }, [opportunityId, stop]);

  const scheduleRefresh = useCallback(
    (current: CloseResult, attempt: number) => {
      const delay = refreshDelaysMs[attempt];
      if (delay === undefined || !current.outcome || !isSettling(current)) {
        setSettling(false);
        return;
      }
      setSettling(true);
      timer.current = setTimeout(async () => {
        let next = current;
        try {
          const later = await getOutcome(opportunityId);
          // Reopened or closed again meanwhile: this answer is about another outcome.
          if (later.outcome?.id !== current.outcome?.id) return stop();
          next = mergeRefresh(current, later);
          if (progressOf(next) !== progressOf(current)) {
            setResult(next);
            onProgressRef.current?.();
          }
        } catch {
          // A failed refresh is tried again at the next turn; the last answer stays on screen.
        }
        scheduleRefresh(next, attempt + 1);
      }, delay);
    },
    [opportunityId, stop],
  );

  const run = async (kind: 'win' | 'lose' | 'reopen', action: () => Promise<void>) => {
    stop();
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

  const show = (answer: CloseResult) => {
    setResult(answer);
    onChangedRef.current(answer.opportunity);
    scheduleRefresh(answer, 0);
  };

  return {
    result,
    /** True while the panel is still being brought up to date with the engine's work. */
    settling,
    pending,
    error,
    errorAction,
    clearError: () => setError(null),
    dismiss: () => {
      stop();
      setResult(null);
    },
    win: () => run('win', async () => show(await winOpportunity(opportunityId))),
    lose: (body: LoseBody) => run('lose', async () => show(await loseOpportunity(opportunityId, body))),
    reopen: (stageId?: string) =>
      run('reopen', async () => {
        const opportunity = await reopenOpportunity(opportunityId, stageId ? { stageId } : {});
        setResult(null);
        onChangedRef.current(opportunity);
      }),
  };
}
