// The top bar's search: records whose name (or a contact's e-mail) contains the words, a few of each kind.
// Plain ILIKE, no extension (PGlite has no pg_trgm): a scan of the workspace's rows of one table, cut at `limit`;
// names starting with the words come first.
import { sql } from 'kysely';
import type { DbOrTx } from './database.ts';
import { escapeLike } from './accounts.repo.ts';
import { scoped } from './scope.ts';

export type SearchHit = { id: string; kind: 'deal' | 'account' | 'contact' | 'project'; label: string; sublabel: string; link: string };

const patterns = (q: string) => ({ contains: `%${escapeLike(q)}%`, starts: `${escapeLike(q)}%` });
const link = (path: string, id: string) => `/${path}/${encodeURIComponent(id)}`;

export async function searchDeals(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const { contains, starts } = patterns(q);
  const rows = await scoped(db, workspaceId)
    .selectFrom('opportunities as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .innerJoin('stages as s', 's.id', 'o.stage_id')
    .select(['o.id', 'o.name', 'a.name as account_name', 's.name as stage_name'])
    .where('o.name', 'ilike', contains)
    .orderBy(sql`o.name ilike ${starts}`, 'desc')
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: 'deal', label: r.name, sublabel: `${r.account_name} · ${r.stage_name}`, link: link('opportunities', r.id) }));
}

export async function searchAccounts(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const { contains, starts } = patterns(q);
  const rows = await scoped(db, workspaceId)
    .selectFrom('accounts')
    .select(['id', 'name', 'domain', 'status'])
    .where((eb) => eb.or([eb('name', 'ilike', contains), eb('domain', 'ilike', contains)]))
    .orderBy(sql`name ilike ${starts}`, 'desc')
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: 'account',
    label: r.name,
    sublabel: [r.domain, r.status].filter(Boolean).join(' · '),
    link: link('accounts', r.id),
  }));
}

/** Contacts have no page of their own: the link opens their account, where the contacts are listed. */
export async function searchContacts(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const { contains, starts } = patterns(q);
  const fullName = sql<string>`c.first_name || ' ' || c.last_name`;
  const rows = await scoped(db, workspaceId)
    .selectFrom('contacts as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.account_id', 'a.name as account_name'])
    .where((eb) => eb.or([eb(fullName, 'ilike', contains), eb('c.email', 'ilike', contains)]))
    .orderBy(sql`${fullName} ilike ${starts}`, 'desc')
    .orderBy(fullName)
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: 'contact',
    label: `${r.first_name} ${r.last_name}`,
    sublabel: [r.email, r.account_name].filter(Boolean).join(' · '),
    link: link('accounts', r.account_id),
  }));
}

export async function searchProjects(db: DbOrTx, workspaceId: string, q: string, limit: number): Promise<SearchHit[]> {
  const { contains, starts } = patterns(q);
  const rows = await scoped(db, workspaceId)
    .selectFrom('projects as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.id', 'p.name', 'p.status', 'a.name as account_name'])
    .where('p.name', 'ilike', contains)
    .orderBy(sql`p.name ilike ${starts}`, 'desc')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: 'project',
    label: r.name,
    sublabel: `${r.account_name} · ${r.status.replace(/_/g, ' ')}`,
    link: link('projects', r.id),
  }));
}
