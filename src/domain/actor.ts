// Who did something: a person, an API token, the automation engine or the system itself.
export type ActorType = 'user' | 'token' | 'automation' | 'system';
export type Actor = { type: ActorType; id: string | null; label: string };
