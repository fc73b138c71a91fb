// What a deal's timeline entry is, for its filter: a person's action, automation's, or a communication with the client.
export const timelineKinds = ['people', 'automation', 'communications'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/**
 * Activities (notes, calls, e-mails, meetings) are communications, whoever logged them; everything else is a
 * person's action when a user (or a person's API token) did it, and automation when a rule, the outbox or the
 * system did.
 */
export function timelineKindOf(entry: { type: string; actor: { type: string } | null }): TimelineKind {
  if (entry.type === 'activity') return 'communications';
  return entry.actor?.type === 'user' || entry.actor?.type === 'token' ? 'people' : 'automation';
}
