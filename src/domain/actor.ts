// Who did something: a person, an API token, the automation engine or the system itself.
export type ActorType = 'user' | 'token' | 'automation' | 'system';

/** For automation: the rule run acting, and how deep in a chain of automated changes it is. */
export type Cause = { runId: string; ruleId: string; depth: number };

export type Actor = { type: ActorType; id: string | null; label: string; cause?: Cause | undefined };

/** The depth stamped on events an actor's change causes: 0 for people, one more than the run's for rules. */
export function eventDepth(actor: Actor): number {
  return actor.cause ? actor.cause.depth + 1 : 0;
}
