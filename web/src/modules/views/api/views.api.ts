// Saved views: a person's named filters of a list (the deals list, the delivery dashboard), theirs and shared ones.
import { http } from '../../../ui/http.ts';
import type { NewSavedView, SavedView, SavedViewChange, SavedViewFilters, ViewEntity } from '../../../../../src/schemas/views.ts';

export type { SavedView, SavedViewFilters, ViewEntity };

/** The views of one list the person may open: their own and those shared with the workspace, by name. */
export async function listViews(entity: ViewEntity): Promise<SavedView[]> {
  return (await http.get<{ items: SavedView[] }>('/api/views', { entity })).items;
}

export const createView = (input: NewSavedView) => http.post<SavedView>('/api/views', input);
export const changeView = (id: string, changes: SavedViewChange) => http.patch<SavedView>(`/api/views/${encodeURIComponent(id)}`, changes);
export const deleteView = (id: string) => http.delete(`/api/views/${encodeURIComponent(id)}`);
