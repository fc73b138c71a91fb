// Saved views of a list (a deal list's filters under a name) and the top bar's search across records.
import { Type, type Static } from 'typebox';
import { oneOf } from './common.ts';
import { OpportunityFilters } from './opportunities.ts';

export const viewEntities = ['opportunities'] as const;
export const ViewEntity = oneOf(viewEntities);
export type ViewEntity = Static<typeof ViewEntity>;

const viewName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export const SavedView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  entity: ViewEntity,
  filters: OpportunityFilters,
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
  { name: viewName, entity: Type.Optional(ViewEntity), filters: OpportunityFilters, shared: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type NewSavedView = Static<typeof NewSavedView>;

export const SavedViewChange = Type.Object(
  { name: Type.Optional(viewName), filters: Type.Optional(OpportunityFilters), shared: Type.Optional(Type.Boolean()) },
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
