// The top bar's search: records whose name (or a contact's e-mail) contains the words, a few of each kind.
// Plain ILIKE, no extension (PGlite has no pg_trgm): each kind reads the first `sample` matches in key order, so a
// common word stops the scan early instead of sorting every match; of those, names starting with the words come
// first, then by name. A word that matches nothing still scans the workspace's rows of the table.
import { sql } from 'kysely';
import type { DbOrTx } from './database.ts';
import { escapeLike } from './accounts.repo.ts';
import { scoped } from './scope.ts';

export type SearchHit = { id: string; kind: 'deal' | 'account' | 'contact' | 'project'; label: string; sublabel: string; link: string };

/** Matches read per kind before ranking. */
const sample = 50;

const contains = (q: string) => `%${escapeLike(q)}%`;

/** Names starting with the words first (any case), then by name; the first `limit`. */
function rank<T>(rows: T[], q: string, labelOf: (row: T) => string, limit: number): T[] {
  const needle = q.toLocaleLowerCase();
  const starts = (row: T) => (labelOf(row).toLocaleLowerCase().startsWith(needle) ? 0 : 1);
  return [...rows].sort((a, b) => starts(a) - starts(b) || labelOf(a).localeCompare(labelOf(b))).slice(0, limit);
}
const link = (path: string, id: string) => `/${path}/${encodeURIComponent(id)}`;

export async function searchDeals(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .select(['o.id', 'o.name', 'a.name as account_name', 's.name as stage_name'])
    .where('o.name', 'ilike', contains(q))
    .orderBy('o.id')
    .limit(sample)
    .execute();
  return rank(rows, q, (r) => r.name, limit).map((r) => ({
    id: r.id,
    kind: 'deal',
    label: r.name,
    sublabel: `${r.account_name} · ${r.stage_name}`,
    link: link('opportunities', r.id),
  }));
}

export async function searchAccounts(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('accounts')
    .select(['id', 'name', 'domain', 'status'])
    .where((eb) => eb.or([eb('name', 'ilike', contains(q)), eb('domain', 'ilike', contains(q))]))
    .orderBy('id')
    .limit(sample)
    .execute();
  return rank(rows, q, (r) => r.name, limit).map((r) => ({
    id: r.id,
    kind: 'account',
    label: r.name,
    sublabel: [r.domain, r.status].filter(Boolean).join(' · '),
    link: link('accounts', r.id),
  }));
}

/** Contacts have no page of their own: the link opens their account, where the contacts are listed. */
export async function searchContacts(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const fullName = sql<string>`c.first_name || ' ' || c.last_name`;
  const rows = await scoped(db, workspaceId)
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.account_id', 'a.name as account_name'])
    .where((eb) => eb.or([eb(fullName, 'ilike', contains(q)), eb('c.email', 'ilike', contains(q))]))
    .orderBy('c.id')
    .limit(sample)
    .execute();
  return rank(rows, q, (r) => `${r.first_name} ${r.last_name}`, limit).map((r) => ({
    id: r.id,
    kind: 'contact',
    label: `${r.first_name} ${r.last_name}`,
    sublabel: [r.email, r.account_name].filter(Boolean).join(' · '),
    link: link('accounts', r.account_id),
  }));
}

export async function searchProjects(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('projects as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.name', 'p.status', 'a.name as account_name'])
    .where('p.name', 'ilike', contains(q))
    .orderBy('p.id')
    .limit(sample)
    .execute();
  return rank(rows, q, (r) => r.name, limit).map((r) => ({
    id: r.id,
    kind: 'project',
    label: r.name,
    sublabel: `${r.account_name} · ${r.status.replace(/_/g, ' ')}`,
    link: link('projects', r.id),
  }));
}
