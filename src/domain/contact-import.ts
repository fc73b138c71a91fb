// Importing accounts and contacts from CSV files as CRMs export them (HubSpot companies and contacts, Pipedrive
// organizations and persons, Salesforce accounts and contacts): the column each field comes from, suggested from the
// header, and each row read into a record or into the problems that keep it out (row, column, value, reason).
import type { ImportProblem } from './deal-import.ts';
import { unescapeCell } from './record-export.ts';

export const accountImportFields = ['externalId', 'name', 'domain', 'industry', 'owner'] as const;
export type AccountImportField = (typeof accountImportFields)[number];

export const contactImportFields = ['externalId', 'firstName', 'lastName', 'fullName', 'email', 'phone', 'title', 'account', 'accountExternalId'] as const;
export type ContactImportField = (typeof contactImportFields)[number];

export type RecordKind = 'account' | 'contact';
export type RecordField<K extends RecordKind> = K extends 'account' ? AccountImportField : ContactImportField;
export type RecordMapping<K extends RecordKind> = Partial<Record<RecordField<K>, string>>;

const companyWords = ['account', 'accountname', 'company', 'companyname', 'organization', 'organisation', 'organizationname', 'associatedcompany', 'client'];

// Header words per field (compared without case, spaces, dashes, dots, underscores or brackets).
const synonyms: { account: Record<AccountImportField, string[]>; contact: Record<ContactImportField, string[]> } = {
  account: {
    externalId: ['externalid', 'id', 'recordid', 'companyid', 'accountid', 'organizationid', 'orgid', 'recordidhubspot'],
    name: ['name', ...companyWords],
    domain: ['domain', 'website', 'organizationwebsite', 'companydomainname', 'domainname', 'websiteurl', 'companywebsite', 'web', 'url'],
    industry: ['industry', 'sector'],
    owner: ['owner', 'owneremail', 'ownername', 'accountowner', 'companyowner', 'organizationowner', 'salesrep'],
  },
  contact: {
    externalId: ['externalid', 'id', 'recordid', 'contactid', 'personid', 'recordidhubspot'],
    firstName: ['firstname', 'givenname', 'first'],
    lastName: ['lastname', 'surname', 'familyname', 'last'],
    fullName: ['name', 'fullname', 'contactname', 'personname'],
    email: ['email', 'personemail', 'emailaddress', 'email1', 'workemail', 'primaryemail', 'emailwork', 'emailother', 'emailhome'],
    phone: ['phone', 'personphone', 'phonenumber', 'mobile', 'mobilephone', 'mobilephonenumber', 'workphone', 'businessphone', 'phonework', 'phonemobile'],
    title: ['title', 'jobtitle', 'personjobtitle', 'position', 'role'],
    account: [...companyWords, 'personorganization'],
    accountExternalId: ['accountid', 'companyid', 'organizationid', 'orgid', 'associatedcompanyid', 'personorganizationid'],
  },
};

const fieldsOf = (kind: RecordKind): readonly string[] => (kind === 'account' ? accountImportFields : contactImportFields);

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.()[\]]/g, '');

/** The mapping a header suggests: each field to the first column whose name is one of its words. */
export function suggestRecordMapping<K extends RecordKind>(kind: K, header: readonly string[]): RecordMapping<K> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  const words = synonyms[kind] as Record<string, string[]>;
  for (const field of fieldsOf(kind)) {
    const column = header.find((h) => !taken.has(h) && words[field]!.includes(squash(h)));
    if (column) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  return mapping as RecordMapping<K>;
}

/** The problems of a mapping: unknown fields, columns the header does not have, required fields without a column. */
export function recordMappingProblems(kind: RecordKind, header: readonly string[], mapping: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const [field, column] of Object.entries(mapping)) {
    if (!fieldsOf(kind).includes(field)) problems.push(`${field} is not a field of an ${kind} import`);
    else if (column && !header.includes(column)) problems.push(`${field}: the file has no column "${column}"`);
  }
  if (kind === 'account' && !mapping.name) problems.push('no column for the account name');
  if (kind === 'contact') {
    if (!mapping.firstName && !mapping.lastName && !mapping.fullName) problems.push("no column for the contact's name");
    if (!mapping.account && !mapping.accountExternalId) problems.push("no column for the contact's account");
  }
  return problems;
}

/** A website as a domain: "https://www.Acme.com/about" is acme.com; undefined when it is none. */
export function readDomain(value: string): string | undefined {
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#:].*$/, '');
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host) ? host : undefined;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type AccountRow = { row: number; externalId: string | null; name: string; domain: string | null; industry: string | null; owner: string | null };

export type ContactRow = {
  row: number;
  externalId: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  account: string | null;
  accountExternalId: string | null;
};

/** A row's cells through the mapping, trimmed, empty as null, an export's formula guard undone. */
function cellReader(header: readonly string[], cells: readonly string[], mapping: Record<string, string | undefined>) {
  return (field: string): string | null => {
    const column = mapping[field];
    if (!column) return null;
    const v = unescapeCell((cells[header.indexOf(column)] ?? '').trim()).trim();
    return v === '' ? null : v;
  };
}

const tooLong = (value: string | null, max: number) => value !== null && value.length > max;

/** Reads one CSV row into an account, or every problem of the row (such a row is imported not at all). */
export function readAccountRow(
  header: readonly string[],
  cells: readonly string[],
  row: number,
  mapping: RecordMapping<'account'>,
): { record: AccountRow } | { problems: ImportProblem[] } {
  const cell = cellReader(header, cells, mapping);
  const problems: ImportProblem[] = [];
  const problem = (field: AccountImportField, reason: string) => problems.push({ row, column: mapping[field] ?? field, value: cell(field) ?? '', reason });
  const name = cell('name');
  if (!name) problem('name', 'is required');
  else if (tooLong(name, 200)) problem('name', 'is longer than 200 characters');
  let domain: string | null = null;
  const website = cell('domain');
  if (website !== null) {
    domain = readDomain(website) ?? null;
    if (!domain) problem('domain', 'is not a domain or website (acme.com, https://www.acme.com)');
  }
  const industry = cell('industry');
  if (tooLong(industry, 100)) problem('industry', 'is longer than 100 characters');
  if (problems.length > 0) return { problems };
  return { record: { row, externalId: cell('externalId'), name: name!, domain, industry, owner: cell('owner') } };
}

/** Reads one CSV row into a contact (a full name is split at its last space), or every problem of the row. */
export function readContactRow(
  header: readonly string[],
  cells: readonly string[],
  row: number,
  mapping: RecordMapping<'contact'>,
): { record: ContactRow } | { problems: ImportProblem[] } {
  const cell = cellReader(header, cells, mapping);
  const problems: ImportProblem[] = [];
  const problem = (field: ContactImportField, reason: string) => problems.push({ row, column: mapping[field] ?? field, value: cell(field) ?? '', reason });
  let firstName = cell('firstName');
  let lastName = cell('lastName');
  const fullName = cell('fullName');
  if (!firstName && !lastName && fullName) {
    const at = fullName.lastIndexOf(' ');
    [firstName, lastName] = at > 0 ? [fullName.slice(0, at).trim(), fullName.slice(at + 1)] : [fullName, null];
  }
  if (!firstName && !lastName) problem(mapping.lastName ? 'lastName' : mapping.fullName ? 'fullName' : 'firstName', 'is required (a first or a last name)');
  if (tooLong(firstName, 100)) problem(mapping.firstName ? 'firstName' : 'fullName', 'is longer than 100 characters');
  if (tooLong(lastName, 100)) problem(mapping.lastName ? 'lastName' : 'fullName', 'is longer than 100 characters');
  const email = cell('email');
  if (email !== null && (!emailPattern.test(email) || email.length > 320)) problem('email', 'is not an e-mail address');
  const phone = cell('phone');
  if (tooLong(phone, 50)) problem('phone', 'is longer than 50 characters');
  const title = cell('title');
  if (tooLong(title, 200)) problem('title', 'is longer than 200 characters');
  const account = cell('account');
  const accountExternalId = cell('accountExternalId');
  if (!account && !accountExternalId) problem(mapping.account ? 'account' : 'accountExternalId', 'is required (or an account id)');
  if (problems.length > 0) return { problems };
  return {
    record: {
      row,
      externalId: cell('externalId'),
      firstName: firstName ?? '',
      lastName: lastName ?? '',
      email,
      phone,
      title,
      account,
      accountExternalId,
    },
  };
}
