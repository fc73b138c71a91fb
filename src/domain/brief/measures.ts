// What the handoff metrics count of one event of a brief's history: a return with the fields it missed ("other"
// when it names none), a pause, a kickoff scheduled or delayed. Kept on the brief as each event is written.
import type { HandoffEventType } from '../events.ts';

export type HandoffMeasure = { kind: 'returned'; fields: string[] } | { kind: 'paused' | 'kickoff_scheduled' | 'kickoff_delayed' };

export function measureOf(type: HandoffEventType, data: Record<string, unknown>): HandoffMeasure | undefined {
  switch (type) {
    case 'handoff.returned': {
      const missing = Array.isArray(data.missing) ? data.missing.filter((f): f is string => typeof f === 'string') : [];
      return { kind: 'returned', fields: missing.length > 0 ? missing : ['other'] };
    }
    case 'handoff.paused':
      return { kind: 'paused' };
    case 'kickoff.scheduled':
      return { kind: 'kickoff_scheduled' };
    case 'kickoff.delayed':
      return { kind: 'kickoff_delayed' };
    default:
      return undefined;
  }
}
