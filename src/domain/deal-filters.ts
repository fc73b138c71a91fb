// A deal list's filters, checked as a whole: ranges the right way round, amounts to minor units.
import type { FieldIssue } from './errors.ts';

/** How a deal list sorts: a field ascending, or descending with a leading '-'. */
export const opportunitySorts = ['closeDate', '-closeDate', 'amount', '-amount', 'updated', '-updated', 'name', '-name'] as const;

export type DealFilterInput = {
  stageCategory?: string | undefined;
  status?: string | undefined;
  closeFrom?: string | undefined;
  closeTo?: string | undefined;
  amountMin?: number | undefined;
  amountMax?: number | undefined;
};

/** What is wrong with the filters taken together (each field alone is checked by its schema); `at` prefixes paths. */
export function dealFilterIssues(filter: DealFilterInput, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (filter.closeFrom && filter.closeTo && filter.closeTo < filter.closeFrom) issues.push({ path: `${at}/closeTo`, message: 'must be on or after closeFrom' });
  if (filter.amountMin !== undefined && filter.amountMax !== undefined && filter.amountMax < filter.amountMin)
    issues.push({ path: `${at}/amountMax`, message: 'must be at least amountMin' });
  if (filter.status && filter.stageCategory && filter.status !== filter.stageCategory)
    issues.push({ path: `${at}/status`, message: 'contradicts stageCategory (status is the newer name of the same filter)' });
  return issues;
}

/** An amount in units of the currency (12.5 dollars) as minor units (1250 cents), rounded to the nearest. */
export const toMinorUnits = (amount: number): number => Math.round(amount * 100);

export type DealSort = { key: 'closeDate' | 'amount' | 'updated' | 'name'; direction: 'asc' | 'desc' };

/** 'amount' is ascending, '-amount' descending. */
export function parseDealSort(sort: string | undefined): DealSort | undefined {
  if (!sort) return undefined;
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  return { key: sort.replace(/^-/, '') as DealSort['key'], direction };
}

/** The list's query (amounts in units, status or stageCategory) as the repository reads it (minor units, one category). */
export function dealListFilter<F extends DealFilterInput & { sort?: string | undefined }>(filter: F) {
  const { status, stageCategory, amountMin, amountMax, sort, ...rest } = filter;
  return {
    ...rest,
    stageCategory: (status ?? stageCategory) as F['stageCategory'],
    amountMinorMin: amountMin === undefined ? undefined : toMinorUnits(amountMin),
    amountMinorMax: amountMax === undefined ? undefined : toMinorUnits(amountMax),
    sort: parseDealSort(sort),
  };
}
