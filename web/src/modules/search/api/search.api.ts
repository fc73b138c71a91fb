// The top bar's search across deals, accounts, contacts and projects.
import { http } from '../../../ui/http.ts';
import type { SearchHit, SearchKind, SearchResult } from '../../../../../src/schemas/views.ts';

export type { SearchHit, SearchKind };

export const searchRecords = (q: string) => http.get<SearchResult>('/api/search', { q });
