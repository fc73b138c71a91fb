// Logging in and out, and who the caller is: the person, the workspace and the CSRF token.
import { Type, type Static } from 'typebox';
import { roles } from '../domain/roles.ts';
import { Nullable, oneOf } from './common.ts';

export const Role = oneOf(roles);
export type Role = Static<typeof Role>;

export const Workspace = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String(), timeZone: Type.String() });
export type Workspace = Static<typeof Workspace>;

export const User = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  active: Type.Boolean(),
  createdAt: Type.String(),
});
export type User = Static<typeof User>;

export const Session = Type.Object({ user: User, workspace: Workspace, csrfToken: Nullable(Type.String()) });
export type Session = Static<typeof Session>;

/** Who is signed in, if anyone: the web asks this on load, so being signed out is an answer, not an error. */
export const CurrentSession = Type.Object({ session: Nullable(Session) });
export type CurrentSession = Static<typeof CurrentSession>;

export const LoginBody = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;
