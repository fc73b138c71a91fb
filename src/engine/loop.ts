// The loop both workers run: work a batch, go again while there was work, otherwise sleep until polled or woken.
import type { Logger } from 'pino';

export type Loop = {
  /** Runs batches until one finds nothing; returns how many items were worked. */
  drain(): Promise<number>;
  wake(): void;
  start(): void;
  stop(): Promise<void>;
};

export function createLoop(runOnce: () => Promise<number>, options: { pollMs: number; log: Logger; what: string }): Loop {
  let running = false;
  let loop: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wakeUp: (() => void) | null = null;

  async function poll(): Promise<void> {
    while (running) {
      try {
        if ((await runOnce()) > 0) continue;
      } catch (error) {
        options.log.error({ err: error }, `${options.what} poll failed`);
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, options.pollMs);
      });
      wakeUp = null;
    }
  }

  return {
    async drain() {
      let total = 0;
      for (;;) {
        const n = await runOnce();
        total += n;
        if (n === 0) return total;
      }
    },
    wake: () => wakeUp?.(),
    start() {
      if (running) return;
      running = true;
      loop = poll();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wakeUp?.();
      await loop;
    },
  };
}

export type LeaseKeeper = {
  /** Runs `work` while renewing this worker's leases every third of their length. */
  hold<T>(work: () => Promise<T>): Promise<T>;
  stop(): void;
};

/**
 * Keeps a worker's leases alive while it works, so they can be short: work a dead worker held is taken up by
 * another (or by the same process after a restart) once its lease runs out, within seconds.
 */
export function createLeaseKeeper(options: { leaseMs: number; maxHoldMs?: number | undefined; log: Logger; renew: () => Promise<unknown> }): LeaseKeeper {
  // A worker alive but stuck on one piece of work (a call that never returns) stops renewing after this long.
  const maxHoldMs = options.maxHoldMs ?? 5 * 60_000;
  let holders = 0;
  let since = 0;
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  return {
    async hold(work) {
      if (holders++ === 0) {
        since = Date.now();
        timer = setInterval(
          () => {
            if (Date.now() - since > maxHoldMs) return;
            options
              .renew()
              .catch((error: unknown) => options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'renewing leases failed'));
          },
          Math.max(100, Math.floor(options.leaseMs / 3)),
        );
        timer.unref();
      }
      try {
        return await work();
      } finally {
        if (--holders === 0) stop();
      }
    },
    stop,
  };
}
