// The roster's delivery roles, shared by the pages that show a task's role by name; one request a minute at most.
import { useResource, type Resource } from '../../../ui/use-resource.ts';
import { listTeamRoles, type TeamRole } from '../api/team.api.ts';

const maxAgeMs = 60_000;
let cache: { at: number; roles: Promise<TeamRole[]> } | null = null;

function loadRoles(): Promise<TeamRole[]> {
  if (cache && Date.now() - cache.at < maxAgeMs) return cache.roles;
  // Without the roster a role still shows, by its key.
  const roles = listTeamRoles().catch(() => [] as TeamRole[]);
  cache = { at: Date.now(), roles };
  return roles;
}

/** Forgets the roster, after it was edited. */
export function forgetTeamRoles(): void {
  cache = null;
}

export function useTeamRoles(): Resource<TeamRole[]> {
  return useResource(loadRoles, []);
}

/** A role key in words: the roster's name for it, else the key itself. */
export function roleNameOf(roles: TeamRole[] | undefined, key: string | null): string {
  if (!key) return '—';
  return roles?.find((r) => r.key === key)?.name ?? key;
}
