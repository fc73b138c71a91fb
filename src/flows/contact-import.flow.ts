// Importing accounts or contacts from a CSV export: each row matched to its record (by the source's id, else by name
// and domain for an account, by e-mail or by name within the account for a contact), created or updated in its own
// transaction (never in part); a dry run does all of it and rolls each row back. Importing the same file again
// changes nothing.
import type { Actor } from '../domain/actor.ts';
import {
  readAccountRow,
  readContactRow,
  recordMappingProblems,
  suggestRecordMapping,
  type AccountRow,
  type ContactRow,
  type RecordKind,
  type RecordMapping,
} from '../domain/contact-import.ts';
import { CsvError, parseCsv } from '../domain/csv.ts';
import type { ImportProblem } from '../domain/deal-import.ts';
import { AppError, invalid } from '../domain/errors.ts';
import { findAccount, findContact } from '../adapters/db/accounts.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import { findAccountByName, findImportLink, findPerson, insertImportLink, lockImportKey } from '../adapters/db/imports.repo.ts';
import {
  findAccountByNameAndDomain,
  findContactByEmail,
  findContactByName,
  findContactLink,
  findOwnRecord,
  insertContactLink,
} from '../adapters/db/record-imports.repo.ts';
import { createAccount, createContact, updateAccount, updateContact } from './crm.flow.ts';
import type { Deps } from './deps.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type RecordImportOptions<K extends RecordKind> = {
  csv: string;
  /** Field -> column header; left out, it is suggested from the header. */
  mapping?: RecordMapping<K> | undefined;
  dryRun?: boolean | undefined;
  /** Names the system the ids come from, so two systems' "ID 17" are two records (default "csv"). */
  source?: string | undefined;
  /** Contacts: a row whose account does not exist creates the account (default), or is reported. */
  createAccounts?: boolean | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
};

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export type RecordImportReport<K extends RecordKind> = {
  dryRun: boolean;
  mapping: RecordMapping<K>;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Every problem, by row and column: the rows they name were not imported. */
  problems: ImportProblem[];
  results: { row: number; outcome: RowOutcome; id: string | null; name: string | null }[];
};

/** A row refused for one of its values (not thrown past the import). */
class RowProblem extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
    reason: string,
  ) {
    super(reason);
  }
}

class DryRunRollback extends Error {
  constructor(readonly outcome: Applied) {
    super('dry run');
  }
}

type Applied = { outcome: Exclude<RowOutcome, 'failed'>; id: string };

/** Imports accounts: matched by the id column (per source), else by name (and domain when the file has one). */
export async function importAccounts(deps: Deps, ctx: Ctx, options: RecordImportOptions<'account'>): Promise<RecordImportReport<'account'>> {
  const owners = new Map<string, string | undefined>();
  return importRecords(deps, ctx, 'account', options, {
    read: readAccountRow,
    label: (a) => a.name,
    externalId: (a) => a.externalId,
    check: async (a, mapping) => {
      if (!a.owner) return { ownerId: undefined };
      if (!owners.has(a.owner)) owners.set(a.owner, await findPerson(deps.db, ctx.workspaceId, a.owner));
      const ownerId = owners.get(a.owner);
      if (!ownerId) return { problem: { column: mapping.owner!, value: a.owner, reason: 'is no active person of the workspace (e-mail or name)' } };
      return { ownerId };
    },
    write: (tx, account, checked, source) => writeAccount(tx, deps, ctx, account, checked.ownerId, source),
  });
}

/** Imports contacts: matched by the id column (per source), else by e-mail, else by name within their account. */
export async function importContacts(deps: Deps, ctx: Ctx, options: RecordImportOptions<'contact'>): Promise<RecordImportReport<'contact'>> {
  return importRecords(deps, ctx, 'contact', options, {
    read: readContactRow,
    label: (c) => `${c.firstName} ${c.lastName}`.trim(),
    externalId: (c) => c.externalId,
    check: async () => ({}),
    write: (tx, contact, _checked, source, mapping) => writeContact(tx, deps, ctx, contact, source, mapping, options.createAccounts ?? true),
  });
}

type Checked = { ownerId?: string | undefined };

type RecordRules<K extends RecordKind, R> = {
  read(header: readonly string[], cells: readonly string[], row: number, mapping: RecordMapping<K>): { record: R } | { problems: ImportProblem[] };
  label(record: R): string;
  externalId(record: R): string | null;
  /** Lookups outside the row's transaction (owners): a value the workspace does not know is a problem of the row. */
  check(record: R, mapping: RecordMapping<K>): Promise<Checked | { problem: Omit<ImportProblem, 'row'> }>;
  write(tx: Tx, record: R, checked: Checked, source: string, mapping: RecordMapping<K>): Promise<Applied>;
};

async function importRecords<K extends RecordKind, R>(
  deps: Deps,
  ctx: Ctx,
  kind: K,
  options: RecordImportOptions<K>,
  rules: RecordRules<K, R>,
): Promise<RecordImportReport<K>> {
  let table;
  try {
    table = parseCsv(options.csv);
  } catch (error) {
    if (error instanceof CsvError) throw invalid([{ path: 'body:/csv', message: error.message }], `The file is not CSV: ${error.message}`);
    throw error;
  }
  const mapping = options.mapping ?? suggestRecordMapping(kind, table.header);
  const unmapped = recordMappingProblems(kind, table.header, mapping as Record<string, string | undefined>);
  if (unmapped.length > 0)
    throw invalid(
      unmapped.map((message) => ({ path: 'body:/mapping', message })),
      `The columns are not mapped: ${unmapped.join('; ')}`,
    );
  const source = (options.source ?? 'csv').trim() || 'csv';
  const idColumn = (mapping as Record<string, string | undefined>).externalId ?? 'externalId';
  const report: RecordImportReport<K> = {
    dryRun: !!options.dryRun,
    mapping,
    rows: table.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    problems: [],
    results: [],
  };
  const seen = new Map<string, number>();
  let done = 0;
  for (const { line, cells } of table.rows) {
    const problems: ImportProblem[] = [];
    const read = rules.read(table.header, cells, line, mapping);
    let record: R | undefined;
    let checked: Checked = {};
    if ('problems' in read) problems.push(...read.problems);
    else record = read.record;
    if (record) {
      const externalId = rules.externalId(record);
      if (externalId) {
        const first = seen.get(externalId);
        if (first !== undefined) problems.push({ row: line, column: idColumn, value: externalId, reason: `is a duplicate: row ${first} has the same id` });
        else seen.set(externalId, line);
      }
      const check = await rules.check(record, mapping);
      if ('problem' in check) problems.push({ row: line, ...check.problem });
      else checked = check;
    }
    if (record && problems.length === 0) {
      try {
        const applied = await applyRow(deps, !!options.dryRun, (tx) => rules.write(tx, record, checked, source, mapping));
        report[applied.outcome]++;
        report.results.push({ row: line, outcome: applied.outcome, id: applied.id, name: rules.label(record) });
      } catch (error) {
        if (error instanceof RowProblem) problems.push({ row: line, column: error.column, value: error.value, reason: error.message });
        else if (error instanceof AppError) {
          const fields = error.fields?.map((f) => `${f.path} ${f.message}`).join('; ');
          problems.push({ row: line, column: '', value: '', reason: fields ? `${error.message}: ${fields}` : error.message });
        } else throw error;
      }
    }
    if (problems.length > 0) {
      report.failed++;
      report.problems.push(...problems);
      report.results.push({ row: line, outcome: 'failed', id: null, name: record ? rules.label(record) : null });
    }
    options.onProgress?.(++done, table.rows.length);
  }
  return report;
}

/** One row in one transaction: all of it, or (an error, or a dry run) none of it. */
async function applyRow(deps: Deps, dryRun: boolean, write: (tx: Tx) => Promise<Applied>): Promise<Applied> {
  try {
    const result = await deps.db.transaction().execute(async (tx) => {
      const applied = await write(tx);
      if (dryRun) throw new DryRunRollback(applied);
      return applied;
    });
    deps.wakeOutbox();
    return result;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.outcome;
    throw error;
  }
}

/**
 * The account a row names by the source's id: a link an earlier import made, or Baton's own id (a file exported from
 * this workspace). `linked` says whether the id needs no new link.
 */
async function accountById(tx: Tx, workspaceId: string, source: string, externalId: string) {
  await lockImportKey(tx, workspaceId, `${source}:account:${externalId}`);
  const linked = await findImportLink(tx, workspaceId, source, 'account', externalId);
  if (linked) return { id: linked, linked: true };
  const own = await findOwnRecord(tx, workspaceId, 'accounts', externalId);
  return { id: own, linked: !!own };
}

async function writeAccount(tx: Tx, deps: Deps, ctx: Ctx, row: AccountRow, ownerId: string | undefined, source: string): Promise<Applied> {
  const { workspaceId } = ctx;
  let id: string | undefined;
  let linked = false;
  if (row.externalId) ({ id, linked } = await accountById(tx, workspaceId, source, row.externalId));
  const byId = !!id;
  if (!id) {
    await lockImportKey(tx, workspaceId, `account-name:${row.name.toLowerCase()}`);
    id = await findAccountByNameAndDomain(tx, workspaceId, row.name, row.domain);
  }
  let outcome: Applied['outcome'];
  if (!id) {
    id = (await createAccount.in(tx, deps, ctx, { name: row.name, domain: row.domain, industry: row.industry, ...(ownerId && { ownerId }) })).id;
    outcome = 'created';
  } else {
    const before = (await findAccount(tx, workspaceId, id))!;
    const change = {
      // Found by name, the name already matches (but for its case, which the file does not get to change).
      ...(byId && before.name !== row.name && { name: row.name }),
      ...(row.domain !== null && before.domain !== row.domain && { domain: row.domain }),
      ...(row.industry !== null && before.industry !== row.industry && { industry: row.industry }),
      ...(ownerId && before.ownerId !== ownerId && { ownerId }),
    };
    if (Object.keys(change).length > 0) await updateAccount.in(tx, deps, ctx, id, change);
    outcome = Object.keys(change).length > 0 ? 'updated' : 'unchanged';
  }
  if (row.externalId && !linked) await insertImportLink(tx, workspaceId, { source, type: 'account', externalId: row.externalId, id });
  return { outcome, id };
}

async function writeContact(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  row: ContactRow,
  source: string,
  mapping: RecordMapping<'contact'>,
  createAccounts: boolean,
): Promise<Applied> {
  const { workspaceId } = ctx;
  // The account: by the source's account id, else by name; created when missing (unless the import says not to).
  let accountId: string | undefined;
  let accountLinked = false;
  if (row.accountExternalId) ({ id: accountId, linked: accountLinked } = await accountById(tx, workspaceId, source, row.accountExternalId));
  if (!accountId && row.account) {
    await lockImportKey(tx, workspaceId, `account-name:${row.account.toLowerCase()}`);
    accountId = await findAccountByName(tx, workspaceId, row.account);
  }
  if (!accountId) {
    if (!createAccounts || !row.account)
      throw new RowProblem(
        (row.account ? mapping.account : mapping.accountExternalId) ?? '',
        row.account ?? row.accountExternalId ?? '',
        'is no account of the workspace (this import creates none)',
      );
    accountId = (await createAccount.in(tx, deps, ctx, { name: row.account })).id;
  }
  if (row.accountExternalId && !accountLinked)
    await insertImportLink(tx, workspaceId, { source, type: 'account', externalId: row.accountExternalId, id: accountId });

  // The contact: by the source's id, else by e-mail, else by name within the account.
  let id: string | undefined;
  let linked = false;
  if (row.externalId) {
    await lockImportKey(tx, workspaceId, `${source}:contact:${row.externalId}`);
    id = await findContactLink(tx, workspaceId, source, row.externalId);
    linked = !!id;
    if (!id) linked = !!(id = await findOwnRecord(tx, workspaceId, 'contacts', row.externalId));
  }
  if (!id && row.email) {
    await lockImportKey(tx, workspaceId, `contact-email:${row.email.toLowerCase()}`);
    id = await findContactByEmail(tx, workspaceId, row.email);
  }
  if (!id && !row.email) {
    await lockImportKey(tx, workspaceId, `contact-name:${accountId}:${row.firstName.toLowerCase()} ${row.lastName.toLowerCase()}`);
    id = await findContactByName(tx, workspaceId, accountId, row.firstName, row.lastName);
  }
  let outcome: Applied['outcome'];
  if (!id) {
    id = (
      await createContact.in(tx, deps, ctx, {
        accountId,
        firstName: row.firstName,
        lastName: row.lastName,
        email: row.email,
        phone: row.phone,
        title: row.title,
      })
    ).id;
    outcome = 'created';
  } else {
    // A contact stays on its account: moving people between companies is a decision for a person, not for a file.
    const before = (await findContact(tx, workspaceId, id))!;
    const change = {
      ...(row.firstName !== '' && before.firstName !== row.firstName && { firstName: row.firstName }),
      ...(row.lastName !== '' && before.lastName !== row.lastName && { lastName: row.lastName }),
      // An address differing only in case is the same address: the stored spelling stays.
      ...(row.email !== null && before.email?.toLowerCase() !== row.email.toLowerCase() && { email: row.email }),
      ...(row.phone !== null && before.phone !== row.phone && { phone: row.phone }),
      ...(row.title !== null && before.title !== row.title && { title: row.title }),
    };
    if (Object.keys(change).length > 0) await updateContact.in(tx, deps, ctx, id, change);
    outcome = Object.keys(change).length > 0 ? 'updated' : 'unchanged';
  }
  if (row.externalId && !linked) await insertContactLink(tx, workspaceId, { source, externalId: row.externalId, contactId: id });
  return { outcome, id };
}
