// Runs a win function over fresh deals for a fixed time with N concurrent callers; summarises throughput and latency.
import { performance } from 'node:perf_hooks';

export type RunSample = {
  completed: number;
  /** Wall time of the timed window, ms (shorter when the deals ran out). */
  elapsedMs: number;
  /** Per-win latency, ms. */
  latencies: number[];
  /** Completion time of each win, ms since the start. */
  doneAt: number[];
  exhausted: boolean;
};

/**
 * Calls `win` on fresh deals for `seconds` with `concurrency` callers. `gate`, when given, is awaited before each
 * call and not timed (the bench uses it to keep a bounded number of handoffs in flight).
 */
export async function runFor(opts: {
  seconds: number;
  concurrency: number;
  deals: string[];
  win: (id: string) => Promise<void>;
  gate?: () => Promise<void>;
}): Promise<RunSample> {
  const { deals, win, gate } = opts;
  const latencies: number[] = [];
  const doneAt: number[] = [];
  let next = 0;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  async function caller(): Promise<void> {
    while (performance.now() < end && next < deals.length) {
      if (gate) {
        await gate();
        if (performance.now() >= end) break;
      }
      const id = deals[next++]!;
      const t0 = performance.now();
      await win(id);
      const t1 = performance.now();
      latencies.push(t1 - t0);
      doneAt.push(t1 - start);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, caller));
  return { completed: latencies.length, elapsedMs: performance.now() - start, latencies, doneAt, exhausted: next >= deals.length };
}

export type Summary = { wins: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number };

/** The q-quantile of values sorted ascending (NaN when empty). */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function summarise(sample: RunSample): Summary {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  const seconds = sample.elapsedMs / 1000;
  return {
    wins: sample.completed,
    seconds: round(seconds, 2),
    perSecond: round(sample.completed / seconds, 1),
    p50Ms: round(percentile(sorted, 0.5), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
  };
}

export type Decay = { firstPerSecond: number; lastPerSecond: number; ratio: number; windowSeconds: number; skipSeconds: number; perSecondTimeline: number[] };

/**
 * Completions per second in the first `window` seconds (after `skip` seconds of warm-up) and in the last
 * `window` seconds of a run of `endMs`, and completions per whole second. `doneAt` is ms since the start.
 */
export function decay(doneAt: number[], endMs: number, options: { window?: number; skip?: number } = {}): Decay {
  const window = options.window ?? 10;
  const skip = options.skip ?? 0;
  const ms = window * 1000;
  const first = doneAt.filter((t) => t >= skip * 1000 && t < skip * 1000 + ms).length / window;
  const last = doneAt.filter((t) => t >= endMs - ms && t <= endMs).length / window;
  const timeline = new Array<number>(Math.ceil(endMs / 1000)).fill(0);
  for (const t of doneAt) {
    if (t < 0 || t > endMs) continue;
    const i = Math.min(timeline.length - 1, Math.floor(t / 1000));
    timeline[i] = (timeline[i] ?? 0) + 1;
  }
  return {
    firstPerSecond: round(first, 1),
    lastPerSecond: round(last, 1),
    ratio: round(first ? last / first : NaN, 3),
    windowSeconds: window,
    skipSeconds: skip,
    perSecondTimeline: timeline,
  };
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
