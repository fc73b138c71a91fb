// How a use case is written: its body takes the caller's transaction first, so a rule's action, another flow or a
// test can run it inside their own; calling the flow itself opens one transaction for it, commits, and tells the
// outbox worker that events may be waiting.
import type { Db, Tx } from '../adapters/db/database.ts';
import type { Deps } from './deps.ts';

/** What running a flow needs at least: the database (a flow that emits no event may be run without the outbox). */
export type FlowDeps = { db: Db; wakeOutbox?: (() => void) | undefined };

export type Flow<A extends unknown[], R, D extends FlowDeps = Deps> = {
  /** Runs the flow in a transaction of its own; the outbox worker is woken after the commit. */
  (deps: D, ...args: A): Promise<R>;
  /** Runs the flow inside the caller's transaction (which commits or rolls back with the caller's other work). */
  in(tx: Tx, deps: D, ...args: A): Promise<R>;
};

export function flow<A extends unknown[], R, D extends FlowDeps = Deps>(body: (tx: Tx, deps: D, ...args: A) => Promise<R>): Flow<A, R, D> {
  const run = async (deps: D, ...args: A): Promise<R> => {
    const result = await deps.db.transaction().execute((tx) => body(tx, deps, ...args));
    deps.wakeOutbox?.();
    return result;
  };
  return Object.assign(run, { in: body });
}
