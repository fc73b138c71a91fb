// The deals list: filtered, sorted pages of deals, and its filters in the address.
import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Opportunity, OpportunityFilters, OpportunityListQuery, OpportunitySort } from '../../../../../src/schemas/opportunities.ts';
import { opportunitySorts } from '../../../../../src/domain/deal-filters.ts';
import { stageCategories } from '../../../../../src/domain/opportunity.ts';

export type { OpportunityFilters, OpportunitySort };

/** The filter keys, in the order they appear in the URL. */
export const filterKeys = ['q', 'ownerId', 'pipelineId', 'stageId', 'status', 'closeFrom', 'closeTo', 'amountMin', 'amountMax', 'accountId', 'sort'] as const;

export function listDeals(filters: OpportunityFilters, page: Pick<ListQuery<OpportunityListQuery>, 'limit' | 'cursor'>): Promise<Page<Opportunity>> {
  return http.get<Page<Opportunity>>('/api/opportunities', { ...filters, ...page });
}

/** The filters in a URL's query (unknown words dropped; the server checks the rest and names what is wrong). */
export function filtersFromSearch(search: URLSearchParams): OpportunityFilters {
  const filters: OpportunityFilters = {};
  for (const key of filterKeys) {
    const value = search.get(key)?.trim();
    if (!value) continue;
    if (key === 'amountMin' || key === 'amountMax') {
      const amount = Number(value);
      if (Number.isFinite(amount)) filters[key] = amount;
    } else if (key === 'status') {
      if ((stageCategories as readonly string[]).includes(value)) filters.status = value as OpportunityFilters['status'];
    } else if (key === 'sort') {
      if ((opportunitySorts as readonly string[]).includes(value)) filters.sort = value as OpportunitySort;
    } else filters[key] = value;
  }
  return filters;
}

/** The filters as query values for `withQuery` (empty ones left out). */
export function filtersToQuery(filters: OpportunityFilters): Record<string, string | number | undefined> {
  return Object.fromEntries(filterKeys.map((key) => [key, filters[key]]));
}

export const hasFilters = (filters: OpportunityFilters) => filterKeys.some((key) => key !== 'sort' && filters[key] !== undefined);
