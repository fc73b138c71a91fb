// Who did something: a person, an API token, the automation engine or the system itself.
export type ActorType = 'user' | 'token' | 'automation' | 'system';
export type Actor = { type: ActorType; id: string | null; label: string };

export const systemActor = (label = 'system'): Actor => ({ type: 'system', id: null, label });
export const automationActor = (label: string): Actor => ({ type: 'automation', id: null, label });
