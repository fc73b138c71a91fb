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

export async function runFor(opts: { seconds: number; concurrency: number; deals: string[]; win: (id: string) => Promise<void> }): Promise<RunSample> {
  const { deals, win } = opts;
  const latencies: number[] = [];
  const doneAt: number[] = [];
  let next = 0;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  async function caller(): Promise<void> {
    while (performance.now() < end && next < deals.length) {
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

export function summarise(sample: RunSample, extraMs = 0): Summary {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const seconds = (sample.elapsedMs + extraMs) / 1000;
  return { wins: sample.completed, seconds: round(seconds, 2), perSecond: round(sample.completed / seconds, 1), p50Ms: round(at(0.5), 2), p99Ms: round(at(0.99), 2) };
}

export type Decay = { firstPerSecond: number; lastPerSecond: number; ratio: number; windowSeconds: number; perSecondTimeline: number[] };

/** Throughput of the first and the last `window` seconds of a run, and wins per whole second. */
export function decay(sample: RunSample, window = 10): Decay {
  const ms = window * 1000;
  const endMs = sample.elapsedMs;
  const first = sample.doneAt.filter((t) => t < ms).length / window;
  const last = sample.doneAt.filter((t) => t >= endMs - ms).length / window;
  const timeline = new Array<number>(Math.ceil(endMs / 1000)).fill(0);
  for (const t of sample.doneAt) {
    const i = Math.min(timeline.length - 1, Math.floor(t / 1000));
    timeline[i] = (timeline[i] ?? 0) + 1;
  }
  return { firstPerSecond: round(first, 1), lastPerSecond: round(last, 1), ratio: round(first ? last / first : NaN, 3), windowSeconds: window, perSecondTimeline: timeline };
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
