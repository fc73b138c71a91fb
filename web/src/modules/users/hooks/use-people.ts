// Everyone in the workspace, for the owner and member pickers; one request shared by the pickers of a page.
import { getAllPages } from '../../../ui/http.ts';
import { useResource, type Resource } from '../../../ui/use-resource.ts';
import type { WorkspaceUser } from '../api/users.api.ts';

const maxAgeMs = 60_000;
let cache: { at: number; people: Promise<WorkspaceUser[]> } | null = null;

function loadPeople(): Promise<WorkspaceUser[]> {
  if (cache && Date.now() - cache.at < maxAgeMs) return cache.people;
  const people = getAllPages<WorkspaceUser>('/api/users', { limit: 200 }).then((result) => result.items);
  cache = { at: Date.now(), people };
  // A failed load is not kept: the next picker asks again.
  people.catch(() => {
    if (cache?.people === people) cache = null;
  });
  return people;
}

export function usePeople(): Resource<WorkspaceUser[]> {
  return useResource(loadPeople, []);
}
