import { http, type Page } from '../../../ui/http.ts';
import type { AccountStatus } from '../../opportunities/api/opportunities.api.ts';

export type { AccountStatus };
export const accountStatuses: AccountStatus[] = ['prospect', 'active', 'inactive', 'churned'];

export type Account = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  status: AccountStatus;
  ownerId: string | null;
  ownerName: string | null;
  csmId: string | null;
  csmName: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Contact = {
  id: string;
  accountId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  buyingRole: 'sponsor' | 'decision_maker' | 'user' | 'technical' | null;
};

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
