import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type {
  Account,
  AccountChange,
  AccountListQuery,
  AccountStatus,
  Contact,
  ContactChange,
  NewAccount,
  NewContact,
} from '../../../../../src/schemas/accounts.ts';

export type { Account, AccountStatus, Contact };
export { accountStatuses } from '../../../../../src/domain/opportunity.ts';

export const listAccounts = (query: ListQuery<AccountListQuery>) => http.get<Page<Account>>('/api/accounts', query);

export const getAccount = (id: string) => http.get<Account>(`/api/accounts/${encodeURIComponent(id)}`);

export const listContacts = (accountId: string) => http.get<Page<Contact>>('/api/contacts', { accountId, limit: 200 });

export const createAccount = (input: NewAccount) => http.post<Account>('/api/accounts', input);

export const updateAccount = (id: string, changes: AccountChange) => http.patch<Account>(`/api/accounts/${encodeURIComponent(id)}`, changes);

export const createContact = (input: NewContact) => http.post<Contact>('/api/contacts', input);

export const updateContact = (id: string, changes: ContactChange) => http.patch<Contact>(`/api/contacts/${encodeURIComponent(id)}`, changes);
