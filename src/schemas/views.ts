// Saved views of a list (a deal list's or the delivery dashboard's filters under a name) and the top bar's search
// across records.
import { Type, type Static } from 'typebox';
import { oneOf } from './common.ts';
import { dashboardFilterFields } from './dashboard.ts';
import { opportunityFilterFields } from './opportunities.ts';

export const viewEntities = ['opportunities', 'dashboard'] as const;
export const ViewEntity = oneOf(viewEntities, { description: 'the list the view filters: the deals list or the delivery dashboard' });
export type ViewEntity = Static<typeof ViewEntity>;

/** The filters each list takes: a view's filters are its list's (the flow refuses another list's). */
export const viewFilterKeys: Record<ViewEntity, readonly string[]> = {
  opportunities: Object.keys(opportunityFilterFields),
  dashboard: Object.keys(dashboardFilterFields),
};

/**
 * Every list's filters in one object, each field checked by its schema (the deals list and the dashboard share
 * ownerId and pipelineId, of the same type); which of them a view may hold depends on its entity.
 */
export const SavedViewFilters = Type.Object(
  { ...opportunityFilterFields, ...dashboardFilterFields },
  { additionalProperties: false, description: "the filters of the view's list (entity): the deals list's query or the dashboard's" },
);
export type SavedViewFilters = Static<typeof SavedViewFilters>;

const viewName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export const SavedView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  entity: ViewEntity,
  filters: SavedViewFilters,
  shared: Type.Boolean({ description: 'readable by everyone in the workspace; only its owner changes it' }),
  ownerId: Type.String(),
  ownerName: Type.String(),
  mine: Type.Boolean({ description: 'the caller owns it' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type SavedView = Static<typeof SavedView>;

export const SavedViewQuery = Type.Object({ entity: Type.Optional(ViewEntity) }, { additionalProperties: false });
export type SavedViewQuery = Static<typeof SavedViewQuery>;

export const NewSavedView = Type.Object(
  { name: viewName, entity: Type.Optional(ViewEntity), filters: SavedViewFilters, shared: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type NewSavedView = Static<typeof NewSavedView>;

export const SavedViewChange = Type.Object(
  { name: Type.Optional(viewName), filters: Type.Optional(SavedViewFilters), shared: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type SavedViewChange = Static<typeof SavedViewChange>;

export const searchKinds = ['deal', 'account', 'contact', 'project'] as const;
export const SearchKind = oneOf(searchKinds);
export type SearchKind = Static<typeof SearchKind>;

export const SearchQuery = Type.Object(
  { q: Type.String({ minLength: 2, maxLength: 200, description: 'at least two characters besides spaces' }) },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  id: Type.String(),
  kind: SearchKind,
  label: Type.String(),
  sublabel: Type.String(),
  link: Type.String({ description: "the record's page in the web app" }),
});
export type SearchHit = Static<typeof SearchHit>;

export const SearchResult = Type.Object({ q: Type.String(), items: Type.Array(SearchHit) });
export type SearchResult = Static<typeof SearchResult>;
