import { http, type Page } from '../../../ui/http.ts';
import type { Account, AccountStatus, Contact } from '../../../../../src/schemas/accounts.ts';

export type { Account, AccountStatus, Contact };
export const accountStatuses: AccountStatus[] = ['prospect', 'active', 'inactive', 'churned'];

export const listAccounts = (query: { status?: AccountStatus | ''; q?: string; cursor?: string | null; limit?: number }) =>
  http.get<Page<Account>>('/api/accounts', query);

export const getAccount = (id: string) => http.get<Account>(`/api/accounts/${encodeURIComponent(id)}`);

export const listContacts = (accountId: string) => http.get<Page<Contact>>('/api/contacts', { accountId, limit: 200 });

export const createAccount = (input: { name: string; domain?: string | null; industry?: string | null; ownerId?: string | null; csmId?: string | null }) =>
  http.post<Account>('/api/accounts', input);

export const updateAccount = (
  id: string,
  changes: { name?: string; domain?: string | null; industry?: string | null; ownerId?: string | null; csmId?: string | null },
) => http.patch<Account>(`/api/accounts/${encodeURIComponent(id)}`, changes);

export const createContact = (input: {
  accountId: string;
  firstName: string;
  lastName: string;
  email?: string | null;
  title?: string | null;
  phone?: string | null;
  buyingRole?: string | null;
}) => http.post<Contact>('/api/contacts', input);

export const updateContact = (
  id: string,
  changes: { firstName?: string; lastName?: string; email?: string | null; title?: string | null; phone?: string | null; buyingRole?: string | null },
) => http.patch<Contact>(`/api/contacts/${encodeURIComponent(id)}`, changes);
