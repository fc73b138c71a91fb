// The delivery dashboard's filters, checked as a whole (each field alone is checked by its schema): the period of
// the win the right way round. The same check serves the dashboard's query and a saved view of the dashboard.
import type { FieldIssue } from './errors.ts';

export type DashboardFilterInput = { wonFrom?: string | undefined; wonTo?: string | undefined };

/** What is wrong with the filters taken together; `at` prefixes paths ('querystring:', 'body:/filters'). */
export function dashboardFilterIssues(filter: DashboardFilterInput, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (filter.wonFrom && filter.wonTo && filter.wonFrom > filter.wonTo) issues.push({ path: `${at}/wonTo`, message: 'must not be before wonFrom' });
  return issues;
}
