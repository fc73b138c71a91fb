// The live feed of delivered outbox events, in process: the outbox worker publishes each event once its delivery
// has committed, and the dashboard's stream (server-sent events) subscribes per workspace. Nothing is kept: a
// subscriber hears what is delivered while it listens, and reloads the rows it shows when it does.
import type { DeliveryFeed, FeedListener } from '../flows/deps.ts';

export type { DeliveryFeed } from '../flows/deps.ts';

export function createDeliveryFeed(): DeliveryFeed {
  const byWorkspace = new Map<string, Set<FeedListener>>();
  return {
    publish(events) {
      for (const event of events) {
        for (const listener of byWorkspace.get(event.workspaceId) ?? []) {
          // One listener's failure (a closed socket) is its own: the others still hear the event.
          try {
            listener(event);
          } catch {
            /* the stream's close handler unsubscribes it */
          }
        }
      }
    },
    subscribe(workspaceId, listener) {
      const set = byWorkspace.get(workspaceId) ?? new Set<FeedListener>();
      set.add(listener);
      byWorkspace.set(workspaceId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && byWorkspace.get(workspaceId) === set) byWorkspace.delete(workspaceId);
      };
    },
    listeners: () => [...byWorkspace.values()].reduce((n, s) => n + s.size, 0),
  };
}
