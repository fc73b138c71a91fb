// How long to wait before the next attempt: exponential from 1 s, capped at 10 minutes, with jitter.
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 10 * 60 * 1000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
