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
