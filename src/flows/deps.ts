// What every flow needs from the outside world, passed as one plain object built in main.ts.
import type { Logger } from 'pino';
import type { Db } from '../adapters/db/database.ts';
import type { BriefExtractor } from './brief.flow.ts';

export type Deps = {
  db: Db;
  log: Logger;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /** Tells the in-process outbox worker that an event was committed. */
  wakeOutbox: () => void;
  /** The LLM that prepares handoff briefs, when one is configured. */
  llm?: BriefExtractor | undefined;
};
