// What every flow needs from the outside world, passed as one plain object built in main.ts.
import type { Logger } from 'pino';
import type { Db } from '../adapters/db/database.ts';
import type { BriefExtractor } from './brief.flow.ts';
import type { OutboxEvent } from '../adapters/db/outbox.repo.ts';

export type Deps = {
  db: Db;
  log: Logger;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /** Tells the in-process outbox worker that an event was committed. */
  wakeOutbox: () => void;
  /** The LLM that prepares handoff briefs, when one is configured. */
  llm?: BriefExtractor | undefined;
  /** Delivered outbox events, live (the dashboard's stream); absent when no outbox worker runs in this process. */
  feed?: DeliveryFeed | undefined;
};

/** An outbox event as the live feed passes it on, once its delivery has committed. */
export type FeedEvent = Pick<OutboxEvent, 'id' | 'workspaceId' | 'type' | 'subjectType' | 'subjectId' | 'payload'>;
export type FeedListener = (event: FeedEvent) => void;

/** Delivered events, in process (engine/feed.ts): the outbox worker publishes, the dashboard's stream subscribes. */
export type DeliveryFeed = {
  publish(events: readonly FeedEvent[]): void;
  /** Listens to one workspace's events; returns the function that stops listening. */
  subscribe(workspaceId: string, listener: FeedListener): () => void;
  /** How many listeners are open (all workspaces). */
  listeners(): number;
};
