// Which outbox events do what: every event goes to the rule dispatcher; e-mail requests go to the mailer.
import type { Tx } from '../adapters/db/database.ts';
import type { OutboxEvent } from '../adapters/db/outbox.repo.ts';
import { dispatchEvent } from './dispatch.ts';
import type { EventHandler } from './outbox.ts';

export type HandlerDeps = {
  now: () => Date;
  /** Tells the rule runner that runs were started. */
  wakeRuns: () => void;
  /** Sends one queued e-mail (mail.requested). */
  sendMail: (tx: Tx, event: OutboxEvent) => Promise<void>;
};

export function eventHandlers(deps: HandlerDeps): { handlers: Record<string, EventHandler>; fallback: EventHandler; afterCommit: () => void } {
  let started = 0;
  const dispatch: EventHandler = async (tx, event) => {
    started += await dispatchEvent(tx, event, deps.now());
  };
  return {
    handlers: {
      'mail.requested': async (tx, event) => {
        await deps.sendMail(tx, event);
        await dispatch(tx, event);
      },
    },
    fallback: dispatch,
    // Runs are claimable once the delivering transaction has committed: wake the runner then, not before.
    afterCommit() {
      if (started === 0) return;
      started = 0;
      deps.wakeRuns();
    },
  };
}
