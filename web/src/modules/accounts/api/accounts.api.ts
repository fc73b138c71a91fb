import { http, type Page } from '../../../ui/http.ts';
import type { Account, AccountStatus, Contact } from '../../../../../src/schemas/accounts.ts';

export type { Account, AccountStatus, Contact };
export const accountStatuses: AccountStatus[] = ['prospect', 'active', 'inactive', 'churned'];

export const listAccounts = (query: { status?: AccountStatus | ''; q?: string; cursor?: string | null; limit?: number }) =>
  http.get<Page<Account>>('/api/accounts', query);

export const getAccount = (id: string) => http.get<Account>(`/api/accounts/${encodeURIComponent(id)}`);

export const listContacts = (accountId: string) => http.get<Page<Contact>>('/api/contacts', { accountId, limit: 200 });
